"""Math ops of `keras.ops` (Keras's `keras/src/ops/math.py`): segment reductions,
`top_k`, `logsumexp`, `cdist`, Fourier transforms, `erf`...

Complex results are returned as Keras returns them: `(real, imag)` pairs of
real tensors, and complex inputs are taken as such pairs.
"""

import math

import torch
import torch.nn.functional as F

from kerastorch.api_export import keras_export
from kerastorch.backend.dtypes import result_type
from kerastorch.backend.dtypes import standardize_dtype
from kerastorch.backend.keras_tensor import KerasTensor
from kerastorch.ops.operation import keras_op
from kerastorch.ops.operation_utils import broadcast_shapes
from kerastorch.ops.operation_utils import reduce_shape
from kerastorch.ops.tensor_args import as_tensor

MATH = "keras.src.ops.math"


def _same_spec(x, **_):
    return KerasTensor(x.shape, dtype=x.dtype)


# --------------------------------------------------------- segment reductions
def _check_segments(data, segment_ids):
    if len(segment_ids.shape) > 1:
        raise ValueError(
            "Argument `segment_ids` should be an 1-D vector, got shape: "
            f"{len(segment_ids.shape)}. Consider either flatten input with "
            "segment_ids.reshape((-1)) and data.reshape((-1, ) + "
            "data.shape[len(segment_ids.shape):]) or vectorize with vmap."
        )
    if segment_ids.shape[0] is not None and data.shape[0] is not None \
            and segment_ids.shape[0] != data.shape[0]:
        raise ValueError(
            "Argument `segment_ids` and `data` should have same leading dimension. "
            f"Got {tuple(segment_ids.shape)} v.s. {tuple(data.shape)}."
        )


def _segment_spec(data, segment_ids, num_segments=None, sorted=False):
    _check_segments(data, segment_ids)
    return KerasTensor((num_segments,) + tuple(data.shape[1:]), dtype=data.dtype)


def _segment_reduce(data, segment_ids, num_segments, reduction):
    """`reduction` ("sum", "prod", "amax", "amin") of the rows of `data` per segment.

    Rows whose id is negative or `>= num_segments` are dropped (sent to an
    extra row that is cut off). An empty segment holds the reduction's identity
    (0, 1, the lowest or the highest value of the dtype).
    """
    data = as_tensor(data)
    segment_ids = as_tensor(segment_ids)
    _check_segments(data, segment_ids)
    if num_segments is None:
        num_segments = int(segment_ids.max()) + 1  # The output size: a host read.
    ids = segment_ids.to(device=data.device, dtype=torch.int64)
    ids = torch.where((ids >= 0) & (ids < num_segments), ids, num_segments)
    if data.dtype is torch.float64:
        compute_dtype = torch.float64
    elif data.dtype.is_floating_point or data.dtype is torch.bool:
        compute_dtype = torch.float32
    else:  # Integers add exactly in int64.
        compute_dtype = torch.int64
    if reduction in ("sum", "prod"):
        identity = 0 if reduction == "sum" else 1
    elif compute_dtype.is_floating_point:
        identity = -math.inf if reduction == "amax" else math.inf
    else:
        info = torch.iinfo(data.dtype)
        identity = info.min if reduction == "amax" else info.max
    rows = data.reshape(data.shape[0], -1).to(compute_dtype)
    output = torch.full((num_segments + 1, rows.shape[1]), identity, dtype=compute_dtype,
                        device=data.device)
    output.scatter_reduce_(0, ids[:, None].expand_as(rows), rows, reduction)
    return output[:-1].reshape((num_segments,) + tuple(data.shape[1:])).to(data.dtype)


@keras_export("keras.ops.segment_sum")
@keras_op(MATH, static=("num_segments", "sorted"), spec=_segment_spec)
def segment_sum(data, segment_ids, num_segments=None, sorted=False):  # noqa: A002
    """Sums the rows of `data` that share a segment id.

    Args:
        data: Input tensor; axis 0 is segmented.
        segment_ids: 1-D integer tensor, one id per row of `data`. Rows with an
            id outside `[0, num_segments)` are dropped.
        num_segments: Number of segments (default: the largest id + 1, read on
            the host).
        sorted: Whether `segment_ids` is sorted (accepted, not needed).

    Returns:
        `(num_segments,) + data.shape[1:]` sums, of the dtype of `data`.

    Example:

    >>> kerastorch.ops.segment_sum(torch.tensor([1, 2, 10, 20]), torch.tensor([0, 0, 1, 1]))
    tensor([ 3, 30])
    """
    return _segment_reduce(data, segment_ids, num_segments, "sum")


@keras_export("keras.ops.segment_max")
@keras_op(MATH, static=("num_segments", "sorted"), spec=_segment_spec)
def segment_max(data, segment_ids, num_segments=None, sorted=False):  # noqa: A002
    """The maximum of the rows of `data` that share a segment id.

    Args:
        data: Input tensor; axis 0 is segmented.
        segment_ids: 1-D integer tensor, one id per row of `data`.
        num_segments: Number of segments (default: the largest id + 1).
        sorted: Whether `segment_ids` is sorted (accepted, not needed).

    Returns:
        `(num_segments,) + data.shape[1:]` maxima (`-inf` for an empty segment).

    Example:

    >>> kerastorch.ops.segment_max(torch.tensor([1, 2, 10, 20]), torch.tensor([0, 0, 1, 1]))
    tensor([ 2, 20])
    """
    return _segment_reduce(data, segment_ids, num_segments, "amax")


@keras_export("keras.ops.segment_min")
@keras_op(MATH, static=("num_segments", "sorted"), spec=_segment_spec)
def segment_min(data, segment_ids, num_segments=None, sorted=False):  # noqa: A002
    """The minimum of the rows of `data` that share a segment id.

    Args:
        data: Input tensor; axis 0 is segmented.
        segment_ids: 1-D integer tensor, one id per row of `data`.
        num_segments: Number of segments (default: the largest id + 1).
        sorted: Whether `segment_ids` is sorted (accepted, not needed).

    Returns:
        `(num_segments,) + data.shape[1:]` minima (`inf` for an empty segment).

    Example:

    >>> kerastorch.ops.segment_min(torch.tensor([1, 2, 10, 20]), torch.tensor([0, 0, 1, 1]))
    tensor([ 1, 10])
    """
    return _segment_reduce(data, segment_ids, num_segments, "amin")


@keras_export("keras.ops.segment_prod")
@keras_op(MATH, static=("num_segments", "sorted"), spec=_segment_spec)
def segment_prod(data, segment_ids, num_segments=None, sorted=False):  # noqa: A002
    """The product of the rows of `data` that share a segment id.

    Args:
        data: Input tensor; axis 0 is segmented.
        segment_ids: 1-D integer tensor, one id per row of `data`.
        num_segments: Number of segments (default: the largest id + 1).
        sorted: Whether `segment_ids` is sorted (accepted, not needed).

    Returns:
        `(num_segments,) + data.shape[1:]` products (1 for an empty segment).

    Example:

    >>> kerastorch.ops.segment_prod(torch.tensor([1, 2, 10, 20]), torch.tensor([0, 0, 1, 1]))
    tensor([  2, 200])
    """
    return _segment_reduce(data, segment_ids, num_segments, "prod")


# ------------------------------------------------------------ top k, logsumexp
def _top_k_spec(x, k, sorted=True):
    output_shape = tuple(x.shape[:-1]) + (k,)
    return KerasTensor(output_shape, dtype=x.dtype), KerasTensor(output_shape, dtype="int32")


@keras_export("keras.ops.top_k")
@keras_op(MATH, static=("k", "sorted"), spec=_top_k_spec)
def top_k(x, k, sorted=True):  # noqa: A002 - Keras's name
    """The `k` largest entries along the last axis, and their indices.

    Args:
        x: Input tensor.
        k: Number of entries to keep.
        sorted: Whether the entries come in descending order.

    Returns:
        `(values, indices)` (torch's named tuple; the indices are int64 eagerly,
        as on Keras's torch backend).

    Example:

    >>> kerastorch.ops.top_k(torch.tensor([5, 2, 7, 1, 9]), k=2)
    torch.return_types.topk(
    values=tensor([9, 7]),
    indices=tensor([4, 2]))
    """
    return torch.topk(as_tensor(x), k, sorted=sorted)


@keras_export("keras.ops.in_top_k")
@keras_op(MATH, static=("k",), spec=lambda targets, predictions, k: KerasTensor(
    targets.shape, dtype="bool"))
def in_top_k(targets, predictions, k):
    """Whether each target class is among the `k` highest predictions (ties count).

    Args:
        targets: `(batch,)` integer class ids.
        predictions: `(batch, classes)` scores.
        k: Number of top predictions to consider.

    Returns:
        `(batch,)` booleans.

    Example:

    >>> kerastorch.ops.in_top_k(torch.tensor([2, 0]),
    ...                         torch.tensor([[0.1, 0.2, 0.7], [0.1, 0.6, 0.3]]), k=2)
    tensor([ True, False])
    """
    predictions = as_tensor(predictions)
    targets = as_tensor(targets).to(device=predictions.device, dtype=torch.int64)
    target_scores = torch.take_along_dim(predictions, targets[:, None], dim=-1)
    return torch.any(target_scores >= torch.topk(predictions, k).values, dim=-1)


def _logsumexp_spec(x, axis=None, keepdims=False):
    return KerasTensor(reduce_shape(x.shape, axis, keepdims))  # floatx, as Keras's spec


@keras_export("keras.ops.logsumexp")
@keras_op(MATH, static=("axis", "keepdims"), spec=_logsumexp_spec)
def logsumexp(x, axis=None, keepdims=False):
    """`log(sum(exp(x)))` over `axis`, computed stably (`torch.logsumexp`).

    Args:
        x: Input tensor.
        axis: Int, tuple of ints, or `None` (all axes).
        keepdims: Whether reduced axes are kept with size 1.

    Returns:
        The reduced tensor.

    Example:

    >>> kerastorch.ops.logsumexp(torch.tensor([1.0, 2.0, 3.0]))
    tensor(3.4076)
    """
    x = as_tensor(x)
    dim = tuple(range(x.ndim)) if axis is None else axis
    return torch.logsumexp(x, dim=dim, keepdim=keepdims)


def _cdist_spec(x, y):
    if x.ndim < 2 or y.ndim < 2:
        raise ValueError(
            "Inputs to `cdist` must have rank >= 2. Received shapes: "
            f"x.shape={x.shape}, y.shape={y.shape}")
    if x.shape[-1] is not None and y.shape[-1] is not None and x.shape[-1] != y.shape[-1]:
        raise ValueError(
            "The last dimension of inputs to `cdist` must match. Received shapes: "
            f"x.shape={x.shape}, y.shape={y.shape}")
    try:
        batch_shape = broadcast_shapes(x.shape[:-2], y.shape[:-2])
    except ValueError:
        raise ValueError(
            "Batch dimensions of inputs to `cdist` must be broadcastable. Received "
            f"shapes: x.shape={x.shape}, y.shape={y.shape}") from None
    return KerasTensor(tuple(batch_shape) + (x.shape[-2], y.shape[-2]),
                       dtype=result_type(x.dtype, y.dtype, float))


@keras_export("keras.ops.cdist")
@keras_op(MATH, class_name="CDist", spec=_cdist_spec)
def cdist(x, y):
    """Euclidean distances between the rows of `x` and those of `y`.

    Args:
        x: `(..., m, d)` tensor.
        y: `(..., n, d)` tensor (batch axes broadcast with those of `x`).

    Returns:
        `(..., m, n)` distances.

    Example:

    >>> kerastorch.ops.cdist(torch.tensor([[0.0, 0.0], [1.0, 1.0]]),
    ...                      torch.tensor([[1.0, 0.0]]))
    tensor([[1.],
            [1.]])
    """
    x = as_tensor(x)
    y = as_tensor(y)
    if x.ndim < 2 or y.ndim < 2:
        raise ValueError("`cdist` inputs must have rank >= 2")
    if x.shape[-1] != y.shape[-1]:
        raise ValueError("Last dimension of inputs to `cdist` must match")
    dtype = torch.promote_types(x.dtype, y.dtype)
    if not dtype.is_floating_point:
        dtype = torch.float32  # As torch's `sqrt` of an integer tensor.
    batch_shape = torch.broadcast_shapes(x.shape[:-2], y.shape[:-2])
    x = x.to(dtype).expand(batch_shape + x.shape[-2:])
    y = y.to(dtype).expand(batch_shape + y.shape[-2:])
    # The direct difference formula, as Keras (the matmul one loses precision).
    return torch.cdist(x, y, compute_mode="donot_use_mm_for_euclid_dist")


def _extract_sequences_spec(x, sequence_length, sequence_stride):
    if len(x.shape) < 1:
        raise ValueError(f"Input should have rank >= 1. Received: input.shape = {x.shape}")
    size = x.shape[-1]
    count = None if size is None else 1 + (size - sequence_length) // sequence_stride
    return KerasTensor(x.shape[:-1] + (count, sequence_length), dtype=x.dtype)


@keras_export("keras.ops.extract_sequences")
@keras_op(MATH, static=("sequence_length", "sequence_stride"), spec=_extract_sequences_spec)
def extract_sequences(x, sequence_length, sequence_stride):
    """Windows of `sequence_length` taken every `sequence_stride` along the last axis.

    Args:
        x: Input tensor.
        sequence_length: Window size.
        sequence_stride: Hop between window starts.

    Returns:
        `x.shape[:-1] + (num_sequences, sequence_length)`, with
        `num_sequences = 1 + (x.shape[-1] - sequence_length) // sequence_stride`
        (a view of `x`).

    Example:

    >>> kerastorch.ops.extract_sequences(torch.tensor([1, 2, 3, 4, 5, 6]), 3, 2)
    tensor([[1, 2, 3],
            [3, 4, 5]])
    """
    return as_tensor(x).unfold(-1, sequence_length, sequence_stride)


# ------------------------------------------------------------------- Fourier
def _complex_from_pair(x):
    """`real + i * imag` from Keras's `(real, imag)` pair, checked as Keras checks it."""
    if not isinstance(x, (tuple, list)) or len(x) != 2:
        raise ValueError(
            "Input `x` should be a tuple of two tensors - real and imaginary."
            f"Received: x={x}")
    real, imag = as_tensor(x[0]), as_tensor(x[1])
    if real.shape != imag.shape:
        raise ValueError(
            "Input `x` should be a tuple of two tensors - real and imaginary.Both the "
            "real and imaginary parts should have the same shape. Received: x[0].shape = "
            f"{real.shape}, x[1].shape = {imag.shape}")
    if not real.is_floating_point() or not imag.is_floating_point():
        raise ValueError(
            f"At least one tensor in input `x` is not of type float.Received: x={x}.")
    return torch.complex(real, imag)


def _pair_spec(x, rank):
    """Checks a symbolic `(real, imag)` pair whose last `rank` axes are transformed."""
    if not isinstance(x, (tuple, list)) or len(x) != 2:
        raise ValueError(
            "Input `x` should be a tuple of two tensors - real and imaginary. "
            f"Received: x={x}")
    real, imag = x
    if real.shape != imag.shape:
        raise ValueError(
            "Input `x` should be a tuple of two tensors - real and imaginary. Both the "
            "real and imaginary parts should have the same shape. Received: x[0].shape = "
            f"{real.shape}, x[1].shape = {imag.shape}")
    if len(real.shape) < rank:
        raise ValueError(
            f"Input should have rank >= {rank}. Received: input.shape = {real.shape}")
    return real, imag


def _fft_spec(x, rank):
    real, imag = _pair_spec(x, rank)
    if None in real.shape[-rank:]:
        fixed = "its last dimension" if rank == 1 else "its (-2, -1) axes"
        raise ValueError(
            f"Input should have {fixed} fully-defined. Received: input.shape = {real.shape}")
    return KerasTensor(real.shape, dtype=real.dtype), KerasTensor(imag.shape, dtype=imag.dtype)


def _split(z):
    return z.real, z.imag


@keras_export("keras.ops.fft")
@keras_op(MATH, class_name="FFT", spec=lambda x: _fft_spec(x, 1))
def fft(x):
    """The discrete Fourier transform over the last axis.

    Args:
        x: `(real, imag)` pair of float tensors.

    Returns:
        `(real, imag)` of the transform.

    Example:

    >>> kerastorch.ops.fft((torch.tensor([1.0, 2.0]), torch.tensor([0.0, 1.0])))
    (tensor([ 3., -1.]), tensor([ 1., -1.]))
    """
    return _split(torch.fft.fft(_complex_from_pair(x)))


@keras_export("keras.ops.fft2")
@keras_op(MATH, class_name="FFT2", spec=lambda x: _fft_spec(x, 2))
def fft2(x):
    """The 2-D discrete Fourier transform over the last two axes.

    Args:
        x: `(real, imag)` pair of float tensors of rank >= 2.

    Returns:
        `(real, imag)` of the transform.

    Example:

    >>> real, imag = kerastorch.ops.fft2((torch.eye(2), torch.zeros(2, 2)))
    >>> real
    tensor([[2., 0.],
            [0., 2.]])
    """
    return _split(torch.fft.fft2(_complex_from_pair(x)))


@keras_export("keras.ops.ifft2")
@keras_op(MATH, class_name="IFFT2", spec=lambda x: _fft_spec(x, 2))
def ifft2(x):
    """The inverse 2-D discrete Fourier transform over the last two axes.

    Args:
        x: `(real, imag)` pair of float tensors of rank >= 2.

    Returns:
        `(real, imag)` of the inverse transform.

    Example:

    >>> real, imag = kerastorch.ops.ifft2((torch.ones(2, 2), torch.zeros(2, 2)))
    >>> real
    tensor([[1., 0.],
            [0., 0.]])
    """
    return _split(torch.fft.ifft2(_complex_from_pair(x)))


def _rfft_spec(x, fft_length=None):
    if len(x.shape) < 1:
        raise ValueError(f"Input should have rank >= 1. Received: input.shape = {x.shape}")
    if fft_length is not None:
        size = fft_length // 2 + 1
    else:
        size = None if x.shape[-1] is None else x.shape[-1] // 2 + 1
    output_shape = x.shape[:-1] + (size,)
    return KerasTensor(output_shape, dtype=x.dtype), KerasTensor(output_shape, dtype=x.dtype)


@keras_export("keras.ops.rfft")
@keras_op(MATH, class_name="RFFT", static=("fft_length",), spec=_rfft_spec)
def rfft(x, fft_length=None):
    """The Fourier transform of a real signal over its last axis (the unique half).

    Args:
        x: Real input tensor.
        fft_length: Transform length (the signal is cropped or zero-padded to
            it); default: the size of the last axis.

    Returns:
        `(real, imag)` of the `fft_length // 2 + 1` unique frequencies.

    Example:

    >>> real, imag = kerastorch.ops.rfft(torch.tensor([0.0, 1.0, 2.0, 3.0, 4.0]))
    >>> real
    tensor([10.0000, -2.5000, -2.5000])
    """
    return _split(torch.fft.rfft(as_tensor(x), n=fft_length, dim=-1, norm="backward"))


def _irfft_spec(x, fft_length=None):
    real, _ = _pair_spec(x, 1)
    if fft_length is not None:
        size = fft_length
    else:
        size = None if real.shape[-1] is None else 2 * (real.shape[-1] - 1)
    return KerasTensor(real.shape[:-1] + (size,), dtype=real.dtype)


@keras_export("keras.ops.irfft")
@keras_op(MATH, class_name="IRFFT", static=("fft_length",), spec=_irfft_spec)
def irfft(x, fft_length=None):
    """The inverse of `rfft`: a real signal from its unique half spectrum.

    Args:
        x: `(real, imag)` pair of the half spectrum.
        fft_length: Output length; default `2 * (x[0].shape[-1] - 1)` (pass it
            for an odd length).

    Returns:
        The real signal.

    Example:

    >>> kerastorch.ops.irfft(kerastorch.ops.rfft(torch.arange(5.0)), 5)
    tensor([0., 1., 2., 3., 4.])
    """
    return torch.fft.irfft(_complex_from_pair(x), n=fft_length, dim=-1, norm="backward")


def _check_stride(sequence_stride):
    if not isinstance(sequence_stride, int) or sequence_stride <= 0:
        raise ValueError(
            "`sequence_stride` must be a positive integer. Received: "
            f"sequence_stride={sequence_stride}")


def _window(window, sequence_length, dtype, device):
    """The analysis window: `"hann"` / `"hamming"` (periodic), an array, or `None`."""
    if window is None:
        return None
    if isinstance(window, str):
        make = torch.hann_window if window == "hann" else torch.hamming_window
        return make(sequence_length, periodic=True, dtype=dtype, device=device)
    window = as_tensor(window, dtype=dtype).to(device)
    if window.ndim != 1 or window.shape[-1] != sequence_length:
        raise ValueError(
            "The shape of `window` must be equal to [sequence_length].Received: "
            f"window shape={window.shape}")
    return window


def _stft_spec(x, sequence_length, sequence_stride, fft_length, window="hann", center=True):
    _check_stride(sequence_stride)
    if x.shape[-1] is not None:
        padded = fft_length // 2 * 2 if center else 0
        count = 1 + (x.shape[-1] + padded - fft_length) // sequence_stride
    else:
        count = None
    output_shape = x.shape[:-1] + (count, fft_length // 2 + 1)
    return KerasTensor(output_shape, dtype=x.dtype), KerasTensor(output_shape, dtype=x.dtype)


@keras_export("keras.ops.stft")
@keras_op(MATH, class_name="STFT",
          static=("sequence_length", "sequence_stride", "fft_length", "window", "center"),
          spec=_stft_spec)
def stft(x, sequence_length, sequence_stride, fft_length, window="hann", center=True):
    """Short-time Fourier transform of the last axis (`torch.stft`).

    Args:
        x: float32 / float64 signal(s), `(..., samples)`.
        sequence_length: Window length.
        sequence_stride: Hop between windows.
        fft_length: FFT size (>= `sequence_length`; the window is centred in it).
        window: `"hann"`, `"hamming"` (periodic), a `(sequence_length,)` tensor,
            or `None` (rectangular).
        center: Whether the signal is reflect-padded by `fft_length // 2` on
            both sides so that frame `t` is centred at `t * sequence_stride`.

    Returns:
        `(real, imag)`, each `(..., num_sequences, fft_length // 2 + 1)`.

    Example:

    >>> real, imag = kerastorch.ops.stft(torch.arange(5.0), 3, 2, 3)
    >>> real.shape
    torch.Size([3, 2])
    """
    _check_stride(sequence_stride)
    if standardize_dtype(x.dtype) not in ("float32", "float64"):
        raise TypeError(
            "Invalid input type. Expected `float32` or `float64`. Received: input "
            f"type={x.dtype}")
    if fft_length < sequence_length:
        raise ValueError(
            "`fft_length` must equal or larger than `sequence_length`. Received: "
            f"sequence_length={sequence_length}, fft_length={fft_length}")
    if isinstance(window, str) and window not in ("hann", "hamming"):
        raise ValueError(
            "If a string is passed to `window`, it must be one of `\"hann\"`, "
            f"`\"hamming\"`. Received: window={window}")
    x = as_tensor(x)
    win = _window(window, sequence_length, x.dtype, x.device)
    if win is None:
        win = torch.ones(sequence_length, dtype=x.dtype, device=x.device)
    batch_shape = x.shape[:-1]
    spectrum = torch.stft(x.reshape(-1, x.shape[-1]) if x.ndim > 2 else x, n_fft=fft_length,
                          hop_length=sequence_stride, win_length=sequence_length,
                          window=win, center=center, return_complex=True)
    spectrum = spectrum.reshape(batch_shape + spectrum.shape[-2:]).transpose(-2, -1)
    return _split(spectrum)


def _overlap_add(frames, sequence_stride):
    """Sums frames `(..., num_sequences, length)` placed every `sequence_stride` samples."""
    *batch_shape, count, length = frames.shape
    if sequence_stride > length:
        raise ValueError(
            "`sequence_stride` must equal or less than x.shape[-1]. Received: "
            f"sequence_stride={sequence_stride}, x.shape[-1]={length}")
    if sequence_stride < length / count:
        raise ValueError(
            "`sequence_stride` must equal or greater than x.shape[-1] / x.shape[-2]. "
            f"Received: sequence_stride={sequence_stride}, x.shape[-1]={length}, "
            f"x.shape[-2]={count}")
    output_size = sequence_stride * (count - 1) + length
    columns = frames.reshape(-1, count, length).transpose(1, 2)
    summed = F.fold(columns, output_size=(1, output_size), kernel_size=(1, length),
                    stride=(1, sequence_stride))
    return summed.reshape(tuple(batch_shape) + (output_size,))


def _istft_spec(x, sequence_length, sequence_stride, fft_length, length=None, window="hann",
                center=True):
    _check_stride(sequence_stride)
    real, _ = _pair_spec(x, 2)
    if length is not None:
        size = length
    elif real.shape[-2] is not None:
        size = (real.shape[-2] - 1) * sequence_stride + fft_length
        if center:
            size -= fft_length // 2 * 2
    else:
        size = None
    return KerasTensor(real.shape[:-2] + (size,), dtype=real.dtype)


@keras_export("keras.ops.istft")
@keras_op(MATH, class_name="ISTFT",
          static=("sequence_length", "sequence_stride", "fft_length", "length", "window",
                  "center"),
          spec=_istft_spec)
def istft(x, sequence_length, sequence_stride, fft_length, length=None, window="hann",
          center=True):
    """Inverse short-time Fourier transform: the signal back from `stft`'s output.

    With `sequence_length == fft_length`, `center=True` and a window this is
    `torch.istft`; otherwise frames are inverse-transformed, windowed by the
    window divided by its overlapping squared sum, and overlap-added (as
    Keras and `tf.signal.inverse_stft` do).

    Args:
        x: `(real, imag)` pair, each `(..., num_sequences, fft_length // 2 + 1)`.
        sequence_length: Window length used by `stft`.
        sequence_stride: Hop used by `stft`.
        fft_length: FFT size used by `stft`.
        length: Optional output length (the signal is cut to it).
        window: The `stft` window (`"hann"`, `"hamming"`, a tensor or `None`).
        center: Whether `stft` centred the frames.

    Returns:
        The signal, `(..., samples)`.

    Example:

    >>> x = torch.arange(8.0)
    >>> kerastorch.ops.istft(kerastorch.ops.stft(x, 4, 2, 4), 4, 2, 4, length=8)
    tensor([0., 1., 2., 3., 4., 5., 6., 7.])
    """
    _check_stride(sequence_stride)
    spectrum = _complex_from_pair(x)
    win = _window(window, sequence_length, spectrum.real.dtype, spectrum.device)
    if sequence_length == fft_length and center and win is not None:
        batch_shape = spectrum.shape[:-2]
        frames = spectrum.reshape((-1,) + spectrum.shape[-2:]) if spectrum.ndim > 3 \
            else spectrum
        signal = torch.istft(frames.transpose(-2, -1), n_fft=fft_length,
                             hop_length=sequence_stride, win_length=sequence_length,
                             window=win, center=center, length=length, return_complex=False)
        return signal.reshape(batch_shape + signal.shape[-1:])
    frames = torch.fft.irfft(spectrum, n=fft_length, dim=-1, norm="backward")
    expected_size = fft_length + sequence_stride * (frames.shape[-2] - 1)
    if win is not None:
        left = (fft_length - sequence_length) // 2
        win = F.pad(win, (left, fft_length - sequence_length - left))
        overlaps = -(-fft_length // sequence_stride)
        squares = F.pad(torch.square(win), (0, overlaps * sequence_stride - fft_length))
        denominator = squares.reshape(overlaps, sequence_stride).sum(0).repeat(overlaps)
        frames = frames * (win / denominator[:fft_length])
    signal = _overlap_add(frames, sequence_stride)
    start = fft_length // 2 if center else 0
    if length is not None:
        end = start + length
    elif center:
        end = -(fft_length // 2)
    else:
        end = expected_size
    return signal[..., start:end]


# ---------------------------------------------------------------- elementwise
@keras_export("keras.ops.rsqrt")
@keras_op(MATH, spec=_same_spec)
def rsqrt(x):
    """`1 / sqrt(x)` element-wise.

    Args:
        x: Input tensor.

    Returns:
        The reciprocal square roots (float32 for integer input).

    Example:

    >>> kerastorch.ops.rsqrt(torch.tensor([1.0, 4.0, 100.0]))
    tensor([1.0000, 0.5000, 0.1000])
    """
    return torch.rsqrt(as_tensor(x))


@keras_export("keras.ops.erf")
@keras_op(MATH, spec=_same_spec)
def erf(x):
    """The Gauss error function, element-wise.

    Args:
        x: Input tensor.

    Returns:
        `erf(x)`.

    Example:

    >>> kerastorch.ops.erf(torch.tensor([0.0, 1.0]))
    tensor([0.0000, 0.8427])
    """
    return torch.erf(as_tensor(x))


@keras_export("keras.ops.erfc")
@keras_op(MATH, spec=lambda x: KerasTensor(x.shape, dtype=result_type(x.dtype, float)))
def erfc(x):
    """The complementary error function `1 - erf(x)`, element-wise (accurate for large `x`).

    Args:
        x: Input tensor.

    Returns:
        `erfc(x)`.

    Example:

    >>> kerastorch.ops.erfc(torch.tensor([0.0, 1.0]))
    tensor([1.0000, 0.1573])
    """
    return torch.erfc(as_tensor(x))


@keras_export("keras.ops.erfinv")
@keras_op(MATH, spec=_same_spec)
def erfinv(x):
    """The inverse error function, element-wise (defined on `(-1, 1)`).

    Args:
        x: Input tensor.

    Returns:
        `erfinv(x)`.

    Example:

    >>> kerastorch.ops.erfinv(torch.tensor([0.0, 0.5]))
    tensor([0.0000, 0.4769])
    """
    return torch.erfinv(as_tensor(x))


@keras_export("keras.ops.logdet")
@keras_op(MATH, spec=lambda x: KerasTensor(x.shape[:-2], dtype=x.dtype))
def logdet(x):
    """The natural log of the determinant of (a batch of) square matrices.

    Args:
        x: `(..., n, n)` tensor.

    Returns:
        `(...)` log-determinants (`nan` for a negative determinant).

    Example:

    >>> kerastorch.ops.logdet(torch.eye(3) * 2)
    tensor(2.0794)
    """
    return torch.logdet(as_tensor(x))


@keras_export("keras.ops.view_as_complex")
@keras_op(MATH, spec=lambda x: KerasTensor(x.shape[:-1], dtype="complex64"))
def view_as_complex(x):
    """A complex64 tensor from a real one whose last axis holds `(real, imag)`.

    Args:
        x: Real tensor with a last axis of size 2.

    Returns:
        A complex64 tensor of shape `x.shape[:-1]`.

    Example:

    >>> kerastorch.ops.view_as_complex(torch.tensor([[1.0, 2.0], [3.0, 4.0]]))
    tensor([1.+2.j, 3.+4.j])
    """
    x = as_tensor(x)
    if x.ndim < 1 or x.shape[-1] != 2:
        raise ValueError(
            "Last dimension of input must be size 2 (real and imaginary). Received "
            f"shape: {x.shape}")
    return torch.view_as_complex(x.to(torch.float32).contiguous())


@keras_export("keras.ops.view_as_real")
@keras_op(MATH, spec=lambda x: KerasTensor(x.shape + (2,), dtype="float32"))
def view_as_real(x):
    """A real tensor whose new last axis holds the `(real, imag)` parts of `x`.

    Args:
        x: A complex tensor.

    Returns:
        A real tensor of shape `x.shape + (2,)`.

    Example:

    >>> kerastorch.ops.view_as_real(torch.tensor([1 + 2j, 3 + 4j]))
    tensor([[1., 2.],
            [3., 4.]])
    """
    return torch.view_as_real(as_tensor(x).resolve_conj())

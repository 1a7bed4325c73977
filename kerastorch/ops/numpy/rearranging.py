"""Rearranging elements, `keras.ops`: `flip`, `fliplr`, `flipud`, `rot90`, `roll`,
`tile`, `repeat`, `pad`."""

import math

import torch
import torch.nn.functional as F

from kerastorch.api_export import keras_export
from kerastorch.backend.keras_tensor import KerasTensor
from kerastorch.ops.operation import keras_op
from kerastorch.ops.tensor_args import as_tensor

NUMPY = "keras.src.ops.numpy"


@keras_export("keras.ops.flip", "keras.ops.numpy.flip")
@keras_op(NUMPY, static=("axis",))
def flip(x, axis=None):
    """Reverses the order of elements along the given axes.

    Args:
        x: Input tensor.
        axis: Int, tuple of ints, or `None` (all axes).

    Returns:
        The flipped tensor.

    Example:

    >>> kerastorch.ops.flip(torch.tensor([1, 2, 3]))
    tensor([3, 2, 1])
    """
    x = as_tensor(x)
    if axis is None:
        axis = tuple(range(x.ndim))
    return torch.flip(x, dims=(axis,) if isinstance(axis, int) else tuple(axis))


@keras_export("keras.ops.fliplr", "keras.ops.numpy.fliplr")
@keras_op(NUMPY)
def fliplr(x):
    """Reverses the order of elements along axis 1 (left/right).

    Args:
        x: Input tensor, at least 2-D.

    Returns:
        The flipped tensor.

    Example:

    >>> kerastorch.ops.fliplr(torch.tensor([[1, 2]]))
    tensor([[2, 1]])
    """
    return torch.fliplr(as_tensor(x))


@keras_export("keras.ops.flipud", "keras.ops.numpy.flipud")
@keras_op(NUMPY)
def flipud(x):
    """Reverses the order of elements along axis 0 (up/down).

    Args:
        x: Input tensor, at least 1-D.

    Returns:
        The flipped tensor.

    Example:

    >>> kerastorch.ops.flipud(torch.tensor([[1], [2]]))
    tensor([[2],
            [1]])
    """
    return torch.flipud(as_tensor(x))


@keras_export("keras.ops.rot90", "keras.ops.numpy.rot90")
@keras_op(NUMPY, static=("k", "axes"))
def rot90(array, k=1, axes=(0, 1)):
    """Rotates a tensor by 90 degrees `k` times in the plane of `axes`.

    Args:
        array: Input tensor, at least 2-D.
        k: Number of rotations (counterclockwise, from the first axis towards
            the second).
        axes: The two axes of the plane.

    Returns:
        The rotated tensor.

    Example:

    >>> kerastorch.ops.rot90(torch.tensor([[1, 2], [3, 4]]))
    tensor([[2, 4],
            [1, 3]])
    """
    array = as_tensor(array)
    if array.ndim < 2:
        raise ValueError(
            f"Input array must have at least 2 dimensions. Received: array.ndim={array.ndim}")
    if len(axes) != 2 or axes[0] == axes[1]:
        raise ValueError(
            f"Invalid axes: {axes}. Axes must be a tuple of two different dimensions.")
    axes = tuple(a + array.ndim if a < 0 else a for a in axes)
    if not all(0 <= a < array.ndim for a in axes):
        raise ValueError(f"Invalid axes {axes} for tensor with {array.ndim} dimensions")
    return torch.rot90(array, k=k, dims=axes)


@keras_export("keras.ops.roll", "keras.ops.numpy.roll")
@keras_op(NUMPY, static=("shift", "axis"))
def roll(x, shift, axis=None):
    """Rolls elements along axes (those pushed off one end come back at the other).

    Args:
        x: Input tensor.
        shift: Int or tuple of ints: the number of places to shift.
        axis: Int or tuple of ints (default: roll the flattened tensor).

    Returns:
        The rolled tensor.

    Example:

    >>> kerastorch.ops.roll(torch.tensor([1, 2, 3]), 1)
    tensor([3, 1, 2])
    """
    return torch.roll(as_tensor(x), shift, dims=axis)


@keras_export("keras.ops.tile", "keras.ops.numpy.tile")
@keras_op(NUMPY, static=("repeats",))
def tile(x, repeats):
    """Repeats a whole tensor along each axis.

    Args:
        x: Input tensor.
        repeats: Int or sequence of ints: repetitions per axis (aligned on the
            last axes).

    Returns:
        The tiled tensor.

    Example:

    >>> kerastorch.ops.tile(torch.tensor([1, 2]), 2)
    tensor([1, 2, 1, 2])
    """
    if isinstance(repeats, torch.Tensor):
        repeats = tuple(repeats.tolist())
    elif isinstance(repeats, int):
        repeats = (repeats,)
    return torch.tile(as_tensor(x), dims=tuple(repeats))


def _repeat_spec(x, repeats, axis=None):
    shape = list(x.shape)
    repeats = [repeats] if isinstance(repeats, int) else list(repeats)
    if axis is None:
        if None in shape:
            return KerasTensor((None,), dtype=x.dtype)
        size = math.prod(shape)
        if len(repeats) == 1:
            return KerasTensor((size * repeats[0],), dtype=x.dtype)
        if len(repeats) != size:
            raise ValueError(
                "Size of `repeats` and dimensions of `x` after flattening should be "
                f"compatible. Received: {len(repeats)} and {size}"
            )
        return KerasTensor((sum(repeats),), dtype=x.dtype)
    if shape[axis] is not None:
        if len(repeats) == 1:
            shape[axis] *= repeats[0]
        elif len(repeats) != shape[axis]:
            raise ValueError(
                f"Size of `repeats` and dimensions of `axis {axis} of x` should be "
                f"compatible. Received: {len(repeats)} and {shape}"
            )
        else:
            shape[axis] = sum(repeats)
    return KerasTensor(shape, dtype=x.dtype)


@keras_export("keras.ops.repeat", "keras.ops.numpy.repeat")
@keras_op(NUMPY, static=("repeats", "axis"), spec=_repeat_spec)
def repeat(x, repeats, axis=None):
    """Repeats each element of a tensor.

    Args:
        x: Input tensor.
        repeats: Int, or a sequence (or 1-D tensor) of per-element repetitions.
        axis: The axis to repeat along (default: the flattened tensor).

    Returns:
        The repeated tensor.

    Example:

    >>> kerastorch.ops.repeat(torch.tensor([1, 2]), 2)
    tensor([1, 1, 2, 2])
    """
    x = as_tensor(x)
    if isinstance(repeats, int):
        return torch.repeat_interleave(x, repeats, dim=axis)
    return torch.repeat_interleave(x, as_tensor(repeats, dtype="int64"), dim=axis)


_PAD_MODES = ("constant", "edge", "reflect", "symmetric", "wrap")


def _pad_widths(pad_width, shape):
    """`pad_width` as one `(before, after)` pair per axis, as NumPy broadcasts it."""
    if isinstance(pad_width, int):
        pairs = [(pad_width, pad_width)]
    elif isinstance(pad_width[0], int):
        pairs = [tuple(pad_width)]
    else:
        pairs = [(p[0], p[0]) if len(p) == 1 else tuple(p) for p in pad_width]
    if len(pairs) == 1:
        return pairs * len(shape)
    if len(pairs) != len(shape):
        raise ValueError(
            f"`pad_width` must have the same length as `x.shape`. Received: "
            f"pad_width={pad_width} (of length {len(pairs)}) and x.shape={tuple(shape)} "
            f"(of length {len(shape)})"
        )
    return pairs


def _source_index(size, before, after, mode, device):
    """For each output position along an axis, the input position it copies."""
    position = torch.arange(-before, size + after, device=device)
    if mode == "edge":
        return position.clamp(0, size - 1)
    if mode == "wrap":
        return position.remainder(size)
    period = 2 * size if mode == "symmetric" else max(2 * size - 2, 1)
    position = position.remainder(period)
    return torch.where(position < size, position,
                       period - position - (1 if mode == "symmetric" else 0))


def _pad_spec(x, pad_width, mode="constant", constant_values=None):
    pairs = _pad_widths(pad_width, x.shape)
    shape = [None if d is None else d + a + b for d, (a, b) in zip(x.shape, pairs)]
    return KerasTensor(shape, dtype=x.dtype)


@keras_export("keras.ops.pad", "keras.ops.numpy.pad")
@keras_op(NUMPY, static=("pad_width", "mode"), spec=_pad_spec)
def pad(x, pad_width, mode="constant", constant_values=None):
    """Pads a tensor.

    Args:
        x: Input tensor.
        pad_width: `((before_1, after_1), ...)` per axis; a single pair (or
            int) applies to every axis.
        mode: `"constant"`, `"edge"`, `"reflect"`, `"symmetric"` or `"wrap"`
            (NumPy's meanings).
        constant_values: The fill value for `"constant"` (default 0).

    Returns:
        The padded tensor.

    Example:

    >>> kerastorch.ops.pad(torch.tensor([1, 2]), (1, 2), mode="symmetric")
    tensor([1, 1, 2, 2, 1])
    """
    if constant_values is not None and mode != "constant":
        raise ValueError(
            "Argument `constant_values` can only be provided when `mode == 'constant'`. "
            f"Received: mode={mode}"
        )
    if mode not in _PAD_MODES:
        raise ValueError(f"`mode` must be one of {_PAD_MODES}. Received: mode={mode}")
    x = as_tensor(x)
    pairs = _pad_widths(pad_width, x.shape)
    if mode == "constant":
        flat = [width for pair in reversed(pairs) for width in pair]
        return F.pad(x, flat, value=0 if constant_values is None else constant_values)
    for axis, (before, after) in enumerate(pairs):
        if before or after:
            x = x.index_select(axis, _source_index(x.shape[axis], before, after, mode, x.device))
    return x

"""`keras.random`: random draws from a shape, or from the values of a tensor.

Every function takes a `seed`: `None` (Keras's global `SeedGenerator`,
reset by `kerastorch.utils.set_random_seed`), an integer (the same values
every call) or a `SeedGenerator` (new values each call, repeatable as a
sequence). A draw seeds a `torch.Generator` on the compute device exactly as
Keras's torch backend does and makes the same torch calls, so with the same
seed the values equal Keras's on the same device. The only exception is
unseeded `dropout` without `noise_shape`, which is torch's fused
`F.dropout` on torch's global generator, as in Keras.
"""

import torch
import torch.nn.functional as F

from kerastorch.backend.device import get_device
from kerastorch.backend.dtypes import is_float_dtype, is_int_dtype, to_torch_dtype
from kerastorch.backend.tensors import convert_to_tensor, infer_dtype
from kerastorch.random.seed_generator import SeedGenerator, torch_generator


def normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None) -> torch.Tensor:
    """Draws samples from a normal (Gaussian) distribution.

    Args:
        shape: Shape of the result.
        mean: Mean of the distribution.
        stddev: Standard deviation of the distribution.
        dtype: Floating point dtype; defaults to `floatx()`.
        seed: `None`, an integer or a `SeedGenerator`.

    Returns:
        A tensor of `shape` on the compute device.

    Example:

    >>> kerastorch.random.normal((2, 3), seed=1).shape
    torch.Size([2, 3])
    """
    device = get_device()
    return torch.normal(mean, stddev, size=tuple(shape), generator=torch_generator(seed, device),
                        dtype=to_torch_dtype(dtype), device=device)


def uniform(shape, minval=0.0, maxval=1.0, dtype=None, seed=None) -> torch.Tensor:
    """Draws samples from a uniform distribution on `[minval, maxval)`.

    Args:
        shape: Shape of the result.
        minval: Lower bound (included).
        maxval: Upper bound (excluded).
        dtype: Floating point dtype; defaults to `floatx()`.
        seed: `None`, an integer or a `SeedGenerator`.

    Returns:
        A tensor of `shape` on the compute device.

    Raises:
        ValueError: For a dtype that is not a floating point type.

    Example:

    >>> x = kerastorch.random.uniform((100,), minval=-1, maxval=1, seed=3)
    >>> bool(x.min() >= -1) and bool(x.max() < 1)
    True
    """
    if dtype and not is_float_dtype(dtype):
        raise ValueError(
            f"`keras.random.uniform` requires a floating point `dtype`. Received: dtype={dtype} "
        )
    device = get_device()
    shape = tuple(shape)
    # Keras draws one value for a scalar shape: the same number here.
    unit = torch.rand(shape or (1,), generator=torch_generator(seed, device),
                      dtype=to_torch_dtype(dtype), device=device)
    values = (maxval - minval) * unit + minval
    return values if shape else values[0]


def randint(shape, minval, maxval, dtype="int32", seed=None) -> torch.Tensor:
    """Draws random integers uniformly from `[minval, maxval)`.

    Args:
        shape: Shape of the result.
        minval: Lower bound (included).
        maxval: Upper bound (excluded).
        dtype: Integer dtype.
        seed: `None`, an integer or a `SeedGenerator`.

    Returns:
        A tensor of `shape` on the compute device.

    Raises:
        ValueError: For a dtype that is not an integer type.

    Example:

    >>> kerastorch.random.randint((4,), 0, 10, seed=0).dtype
    torch.int32
    """
    if dtype and not is_int_dtype(dtype):
        raise ValueError(
            f"`keras.random.randint` requires an integer `dtype`. Received: dtype={dtype} "
        )
    device = get_device()
    return torch.randint(minval, maxval, size=tuple(shape),
                         generator=torch_generator(seed, device),
                         dtype=to_torch_dtype(dtype), device=device)


def truncated_normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None) -> torch.Tensor:
    """Draws from a normal distribution restricted to `mean ± 2 * stddev`.

    As in Keras, four standard normal candidates are drawn per value and the
    first one inside `(-2, 2)` is kept (when all four miss, probability about
    4e-6, the first is kept anyway).

    Args:
        shape: Shape of the result.
        mean: Mean of the distribution.
        stddev: Standard deviation before truncation.
        dtype: Floating point dtype; defaults to `floatx()`.
        seed: `None`, an integer or a `SeedGenerator`.

    Returns:
        A tensor of `shape` on the compute device.

    Example:

    >>> bool(kerastorch.random.truncated_normal((1000,), seed=1).abs().max() < 2)
    True
    """
    candidates = normal(tuple(shape) + (4,), dtype=dtype, seed=seed)
    inside = (candidates > -2) & (candidates < 2)
    first = inside.max(-1, keepdim=True).indices
    return candidates.gather(-1, first).squeeze(-1) * stddev + mean


def categorical(logits, num_samples, dtype="int32", seed=None) -> torch.Tensor:
    """Draws class indices from the categorical distributions given by `logits`.

    Args:
        logits: `(batch_size, num_classes)` unnormalised log-probabilities.
        num_samples: Number of samples per row.
        dtype: Integer dtype of the result.
        seed: `None`, an integer or a `SeedGenerator`.

    Returns:
        A `(batch_size, num_samples)` tensor of class indices.

    Raises:
        ValueError: If `logits` is not 2-D.

    Example:

    >>> kerastorch.random.categorical([[0.0, 10.0]], 3, seed=0)
    tensor([[1, 1, 1]], dtype=torch.int32)
    """
    logits = _as_tensor(logits)
    if logits.ndim != 2:
        raise ValueError(
            "`logits` should be a 2-D tensor with shape [batch_size, num_classes]. "
            f"Received: logits={logits}"
        )
    samples = torch.multinomial(torch.softmax(logits, dim=-1), num_samples, replacement=True,
                                generator=torch_generator(seed, logits.device))
    return samples.to(to_torch_dtype(dtype))


def dropout(inputs, rate, noise_shape=None, seed=None) -> torch.Tensor:
    """Zeroes entries of `inputs` with probability `rate`, scaling the rest by `1 / (1 - rate)`.

    Args:
        inputs: Input tensor.
        rate: Probability of dropping an entry, in `[0, 1]`.
        noise_shape: Shape of the keep/drop mask, broadcast to the inputs
            (`None` entries take the input's size).
        seed: `None`, an integer or a `SeedGenerator`. Unseeded (and with
            no `noise_shape`) it is torch's fused `F.dropout`.

    Returns:
        A tensor like `inputs`.

    Example:

    >>> x = kerastorch.random.dropout(torch.ones(2, 4), 0.5, seed=1)
    >>> bool(((x == 0) | (x == 2)).all())
    True
    """
    inputs = _as_tensor(inputs)
    if rate == 1.0:
        return torch.zeros_like(inputs)
    if rate == 0.0:
        return inputs
    seeded = seed is not None and not (
        isinstance(seed, SeedGenerator) and seed._initial_seed is None)
    if not seeded and noise_shape is None:
        return F.dropout(inputs, p=rate, training=True)
    keep = 1.0 - rate
    shape = inputs.shape if noise_shape is None else [
        size if wanted is None else wanted for size, wanted in zip(inputs.shape, noise_shape)]
    mask = torch.bernoulli(torch.full(shape, keep, device=inputs.device),
                           generator=torch_generator(seed, inputs.device)).bool()
    return torch.where(mask, inputs / keep, torch.zeros_like(inputs))


def shuffle(x, axis=0, seed=None) -> torch.Tensor:
    """Shuffles `x` along `axis`.

    For `axis > 0` each slice along the leading axes gets its own
    permutation, as in Keras.

    Args:
        x: Input tensor.
        axis: Axis to shuffle along.
        seed: `None`, an integer or a `SeedGenerator`.

    Returns:
        A tensor like `x`, shuffled.

    Example:

    >>> kerastorch.random.shuffle(torch.arange(5), seed=0).sort().values
    tensor([0, 1, 2, 3, 4])
    """
    x = _as_tensor(x)
    axis = axis % x.ndim
    permutation = torch.rand(x.shape[:axis + 1], generator=torch_generator(seed, x.device),
                             device=x.device).argsort(axis)
    permutation = permutation.reshape(permutation.shape + (1,) * (x.ndim - axis - 1))
    return torch.take_along_dim(x, permutation, dim=axis)


def gamma(shape, alpha, dtype=None, seed=None) -> torch.Tensor:
    """Draws samples from the Gamma distribution of concentration `alpha` (rate 1).

    Args:
        shape: Shape of the result.
        alpha: Concentration, a float or a tensor broadcastable to `shape`.
        dtype: Floating point dtype; defaults to `floatx()`.
        seed: `None`, an integer or a `SeedGenerator`.

    Returns:
        A tensor of `shape`.

    Example:

    >>> kerastorch.random.gamma((3,), alpha=2.0, seed=0).shape
    torch.Size([3])
    """
    alpha = torch.broadcast_to(_as_tensor(alpha), tuple(shape))
    samples = torch._standard_gamma(alpha, generator=torch_generator(seed, alpha.device))
    # torch.distributions.Gamma's floor, which Keras's draws go through.
    return samples.clamp_(min=torch.finfo(samples.dtype).tiny).to(to_torch_dtype(dtype))


def binomial(shape, counts, probabilities, dtype=None, seed=None) -> torch.Tensor:
    """Draws the numbers of successes of `counts` trials of probability `probabilities`.

    Args:
        shape: Shape of the result.
        counts: Number of trials, a number or a tensor broadcastable to
            `shape` and `probabilities`.
        probabilities: Success probability, a float or a tensor.
        dtype: Floating point dtype; defaults to `floatx()`.
        seed: `None`, an integer or a `SeedGenerator`.

    Returns:
        A tensor of `shape`.

    Example:

    >>> kerastorch.random.binomial((3,), counts=10, probabilities=0.5, seed=0).shape
    torch.Size([3])
    """
    probabilities = torch.broadcast_to(_as_tensor(probabilities), tuple(shape))
    counts = torch.broadcast_to(_as_tensor(counts), tuple(shape)).to(probabilities.dtype)
    samples = torch.binomial(counts, probabilities,
                             generator=torch_generator(seed, probabilities.device))
    return samples.to(to_torch_dtype(dtype))


def beta(shape, alpha, beta, dtype=None, seed=None) -> torch.Tensor:
    """Draws samples from the Beta distribution of parameters `alpha` and `beta`.

    Args:
        shape: Shape of the result.
        alpha: First parameter, a float or a tensor broadcastable to `shape`.
        beta: Second parameter, a float or a tensor broadcastable to `shape`.
        dtype: Floating point dtype; defaults to `floatx()`.
        seed: `None`, an integer or a `SeedGenerator`.

    Returns:
        A tensor of `shape`, with values in `[0, 1]`.

    Example:

    >>> kerastorch.random.beta((3,), alpha=2.0, beta=5.0, seed=0).shape
    torch.Size([3])
    """
    alpha = torch.broadcast_to(_as_tensor(alpha), tuple(shape))
    beta = torch.broadcast_to(_as_tensor(beta), tuple(shape))
    # Keras samples torch's Beta, itself the first coordinate of a Dirichlet.
    pairs = torch.stack([alpha, beta], -1)
    samples = torch._sample_dirichlet(pairs, generator=torch_generator(seed, pairs.device))
    return samples.select(-1, 0).to(to_torch_dtype(dtype))


def _as_tensor(x) -> torch.Tensor:
    """`x` as a tensor, with Keras's dtype for Python values (floats are `floatx()`)."""
    if isinstance(x, torch.Tensor):
        return x
    return convert_to_tensor(x, dtype=infer_dtype(x))

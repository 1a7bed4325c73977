"""`VarianceScaling`: random values scaled to the fan-in / fan-out of a weight."""

import math
from typing import Optional, Sequence, Tuple

import torch

from kerastorch.api_export import keras_export
from kerastorch.initializers import _random
from kerastorch.initializers.random_initializers import RandomInitializer

# Standard deviation of a standard normal truncated to (-2, 2): dividing by it
# gives the truncated draws the requested standard deviation.
_TRUNCATED_NORMAL_STDDEV = 0.87962566103423978


def compute_fans(
    shape: Sequence[int],
    input_axes: Optional[Sequence[int]] = None,
    output_axes: Optional[Sequence[int]] = None,
) -> Tuple[int, int]:
    """Returns `(fan_in, fan_out)`, the input and output units of a weight shape.

    A kernel of rank > 2 is taken as a convolution kernel
    `(*spatial, in_channels, out_channels)`: both fans are multiplied by the
    receptive field size `prod(shape[:-2])`.

    Args:
        shape: The weight's shape.
        input_axes: Optional axes whose sizes multiply to the fan-in; used only
            together with `output_axes`.
        output_axes: Optional axes whose sizes multiply to the fan-out.

    Returns:
        A tuple of two integers.

    Example:

    >>> compute_fans((3, 3, 16, 32))
    (144, 288)
    """
    shape = tuple(shape)
    if input_axes is not None and output_axes is not None:
        fan_in = math.prod(shape[axis] for axis in input_axes)
        fan_out = math.prod(shape[axis] for axis in output_axes)
    elif len(shape) == 0:
        fan_in = fan_out = 1
    elif len(shape) == 1:
        fan_in = fan_out = shape[0]
    else:
        receptive_field = math.prod(shape[:-2])
        fan_in = shape[-2] * receptive_field
        fan_out = shape[-1] * receptive_field
    return int(fan_in), int(fan_out)


@keras_export(
    "keras.initializers.VarianceScaling", "keras.initializers.variance_scaling"
)
class VarianceScaling(RandomInitializer):
    """Initializer that adapts its scale to the shape of the weight.

    With `n` the fan-in (`mode="fan_in"`), fan-out (`"fan_out"`) or their mean
    (`"fan_avg"`), draws from a truncated or untruncated normal with standard
    deviation (after truncation) `sqrt(scale / n)`, or from `U[-limit, limit]`
    with `limit = sqrt(3 * scale / n)` when `distribution="uniform"`.

    Args:
        scale: Scaling factor (positive float).
        mode: One of `"fan_in"`, `"fan_out"`, `"fan_avg"`.
        distribution: One of `"truncated_normal"` (`"normal"` is an alias),
            `"untruncated_normal"`, `"uniform"`.
        seed: `None` or an integer; an integer seed makes every call return
            the same values.
        input_axes: Optional axes of the weight that count as input units.
        output_axes: Optional axes of the weight that count as output units.

    Example:

    >>> init = VarianceScaling(scale=0.1, mode="fan_in", distribution="uniform")
    >>> init(shape=(2, 2)).shape
    torch.Size([2, 2])
    """

    def __init__(
        self,
        scale: float = 1.0,
        mode: str = "fan_in",
        distribution: str = "truncated_normal",
        seed: Optional[int] = None,
        input_axes: Optional[Sequence[int]] = None,
        output_axes: Optional[Sequence[int]] = None,
    ):
        if scale <= 0.0:
            raise ValueError(
                f"Argument `scale` must be positive float. Received: scale={scale}"
            )
        allowed_modes = {"fan_in", "fan_out", "fan_avg"}
        if mode not in allowed_modes:
            raise ValueError(
                f"Invalid `mode` argument: {mode}. Please use one of {allowed_modes}"
            )
        distribution = distribution.lower()
        if distribution == "normal":
            distribution = "truncated_normal"
        allowed_distributions = {"uniform", "truncated_normal", "untruncated_normal"}
        if distribution not in allowed_distributions:
            raise ValueError(
                f"Invalid `distribution` argument: {distribution}. "
                f"Please use one of {allowed_distributions}"
            )
        self.scale = scale
        self.mode = mode
        self.distribution = distribution
        self.input_axes = input_axes
        self.output_axes = output_axes
        super().__init__(seed=seed)

    def __call__(self, shape, dtype=None) -> torch.Tensor:
        fan_in, fan_out = compute_fans(shape, self.input_axes, self.output_axes)
        fan = {"fan_in": fan_in, "fan_out": fan_out, "fan_avg": (fan_in + fan_out) / 2.0}
        variance = self.scale / max(1.0, fan[self.mode])
        if self.distribution == "truncated_normal":
            stddev = math.sqrt(variance) / _TRUNCATED_NORMAL_STDDEV
            return _random.truncated_normal(shape, 0.0, stddev, dtype, self.seed)
        if self.distribution == "untruncated_normal":
            return _random.normal(shape, 0.0, math.sqrt(variance), dtype, self.seed)
        limit = math.sqrt(3.0 * variance)
        return _random.uniform(shape, -limit, limit, dtype, self.seed)

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "scale": self.scale,
            "mode": self.mode,
            "distribution": self.distribution,
            "input_axes": self.input_axes,
            "output_axes": self.output_axes,
        }


class FixedVarianceScaling(VarianceScaling):
    """A `VarianceScaling` whose scale, mode and distribution are set by the class.

    The base of the Glorot, He and Lecun initializers: a subclass sets
    `SCALE`, `MODE`, `DISTRIBUTION` and `REFERENCE`, and its config holds only
    the seed and axes. The subclass docstring says what it draws; the `Args:`,
    `Reference:` and `Example:` sections, the same for all, are added here.
    """

    SCALE: float
    MODE: str
    DISTRIBUTION: str
    REFERENCE: str

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls.__doc__ and "REFERENCE" in vars(cls):
            cls.__doc__ = cls.__doc__.rstrip() + _FIXED_VARIANCE_SCALING_SECTIONS.format(
                name=cls.__name__, reference=cls.REFERENCE
            )

    def __init__(
        self,
        seed: Optional[int] = None,
        input_axes: Optional[Sequence[int]] = None,
        output_axes: Optional[Sequence[int]] = None,
    ):
        super().__init__(
            scale=self.SCALE,
            mode=self.MODE,
            distribution=self.DISTRIBUTION,
            seed=seed,
            input_axes=input_axes,
            output_axes=output_axes,
        )

    def get_config(self) -> dict:
        return {"seed": self.seed, "input_axes": self.input_axes, "output_axes": self.output_axes}


_FIXED_VARIANCE_SCALING_SECTIONS = """

    Args:
        seed: `None` or an integer; an integer seed makes every call return
            the same values.
        input_axes: Optional axes of the weight that count as input units.
        output_axes: Optional axes of the weight that count as output units.

    Reference:
        {reference}

    Example:

    >>> {name}(seed=1)(shape=(3, 4)).shape
    torch.Size([3, 4])
    """

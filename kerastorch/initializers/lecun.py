"""Lecun initializers: variance `1 / fan_in`, for SELU networks."""

from kerastorch.api_export import keras_export
from kerastorch.initializers.variance_scaling import FixedVarianceScaling


@keras_export("keras.initializers.LecunUniform", "keras.initializers.lecun_uniform")
class LecunUniform(FixedVarianceScaling):
    """Lecun uniform initializer.

    Draws from `U[-limit, limit]` with `limit = sqrt(3 / fan_in)`.

    Args:
        seed: `None` or an integer; an integer seed makes every call return
            the same values.
        input_axes: Optional axes of the weight that count as input units.
        output_axes: Optional axes of the weight that count as output units.

    Reference:
        [Klambauer et al., 2017](https://arxiv.org/abs/1706.02515)

    Example:

    >>> LecunUniform(seed=1)(shape=(3, 4)).shape
    torch.Size([3, 4])
    """

    SCALE, MODE, DISTRIBUTION = 1.0, "fan_in", "uniform"


@keras_export("keras.initializers.LecunNormal", "keras.initializers.lecun_normal")
class LecunNormal(FixedVarianceScaling):
    """Lecun normal initializer.

    Draws from a normal truncated to two standard deviations, centered on 0,
    with `stddev = sqrt(1 / fan_in)` after truncation.

    Args:
        seed: `None` or an integer; an integer seed makes every call return
            the same values.
        input_axes: Optional axes of the weight that count as input units.
        output_axes: Optional axes of the weight that count as output units.

    Reference:
        [Klambauer et al., 2017](https://arxiv.org/abs/1706.02515)

    Example:

    >>> LecunNormal(seed=1)(shape=(3, 4)).shape
    torch.Size([3, 4])
    """

    SCALE, MODE, DISTRIBUTION = 1.0, "fan_in", "truncated_normal"

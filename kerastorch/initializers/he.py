"""He initializers: variance `2 / fan_in`, for ReLU networks."""

from kerastorch.api_export import keras_export
from kerastorch.initializers.variance_scaling import FixedVarianceScaling


@keras_export("keras.initializers.HeUniform", "keras.initializers.he_uniform")
class HeUniform(FixedVarianceScaling):
    """He uniform variance scaling initializer.

    Draws from `U[-limit, limit]` with `limit = sqrt(6 / fan_in)`.

    Args:
        seed: `None` or an integer; an integer seed makes every call return
            the same values.
        input_axes: Optional axes of the weight that count as input units.
        output_axes: Optional axes of the weight that count as output units.

    Reference:
        [He et al., 2015](https://arxiv.org/abs/1502.01852)

    Example:

    >>> HeUniform(seed=1)(shape=(3, 4)).shape
    torch.Size([3, 4])
    """

    SCALE, MODE, DISTRIBUTION = 2.0, "fan_in", "uniform"


@keras_export("keras.initializers.HeNormal", "keras.initializers.he_normal")
class HeNormal(FixedVarianceScaling):
    """He normal initializer.

    Draws from a normal truncated to two standard deviations, centered on 0,
    with `stddev = sqrt(2 / fan_in)` after truncation.

    Args:
        seed: `None` or an integer; an integer seed makes every call return
            the same values.
        input_axes: Optional axes of the weight that count as input units.
        output_axes: Optional axes of the weight that count as output units.

    Reference:
        [He et al., 2015](https://arxiv.org/abs/1502.01852)

    Example:

    >>> HeNormal(seed=1)(shape=(3, 4)).shape
    torch.Size([3, 4])
    """

    SCALE, MODE, DISTRIBUTION = 2.0, "fan_in", "truncated_normal"

"""He initializers: variance `2 / fan_in`, for ReLU networks."""

from kerastorch.api_export import keras_export
from kerastorch.initializers.variance_scaling import FixedVarianceScaling


@keras_export("keras.initializers.HeUniform", "keras.initializers.he_uniform")
class HeUniform(FixedVarianceScaling):
    """He uniform variance scaling initializer.

    Draws from `U[-limit, limit]` with `limit = sqrt(6 / fan_in)`.
    """

    SCALE, MODE, DISTRIBUTION = 2.0, "fan_in", "uniform"
    REFERENCE = "[He et al., 2015](https://arxiv.org/abs/1502.01852)"


@keras_export("keras.initializers.HeNormal", "keras.initializers.he_normal")
class HeNormal(FixedVarianceScaling):
    """He normal initializer.

    Draws from a normal truncated to two standard deviations, centered on 0,
    with `stddev = sqrt(2 / fan_in)` after truncation.
    """

    SCALE, MODE, DISTRIBUTION = 2.0, "fan_in", "truncated_normal"
    REFERENCE = "[He et al., 2015](https://arxiv.org/abs/1502.01852)"

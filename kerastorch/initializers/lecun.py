"""Lecun initializers: variance `1 / fan_in`, for SELU networks."""

from kerastorch.api_export import keras_export
from kerastorch.initializers.variance_scaling import FixedVarianceScaling


@keras_export("keras.initializers.LecunUniform", "keras.initializers.lecun_uniform")
class LecunUniform(FixedVarianceScaling):
    """Lecun uniform initializer.

    Draws from `U[-limit, limit]` with `limit = sqrt(3 / fan_in)`.
    """

    SCALE, MODE, DISTRIBUTION = 1.0, "fan_in", "uniform"
    REFERENCE = "[Klambauer et al., 2017](https://arxiv.org/abs/1706.02515)"


@keras_export("keras.initializers.LecunNormal", "keras.initializers.lecun_normal")
class LecunNormal(FixedVarianceScaling):
    """Lecun normal initializer.

    Draws from a normal truncated to two standard deviations, centered on 0,
    with `stddev = sqrt(1 / fan_in)` after truncation.
    """

    SCALE, MODE, DISTRIBUTION = 1.0, "fan_in", "truncated_normal"
    REFERENCE = "[Klambauer et al., 2017](https://arxiv.org/abs/1706.02515)"

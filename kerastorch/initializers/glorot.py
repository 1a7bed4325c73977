"""Glorot (Xavier) initializers: variance scaled to the mean of fan-in and fan-out."""

from kerastorch.api_export import keras_export
from kerastorch.initializers.variance_scaling import FixedVarianceScaling


@keras_export("keras.initializers.GlorotUniform", "keras.initializers.glorot_uniform")
class GlorotUniform(FixedVarianceScaling):
    """The Glorot uniform initializer, also called Xavier uniform initializer.

    Draws from `U[-limit, limit]` with `limit = sqrt(6 / (fan_in + fan_out))`.
    """

    SCALE, MODE, DISTRIBUTION = 1.0, "fan_avg", "uniform"
    REFERENCE = "[Glorot et al., 2010](http://proceedings.mlr.press/v9/glorot10a.html)"


@keras_export("keras.initializers.GlorotNormal", "keras.initializers.glorot_normal")
class GlorotNormal(FixedVarianceScaling):
    """The Glorot normal initializer, also called Xavier normal initializer.

    Draws from a normal truncated to two standard deviations, centered on 0,
    with `stddev = sqrt(2 / (fan_in + fan_out))` after truncation.
    """

    SCALE, MODE, DISTRIBUTION = 1.0, "fan_avg", "truncated_normal"
    REFERENCE = "[Glorot et al., 2010](http://proceedings.mlr.press/v9/glorot10a.html)"

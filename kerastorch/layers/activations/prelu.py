"""`PReLU`: a leaky ReLU whose negative slopes are learned."""

import torch

from kerastorch import constraints, initializers, regularizers
from kerastorch.api_export import keras_export
from kerastorch.layers.input_spec import InputSpec
from kerastorch.layers.layer import Layer


@keras_export("keras.layers.PReLU")
class PReLU(Layer):
    """Parametric Rectified Linear Unit activation layer.

    `f(x) = alpha * x` for `x < 0`, `f(x) = x` otherwise, with `alpha` a
    learned weight shaped like one sample of the input (sizes 1 on
    `shared_axes`, whose units share their slope).

    Args:
        alpha_initializer: Initializer of `alpha` (`"Zeros"`: starts as ReLU).
        alpha_regularizer: Optional regularizer of `alpha`.
        alpha_constraint: Optional constraint of `alpha`.
        shared_axes: Axis or axes (1-based, the batch axis is 0) sharing one
            slope; e.g. `[1, 2]` after a channels-last `Conv2D` gives one slope
            per channel.
        **kwargs: Base layer arguments (`name`, `dtype`, ...).

    Example:

    >>> layer = PReLU(shared_axes=[1, 2])
    >>> layer.build((None, 8, 8, 3))
    >>> layer.alpha.shape
    torch.Size([1, 1, 3])
    """

    def __init__(self, alpha_initializer="Zeros", alpha_regularizer=None,
                 alpha_constraint=None, shared_axes=None, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True
        self.alpha_initializer = initializers.get(alpha_initializer)
        self.alpha_regularizer = regularizers.get(alpha_regularizer)
        self.alpha_constraint = constraints.get(alpha_constraint)
        if shared_axes is None:
            self.shared_axes = None
        elif not isinstance(shared_axes, (list, tuple)):
            self.shared_axes = [shared_axes]
        else:
            self.shared_axes = list(shared_axes)

    def build(self, input_shape):
        param_shape = list(input_shape[1:])
        for axis in self.shared_axes or ():
            param_shape[axis - 1] = 1
        self.alpha = self.add_weight(
            shape=param_shape, name="alpha", initializer=self.alpha_initializer,
            regularizer=self.alpha_regularizer, constraint=self.alpha_constraint,
        )
        axes = {}
        if self.shared_axes:
            axes = {i: input_shape[i] for i in range(1, len(input_shape))
                    if i not in self.shared_axes}
        self.input_spec = InputSpec(ndim=len(input_shape), axes=axes)
        self.built = True

    def call(self, inputs):
        return torch.relu(inputs) - self.alpha * torch.relu(-inputs)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "alpha_initializer": initializers.serialize(self.alpha_initializer),
            "alpha_regularizer": regularizers.serialize(self.alpha_regularizer),
            "alpha_constraint": constraints.serialize(self.alpha_constraint),
            "shared_axes": self.shared_axes,
        }

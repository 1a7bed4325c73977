"""`Activation`: applies an activation function to its input."""

from kerastorch import activations
from kerastorch.api_export import keras_export
from kerastorch.layers.layer import Layer


@keras_export("keras.layers.Activation")
class Activation(Layer):
    """Applies an activation function to an output.

    Args:
        activation: Activation function or its name (e.g. `"relu"`).
        **kwargs: Base layer arguments (`name`, `dtype`, ...).

    Example:

    >>> Activation("relu")(torch.tensor([-1.0, 2.0]))
    tensor([0., 2.])
    """

    def __init__(self, activation, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True
        self.activation = activations.get(activation)
        self.built = True

    def call(self, inputs):
        return self.activation(inputs)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self) -> dict:
        return {**super().get_config(), "activation": activations.serialize(self.activation)}

"""`Identity`: returns its input unchanged."""

from kerastorch.api_export import keras_export
from kerastorch.backend.keras_tensor import KerasTensor
from kerastorch.layers.layer import Layer
from kerastorch.utils import tree


@keras_export("keras.layers.Identity")
class Identity(Layer):
    """A placeholder layer that returns its input unchanged.

    Args:
        **kwargs: Base layer arguments (`name`, ...).

    Example:

    >>> Identity()(torch.ones(2))
    tensor([1., 1.])
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True
        self.built = True

    def call(self, inputs):
        return inputs

    def compute_output_shape(self, input_shape):
        return input_shape

    def compute_output_spec(self, inputs):
        return tree.map_structure(lambda x: KerasTensor(x.shape, dtype=x.dtype), inputs)

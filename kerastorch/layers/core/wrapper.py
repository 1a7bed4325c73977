"""`Wrapper`: the base of layers that wrap another layer."""

from kerastorch.api_export import keras_export
from kerastorch.layers.layer import Layer
from kerastorch.saving import serialization_lib


@keras_export("keras.layers.Wrapper")
class Wrapper(Layer):
    """Abstract base of the layers that wrap and augment another layer.

    The wrapped layer is a sub-layer (`wrapper.layer`, a torch sub-module);
    its config is serialized inside the wrapper's. Subclasses:
    `SpectralNormalization` (and Keras's `TimeDistributed`, `Bidirectional`).

    Args:
        layer: The layer to wrap, a `keras.layers.Layer`.
        **kwargs: Base layer arguments (`name`, `dtype`, ...).

    Example:

    >>> class Twice(Wrapper):
    ...     def call(self, inputs):
    ...         return 2 * self.layer(inputs)
    >>> Twice(kerastorch.layers.Identity())(torch.ones(2))
    tensor([2., 2.])
    """

    def __init__(self, layer, **kwargs):
        if not isinstance(layer, Layer):
            raise ValueError(
                f"Layer {layer} supplied to Wrapper isn't a supported layer type. "
                "Please ensure wrapped layer is a valid Keras layer."
            )
        super().__init__(**kwargs)
        self.layer = layer

    def build(self, input_shape=None):
        if not self.layer.built:
            self.layer.build(input_shape)
            self.layer.built = True
        self.built = True

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "layer": serialization_lib.serialize_keras_object(self.layer),
        }

    @classmethod
    def from_config(cls, config, custom_objects=None):
        config = dict(config)
        layer = serialization_lib.deserialize_keras_object(
            config.pop("layer"), custom_objects=custom_objects
        )
        return cls(layer, **config)

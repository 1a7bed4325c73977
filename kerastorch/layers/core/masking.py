"""`Masking`: masks the timesteps whose features all equal `mask_value`."""

import torch

from kerastorch.api_export import keras_export
from kerastorch.layers.layer import Layer
from kerastorch.saving.serialization_lib import deserialize_keras_object


@keras_export("keras.layers.Masking")
class Masking(Layer):
    """Masks a sequence by using a mask value to skip timesteps.

    A timestep (an index of axis 1, in general every position but the last
    axis) whose features all equal `mask_value` is masked: its output is
    zeroed, and the output mask (`compute_mask`, `True` = kept) tells the
    downstream layers that support masking (RNNs, attention, ...) to skip it.

    Args:
        mask_value: The value marking padded features.
        **kwargs: Base layer arguments (`name`, `dtype`, ...).

    Example:

    >>> x = torch.tensor([[[1.0, 2.0], [0.0, 0.0]]])
    >>> layer = Masking(mask_value=0.0)
    >>> layer.compute_mask(x)
    tensor([[ True, False]])
    """

    def __init__(self, mask_value=0.0, **kwargs):
        super().__init__(**kwargs)
        # A tensor `mask_value` arrives serialized in a config.
        if isinstance(mask_value, dict) and mask_value.get("config", None):
            mask_value = deserialize_keras_object(mask_value)
        self.mask_value = mask_value
        self.supports_masking = True
        self.built = True

    def compute_mask(self, inputs, mask=None):
        return torch.any(inputs != self.mask_value, dim=-1)

    def call(self, inputs):
        kept = torch.any(inputs != self.mask_value, dim=-1, keepdim=True)
        return torch.where(kept, inputs, torch.zeros((), dtype=inputs.dtype,
                                                     device=inputs.device))

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self) -> dict:
        return {**super().get_config(), "mask_value": self.mask_value}

"""`Softmax`: the softmax activation, with an optional mask of positions to ignore."""

import torch
import torch.nn.functional as F

from kerastorch.api_export import keras_export
from kerastorch.layers.layer import Layer


def _large_negative_number(dtype) -> float:
    """What masked logits become: `-1e9`, or `-3e4` in float16 (its range ends at 65504)."""
    return -3e4 if dtype == torch.float16 else -1e9


@keras_export("keras.layers.Softmax")
class Softmax(Layer):
    """Softmax activation layer: `exp(x - max(x)) / sum(exp(x - max(x)))` along `axis`.

    With a `mask`, masked positions (`False`, or `<= 0.5` for a numeric mask)
    get a large negative logit before the softmax, then a zero output (so a
    fully masked row gives zeros, not a uniform distribution), as in Keras.

    Args:
        axis: Integer or list of integers, the axes normalized jointly.
        **kwargs: Base layer arguments (`name`, `dtype`, ...).

    Call arguments:
        inputs: The logits.
        mask: Optional mask broadcastable to `inputs` (each of its dimensions
            1 or equal to the input's, no more dimensions than the input).

    Example:

    >>> Softmax()(torch.tensor([1.0, 2.0, 1.0]))
    tensor([0.2119, 0.5761, 0.2119])
    """

    def __init__(self, axis=-1, **kwargs):
        super().__init__(**kwargs)
        self.axis = axis
        self.supports_masking = True
        self.built = True

    def call(self, inputs, mask=None):
        if mask is not None:
            _check_mask(mask, inputs)
            if mask.dtype != torch.bool:
                mask = mask > 0.5
            inputs = torch.where(mask, inputs, _large_negative_number(inputs.dtype))
        axis = self.axis
        if isinstance(axis, (list, tuple)) and len(axis) == 1:
            axis = axis[0]
        if isinstance(axis, (list, tuple)):
            outputs = torch.exp(inputs - torch.logsumexp(inputs, dim=axis, keepdim=True))
        else:
            outputs = F.softmax(inputs, dim=axis)
        if mask is not None:
            outputs = torch.where(mask, outputs, 0.0)
        return outputs

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self) -> dict:
        return {**super().get_config(), "axis": self.axis}


def _check_mask(mask, inputs):
    if mask.dim() > inputs.dim():
        raise ValueError(
            "The `mask` must be broadcastable to `inputs` and must not have more "
            f"dimensions. Received: inputs.shape={tuple(inputs.shape)}, "
            f"mask.shape={tuple(mask.shape)}"
        )
    for mask_dim, input_dim in zip(mask.shape[::-1], inputs.shape[::-1]):
        if mask_dim not in (1, input_dim):
            raise ValueError(
                "The `mask` must be broadcastable to `inputs`. Each mask dimension "
                "must be 1 or match the corresponding input dimension. Received: "
                f"inputs.shape={tuple(inputs.shape)}, mask.shape={tuple(mask.shape)}"
            )

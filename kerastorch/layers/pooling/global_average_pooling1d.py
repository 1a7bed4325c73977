"""`GlobalAveragePooling1D` (alias `GlobalAvgPool1D`): the mean over all steps, mask-aware."""

import torch

from kerastorch.api_export import keras_export
from kerastorch.layers.pooling.base_global_pooling import BaseGlobalPooling


@keras_export("keras.layers.GlobalAveragePooling1D", "keras.layers.GlobalAvgPool1D")
class GlobalAveragePooling1D(BaseGlobalPooling):
    """Global average pooling operation for temporal data.

    Args:
        data_format: `"channels_last"` or `"channels_first"` (see Input shape);
            defaults to `keras.config.image_data_format()`.
        keepdims: Whether to keep the steps dimension, with size 1
            (as `np.mean(..., keepdims=True)`). Defaults to `False`.
        **kwargs: Base layer arguments (`name`, `dtype`, ...).

    Call arguments:
        inputs: A 3D tensor.
        mask: Optional boolean tensor `(batch_size, steps)`; masked steps are
            left out of the average.

    Input shape:
        3D tensor `(batch_size, steps, features)` (channels_last)
        or `(batch_size, features, steps)` (channels_first).

    Output shape:
        `(batch_size, features)`; with `keepdims=True`, `(batch_size, 1, features)`
        (channels_last) or `(batch_size, features, 1)` (channels_first).

    Example:

    >>> kerastorch.layers.GlobalAveragePooling1D()(torch.ones(2, 3, 4)).shape
    torch.Size([2, 4])
    """

    def __init__(self, data_format=None, keepdims=False, **kwargs):
        super().__init__(pool_dimensions=1, pool_mode="average", data_format=data_format,
                         keepdims=keepdims, **kwargs)
        self.supports_masking = True

    def call(self, inputs, mask=None):
        if mask is None:
            return super().call(inputs)
        steps_axis = 1 if self.data_format == "channels_last" else 2
        mask = mask.to(torch.bool).unsqueeze(2 if steps_axis == 1 else 1)
        total = torch.where(mask, inputs, 0).sum(dim=steps_axis, keepdim=self.keepdims)
        count = mask.to(inputs.dtype).sum(dim=steps_axis, keepdim=self.keepdims)
        return total / count

    def compute_mask(self, inputs, mask=None):
        return None

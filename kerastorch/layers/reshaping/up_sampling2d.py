"""`UpSampling2D`: enlarges images by integer factors (nearest, bilinear or bicubic)."""

import torch
import torch.nn.functional as F

from kerastorch.api_export import keras_export
from kerastorch.layers.reshaping.base_up_sampling import BaseUpSampling
from kerastorch.utils.argument_validation import standardize_tuple

# The interpolations Keras's torch backend resizes with (besides "nearest",
# which repeats rows and columns).
_RESIZE_MODES = ("bilinear", "bicubic")


@keras_export("keras.layers.UpSampling2D")
class UpSampling2D(BaseUpSampling):
    """Upsampling layer for 2D inputs.

    With `"nearest"` interpolation, rows and columns are repeated `size[0]`
    and `size[1]` times. `"bilinear"` and `"bicubic"` resize to the enlarged
    size with `F.interpolate` (`align_corners=False`, no antialiasing), as
    `keras.ops.image.resize` does on the torch backend.

    Args:
        size: Int or tuple of 2 ints, the upsampling factors for rows and
            columns. Defaults to `(2, 2)`.
        data_format: `"channels_last"` or `"channels_first"` (see Input shape);
            defaults to `keras.config.image_data_format()`.
        interpolation: `"nearest"` (default), `"bilinear"` or `"bicubic"`
            (case-insensitive). Keras also names `"lanczos3"`, `"lanczos5"`
            and `"area"`, which its torch backend refuses when called.
        **kwargs: Base layer arguments (`name`, `dtype`, ...).

    Input shape:
        4D tensor `(batch_size, rows, cols, channels)` (channels_last)
        or `(batch_size, channels, rows, cols)` (channels_first).

    Output shape:
        4D tensor `(batch_size, upsampled_rows, upsampled_cols, channels)`
        (channels_last) or `(batch_size, channels, upsampled_rows,
        upsampled_cols)` (channels_first).

    Example:

    >>> layer = kerastorch.layers.UpSampling2D(size=(1, 2), interpolation="bilinear")
    >>> layer(torch.ones(2, 2, 1, 3)).shape
    torch.Size([2, 2, 2, 3])
    """

    def __init__(self, size=(2, 2), data_format=None, interpolation="nearest", **kwargs):
        self.size = standardize_tuple(size, 2, "size")
        self.interpolation = interpolation.lower()
        super().__init__(self.size, data_format=data_format, **kwargs)

    def call(self, inputs):
        if self.interpolation == "nearest":
            return self._repeat(inputs)
        if self.interpolation not in _RESIZE_MODES:
            raise ValueError(
                f"Layer '{self.name}': interpolation={self.interpolation!r} is not "
                f"supported by the torch backend. Expected one of "
                f"{('nearest',) + _RESIZE_MODES}."
            )
        channels_last = self.data_format == "channels_last"
        x = inputs.movedim(-1, 1) if channels_last else inputs
        size = (x.shape[2] * self.size[0], x.shape[3] * self.size[1])
        # As keras.ops.image.resize: computed in float32 unless float64.
        compute_dtype = x.dtype if x.dtype in (torch.float32, torch.float64) else torch.float32
        outputs = F.interpolate(x.to(compute_dtype), size=size, mode=self.interpolation,
                                align_corners=False)
        if not inputs.dtype.is_floating_point:
            outputs = outputs.round()  # as Keras, before casting back to integers
            if inputs.dtype == torch.uint8:
                outputs = outputs.clamp(0, 255)
        outputs = outputs.to(inputs.dtype)
        return outputs.movedim(1, -1) if channels_last else outputs

    def get_config(self) -> dict:
        return {**super().get_config(), "size": self.size, "data_format": self.data_format,
                "interpolation": self.interpolation}

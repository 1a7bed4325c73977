"""`Conv1D`: 1D convolution layer (e.g. temporal convolution)."""

from kerastorch.api_export import keras_export
from kerastorch.layers.convolutional.base_conv import BaseConv


@keras_export("keras.layers.Conv1D", "keras.layers.Convolution1D")
class Conv1D(BaseConv):
    """1D convolution layer (e.g. temporal convolution).

    Convolves a kernel with the input over one spatial (temporal) axis:
    `activation(conv1d(inputs, kernel) + bias)`. `padding="causal"` pads on
    the left only, so that output step `t` depends on input steps `<= t`.

    Args:
        The arguments of `BaseConv`, for 1 spatial dimension.

    Input shape:
        `(batch_size, steps, channels)` with `data_format="channels_last"`, or
        `(batch_size, channels, steps)` with `"channels_first"`.

    Output shape:
        `(batch_size, new_steps, filters)` with `"channels_last"`, or
        `(batch_size, filters, new_steps)` with `"channels_first"`.

    Example:

    >>> x = torch.rand(4, 10, 128)
    >>> kerastorch.layers.Conv1D(32, 3, activation="relu")(x).shape
    torch.Size([4, 8, 32])
    """

    rank = 1

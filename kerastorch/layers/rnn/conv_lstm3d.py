"""`ConvLSTM3D`: 3D convolutional LSTM."""

from kerastorch.api_export import keras_export
from kerastorch.layers.rnn.conv_lstm import ConvLSTM


@keras_export("keras.layers.ConvLSTM3D")
class ConvLSTM3D(ConvLSTM):
    """3D Convolutional LSTM.

    Similar to an LSTM layer, but the input transformations and recurrent
    transformations are both 3D convolutions.

    Args:
        The arguments of `ConvLSTM`, for 3 spatial dimensions.

    Call arguments:
        inputs: A 6D tensor.
        initial_state: Optional list of the initial `[h, c]` states.
        mask: Optional boolean tensor `(samples, timesteps)`.
        training: Whether the call is in training mode (for dropout).

    Input shape:
        `(samples, time, dim1, dim2, dim3, channels)` with `data_format="channels_last"`,
        or `(samples, time, channels, dim1, dim2, dim3)` with `"channels_first"`.

    Output shape:
        `(samples, new_dim1, new_dim2, new_dim3, filters)` (`channels_last`) or
        `(samples, filters, new_dim1, new_dim2, new_dim3)` (`channels_first`); with
        `return_sequences`, `(samples, timesteps, ...)`; with `return_state`,
        followed by the final `h` and `c` states, each shaped like one output
        step. The spatial sizes may change with `padding` and `strides`.

    Example:

    >>> layer = ConvLSTM3D(4, 3, padding="same", return_sequences=True)
    >>> layer(torch.ones(2, 3, 4, 4, 4, 2)).shape
    torch.Size([2, 3, 4, 4, 4, 4])
    """

    rank = 3

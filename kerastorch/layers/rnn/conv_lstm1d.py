"""`ConvLSTM1D`: 1D convolutional LSTM."""

from kerastorch.api_export import keras_export
from kerastorch.layers.rnn.conv_lstm import ConvLSTM


@keras_export("keras.layers.ConvLSTM1D")
class ConvLSTM1D(ConvLSTM):
    """1D Convolutional LSTM.

    Similar to an LSTM layer, but the input transformations and recurrent
    transformations are both 1D convolutions.

    Args:
        The arguments of `ConvLSTM`, for 1 spatial dimension.

    Call arguments:
        inputs: A 4D tensor.
        initial_state: Optional list of the initial `[h, c]` states.
        mask: Optional boolean tensor `(samples, timesteps)`.
        training: Whether the call is in training mode (for dropout).

    Input shape:
        `(samples, time, rows, channels)` with `data_format="channels_last"`,
        or `(samples, time, channels, rows)` with `"channels_first"`.

    Output shape:
        `(samples, new_rows, filters)` (`channels_last`) or
        `(samples, filters, new_rows)` (`channels_first`); with
        `return_sequences`, `(samples, timesteps, ...)`; with `return_state`,
        followed by the final `h` and `c` states, each shaped like one output
        step. The spatial sizes may change with `padding` and `strides`.

    Example:

    >>> layer = ConvLSTM1D(4, 3, padding="same", return_sequences=True)
    >>> layer(torch.ones(2, 5, 10, 3)).shape
    torch.Size([2, 5, 10, 4])
    """

    rank = 1

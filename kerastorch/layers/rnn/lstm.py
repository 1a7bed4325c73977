"""`LSTMCell` and `LSTM`: Long Short-Term Memory (Hochreiter & Schmidhuber, 1997)."""

from kerastorch.api_export import keras_export
from kerastorch.layers.rnn.base_rnn_cell import (
    BaseGatedRNNCell,
    unit_forget_bias_initializer,
)
from kerastorch.layers.rnn.base_rnn_layer import (
    BaseRNNLayer,
    cell_attribute,
    cell_kwargs,
    check_use_cudnn,
)


@keras_export("keras.layers.LSTMCell")
class LSTMCell(BaseGatedRNNCell):
    """Cell class for the `LSTM` layer: one step of an LSTM.

    Gates in Keras's (and torch's) order `i, f, c, o`: `z = inputs @ kernel +
    h @ recurrent_kernel + bias`, split in four; `c' = f * c + i *
    activation(z_c)`, `h' = o * activation(c')` with `i, f, o` passed through
    `recurrent_activation`. States `[h, c]`. Weights: `kernel`
    `(input_dim, 4 * units)`, `recurrent_kernel` `(units, 4 * units)`, `bias`
    `(4 * units,)`.

    Args:
        units: Positive integer, dimensionality of the output space.
        activation: Activation of the cell and output (`"tanh"`).
        recurrent_activation: Activation of the gates (`"sigmoid"`).
        use_bias: Whether the cell uses a bias vector.
        kernel_initializer: Initializer of `kernel` (`"glorot_uniform"`).
        recurrent_initializer: Initializer of `recurrent_kernel` (`"orthogonal"`).
        bias_initializer: Initializer of `bias` (`"zeros"`).
        unit_forget_bias: Whether to add 1 to the forget gate's bias at
            initialization (it then starts from ones, the rest from
            `bias_initializer`).
        kernel_regularizer: Optional regularizer of `kernel`.
        recurrent_regularizer: Optional regularizer of `recurrent_kernel`.
        bias_regularizer: Optional regularizer of `bias`.
        kernel_constraint: Optional constraint of `kernel`.
        recurrent_constraint: Optional constraint of `recurrent_kernel`.
        bias_constraint: Optional constraint of `bias`.
        dropout: Fraction of the inputs to drop.
        recurrent_dropout: Fraction of the previous state to drop.
        seed: Optional integer seed of the dropout masks.
        **kwargs: Base layer arguments (`name`, `dtype`, ...).

    Call arguments:
        inputs: Tensor `(batch, features)`, one step.
        states: `[h, c]`, each `(batch, units)`.
        training: Whether to apply dropout.

    Example:

    >>> rnn = kerastorch.layers.RNN(LSTMCell(4))
    >>> rnn(torch.ones(32, 10, 8)).shape
    torch.Size([32, 4])
    """

    gates = 4
    fused_kernel_name = "lstm"

    def __init__(self, units, activation="tanh", recurrent_activation="sigmoid", use_bias=True,
                 kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal",
                 bias_initializer="zeros", unit_forget_bias=True, kernel_regularizer=None,
                 recurrent_regularizer=None, bias_regularizer=None, kernel_constraint=None,
                 recurrent_constraint=None, bias_constraint=None, dropout=0.0,
                 recurrent_dropout=0.0, seed=None, **kwargs):
        super().__init__(
            units, activation=activation, recurrent_activation=recurrent_activation,
            use_bias=use_bias, kernel_initializer=kernel_initializer,
            recurrent_initializer=recurrent_initializer, bias_initializer=bias_initializer,
            kernel_regularizer=kernel_regularizer, recurrent_regularizer=recurrent_regularizer,
            bias_regularizer=bias_regularizer, kernel_constraint=kernel_constraint,
            recurrent_constraint=recurrent_constraint, bias_constraint=bias_constraint,
            dropout=dropout, recurrent_dropout=recurrent_dropout, seed=seed, **kwargs,
        )
        self.unit_forget_bias = unit_forget_bias
        self.state_size = [self.units, self.units]

    def _bias_initializer(self):
        if not self.unit_forget_bias:
            return self.bias_initializer
        return unit_forget_bias_initializer(self.bias_initializer, self.units)

    def call(self, inputs, states, training=False):
        h_tm1, c_tm1 = states[0], states[1]
        dp_mask, rec_mask = self._step_masks(inputs, h_tm1, training)
        x = self._per_gate(inputs, dp_mask, self.kernel)
        h = self._per_gate(h_tm1, rec_mask, self.recurrent_kernel)
        biases = self.bias.chunk(4) if self.bias is not None else (0, 0, 0, 0)
        z_i, z_f, z_c, z_o = (x_g + h_g + b_g for x_g, h_g, b_g in zip(x, h, biases))
        i = self.recurrent_activation(z_i)
        f = self.recurrent_activation(z_f)
        c = f * c_tm1 + i * self.activation(z_c)
        o = self.recurrent_activation(z_o)
        h = o * self.activation(c)
        return h, [h, c]

    _fused_call = call

    def get_config(self) -> dict:
        return {**super().get_config(), "unit_forget_bias": self.unit_forget_bias}


@keras_export("keras.layers.LSTM")
class LSTM(BaseRNNLayer):
    """Long Short-Term Memory layer - Hochreiter 1997.

    An `LSTMCell` run over the sequence. With `tanh` / `sigmoid` and no
    recurrent dropout in training, the whole sequence runs in torch's fused
    LSTM kernel (`torch.nn.LSTM`'s, cuDNN on CUDA), masked sequences too when
    they are right- or left-padded; otherwise step by step. Both give Keras's
    numbers.

    Args:
        units: Positive integer, dimensionality of the output space.
        activation: Activation of the cell and output (`"tanh"`).
        recurrent_activation: Activation of the gates (`"sigmoid"`).
        use_bias: Whether the layer uses a bias vector.
        kernel_initializer: Initializer of `kernel` (`"glorot_uniform"`).
        recurrent_initializer: Initializer of `recurrent_kernel` (`"orthogonal"`).
        bias_initializer: Initializer of `bias` (`"zeros"`).
        unit_forget_bias: Whether the forget gate's bias starts at 1.
        kernel_regularizer: Optional regularizer of `kernel`.
        recurrent_regularizer: Optional regularizer of `recurrent_kernel`.
        bias_regularizer: Optional regularizer of `bias`.
        activity_regularizer: Optional regularizer of the output.
        kernel_constraint: Optional constraint of `kernel`.
        recurrent_constraint: Optional constraint of `recurrent_kernel`.
        bias_constraint: Optional constraint of `bias`.
        dropout: Fraction of the inputs to drop.
        recurrent_dropout: Fraction of the previous state to drop.
        seed: Optional integer seed of the dropout masks.
        return_sequences: Whether to return the whole output sequence.
        return_state: Whether to return the final states `h, c` too.
        go_backwards: Whether to process the sequence backwards.
        stateful: Whether each batch starts from the previous batch's states.
        unroll: Kept for Keras compatibility; forces the step-by-step loop.
        use_cudnn: `"auto"` (the fused kernel when possible), `False` (always
            step by step) or `True` (raise a `ValueError` when the fused
            kernel cannot run).
        **kwargs: Base layer arguments (`name`, `dtype`, ...) and
            `zero_output_for_mask`.

    Call arguments:
        sequences: Tensor `(batch, timesteps, features)`.
        initial_state: Optional list `[h, c]` of initial states.
        mask: Optional boolean tensor `(batch, timesteps)`.
        training: Whether to apply dropout.

    Example:

    >>> LSTM(4)(torch.ones(32, 10, 8)).shape
    torch.Size([32, 4])
    >>> outputs, h, c = LSTM(4, return_sequences=True, return_state=True)(
    ...     torch.ones(32, 10, 8))
    >>> outputs.shape, h.shape
    (torch.Size([32, 10, 4]), torch.Size([32, 4]))
    """

    recurrent_activation = cell_attribute("recurrent_activation")
    unit_forget_bias = cell_attribute("unit_forget_bias")

    def __init__(self, units, activation="tanh", recurrent_activation="sigmoid", use_bias=True,
                 kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal",
                 bias_initializer="zeros", unit_forget_bias=True, kernel_regularizer=None,
                 recurrent_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, recurrent_constraint=None, bias_constraint=None,
                 dropout=0.0, recurrent_dropout=0.0, seed=None, return_sequences=False,
                 return_state=False, go_backwards=False, stateful=False, unroll=False,
                 use_cudnn="auto", **kwargs):
        cell = LSTMCell(
            units, activation=activation, recurrent_activation=recurrent_activation,
            use_bias=use_bias, kernel_initializer=kernel_initializer,
            unit_forget_bias=unit_forget_bias, recurrent_initializer=recurrent_initializer,
            bias_initializer=bias_initializer, kernel_regularizer=kernel_regularizer,
            recurrent_regularizer=recurrent_regularizer, bias_regularizer=bias_regularizer,
            kernel_constraint=kernel_constraint, recurrent_constraint=recurrent_constraint,
            bias_constraint=bias_constraint, dropout=dropout,
            recurrent_dropout=recurrent_dropout, seed=seed,
            implementation=kwargs.pop("implementation", 2),
            **cell_kwargs(kwargs, "lstm_cell"),
        )
        super().__init__(
            cell, return_sequences=return_sequences, return_state=return_state,
            go_backwards=go_backwards, stateful=stateful, unroll=unroll,
            activity_regularizer=activity_regularizer, **kwargs,
        )
        self.use_cudnn = check_use_cudnn(use_cudnn)

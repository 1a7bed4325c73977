"""`SimpleRNNCell` and `SimpleRNN`: `h = activation(x @ kernel + h @ recurrent_kernel + bias)`."""

from kerastorch.api_export import keras_export
from kerastorch.layers.rnn.base_rnn_cell import BaseRNNCell
from kerastorch.layers.rnn.base_rnn_layer import BaseRNNLayer, cell_kwargs


@keras_export("keras.layers.SimpleRNNCell")
class SimpleRNNCell(BaseRNNCell):
    """Cell class for `SimpleRNN`: one step of a fully-connected RNN.

    `output = activation(inputs @ kernel + bias + state @ recurrent_kernel)`;
    the output is the new state. Weights: `kernel` `(input_dim, units)`,
    `recurrent_kernel` `(units, units)`, `bias` `(units,)`.

    Args:
        units: Positive integer, dimensionality of the output space.
        activation: Activation (`"tanh"`; `None` for linear).
        use_bias: Whether the cell uses a bias vector.
        kernel_initializer: Initializer of `kernel` (`"glorot_uniform"`).
        recurrent_initializer: Initializer of `recurrent_kernel` (`"orthogonal"`).
        bias_initializer: Initializer of `bias` (`"zeros"`).
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
        sequence: Tensor `(batch, features)`, one step.
        states: The previous state `(batch, units)` (or a list holding it).
        training: Whether to apply dropout.

    Example:

    >>> rnn = kerastorch.layers.RNN(SimpleRNNCell(4))
    >>> rnn(torch.ones(32, 10, 8)).shape
    torch.Size([32, 4])
    """

    fused_kernel_name = "rnn_tanh"

    def call(self, sequence, states, training=False):
        prev_output = states[0] if isinstance(states, (list, tuple)) else states
        if training:
            dp_mask = self.get_dropout_mask(sequence)
            if dp_mask is not None:
                sequence = sequence * dp_mask
            rec_dp_mask = self.get_recurrent_dropout_mask(prev_output)
            if rec_dp_mask is not None:
                prev_output = prev_output * rec_dp_mask
        h = sequence @ self.kernel
        if self.bias is not None:
            h = h + self.bias
        output = h + prev_output @ self.recurrent_kernel
        if self.activation is not None:
            output = self.activation(output)
        new_state = [output] if isinstance(states, (list, tuple)) else output
        return output, new_state

    _fused_call = call


@keras_export("keras.layers.SimpleRNN")
class SimpleRNN(BaseRNNLayer):
    """Fully-connected RNN where the output is to be fed back as the new input.

    A `SimpleRNNCell` run over the sequence; with the default `tanh` the
    whole sequence runs in torch's fused `nn.RNN` kernel.

    Args:
        units: Positive integer, dimensionality of the output space.
        activation: Activation (`"tanh"`; `None` for linear).
        use_bias: Whether the layer uses a bias vector.
        kernel_initializer: Initializer of `kernel` (`"glorot_uniform"`).
        recurrent_initializer: Initializer of `recurrent_kernel` (`"orthogonal"`).
        bias_initializer: Initializer of `bias` (`"zeros"`).
        kernel_regularizer: Optional regularizer of `kernel`.
        recurrent_regularizer: Optional regularizer of `recurrent_kernel`.
        bias_regularizer: Optional regularizer of `bias`.
        activity_regularizer: Optional regularizer of the output.
        kernel_constraint: Optional constraint of `kernel`.
        recurrent_constraint: Optional constraint of `recurrent_kernel`.
        bias_constraint: Optional constraint of `bias`.
        dropout: Fraction of the inputs to drop.
        recurrent_dropout: Fraction of the previous state to drop.
        return_sequences: Whether to return the whole output sequence.
        return_state: Whether to return the final state too.
        go_backwards: Whether to process the sequence backwards.
        stateful: Whether each batch starts from the previous batch's state.
        unroll: Kept for Keras compatibility; forces the step-by-step loop.
        seed: Optional integer seed of the dropout masks.
        **kwargs: Base layer arguments (`name`, `dtype`, ...) and
            `zero_output_for_mask`.

    Call arguments:
        sequences: Tensor `(batch, timesteps, features)`.
        initial_state: Optional list with the initial state.
        mask: Optional boolean tensor `(batch, timesteps)`.
        training: Whether to apply dropout.

    Example:

    >>> SimpleRNN(4)(torch.ones(32, 10, 8)).shape
    torch.Size([32, 4])
    """

    def __init__(self, units, activation="tanh", use_bias=True,
                 kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal",
                 bias_initializer="zeros", kernel_regularizer=None, recurrent_regularizer=None,
                 bias_regularizer=None, activity_regularizer=None, kernel_constraint=None,
                 recurrent_constraint=None, bias_constraint=None, dropout=0.0,
                 recurrent_dropout=0.0, return_sequences=False, return_state=False,
                 go_backwards=False, stateful=False, unroll=False, seed=None, **kwargs):
        cell = SimpleRNNCell(
            units, activation=activation, use_bias=use_bias,
            kernel_initializer=kernel_initializer, recurrent_initializer=recurrent_initializer,
            bias_initializer=bias_initializer, kernel_regularizer=kernel_regularizer,
            recurrent_regularizer=recurrent_regularizer, bias_regularizer=bias_regularizer,
            kernel_constraint=kernel_constraint, recurrent_constraint=recurrent_constraint,
            bias_constraint=bias_constraint, dropout=dropout,
            recurrent_dropout=recurrent_dropout, seed=seed,
            **cell_kwargs(kwargs, "simple_rnn_cell"),
        )
        super().__init__(
            cell, return_sequences=return_sequences, return_state=return_state,
            go_backwards=go_backwards, stateful=stateful, unroll=unroll,
            activity_regularizer=activity_regularizer, **kwargs,
        )
        self.input_spec = [self.input_spec]

    def get_config(self) -> dict:
        config = super().get_config()
        del config["seed"]  # Keras's SimpleRNN config omits it
        return config

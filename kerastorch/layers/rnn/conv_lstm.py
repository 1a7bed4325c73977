"""`ConvLSTMCell` and `ConvLSTM`: the LSTM whose input and recurrent transforms are convolutions.

The base of `ConvLSTM1D`, `ConvLSTM2D` and `ConvLSTM3D`. Weights are in
Keras layout: `kernel` `(*kernel_size, channels, 4 * filters)`,
`recurrent_kernel` `(*kernel_size, filters, 4 * filters)`, `bias`
`(4 * filters,)`, the gates side by side in Keras's order (input, forget,
cell, output).
"""

import torch

from kerastorch import activations, constraints, initializers, regularizers
from kerastorch.backend.config import standardize_data_format
from kerastorch.backend.dtypes import to_torch_dtype
from kerastorch.backend.random import make_generator
from kerastorch.layers.convolutional.conv_ops import conv
from kerastorch.layers.convolutional.conv_utils import compute_conv_output_shape
from kerastorch.layers.input_spec import InputSpec
from kerastorch.layers.layer import Layer
from kerastorch.layers.rnn.base_rnn_cell import unit_forget_bias_initializer
from kerastorch.layers.rnn.base_rnn_layer import BaseRNNLayer, cell_attribute
from kerastorch.layers.rnn.dropout_rnn_cell import DropoutRNNCell
from kerastorch.utils import tree
from kerastorch.utils.argument_validation import standardize_padding, standardize_tuple

_GATES = 4


class ConvLSTMCell(Layer, DropoutRNNCell):
    """Cell class for the ConvLSTM layers: one convolutional LSTM step.

    With `z = conv(x, kernel) + bias + conv(h, recurrent_kernel)` (the
    recurrent convolution always "same", stride 1), split into the gates
    `i, f, c', o` along the channel axis: `c = sigmoid(f) * c_prev +
    sigmoid(i) * tanh(c')` and `h = sigmoid(o) * tanh(c)` (with the default
    activations). Each convolution runs once for the four gates; with
    dropout in training, each gate sees its own dropped-out input, and the
    four copies run as one grouped convolution (`groups=4`).

    Args:
        rank: Number of spatial dimensions (1, 2 or 3).
        filters: Number of output channels (of the state).
        kernel_size: Int or tuple of `rank` ints.
        strides: Int or tuple of `rank` ints (of the input convolution).
        padding: `"valid"` or `"same"` (of the input convolution).
        data_format: `"channels_last"` or `"channels_first"` (default:
            `image_data_format()`).
        dilation_rate: Int or tuple of `rank` ints (of the input convolution).
        activation: Activation of the cell input and output (`"tanh"`).
        recurrent_activation: Activation of the gates (`"sigmoid"`).
        use_bias: Whether to add a bias.
        kernel_initializer: Initializer of `kernel` (`"glorot_uniform"`).
        recurrent_initializer: Initializer of `recurrent_kernel` (`"orthogonal"`).
        bias_initializer: Initializer of `bias` (`"zeros"`).
        unit_forget_bias: Whether the forget gate's bias starts at 1.
        kernel_regularizer: Optional regularizer of `kernel`.
        recurrent_regularizer: Optional regularizer of `recurrent_kernel`.
        bias_regularizer: Optional regularizer of `bias`.
        kernel_constraint: Optional constraint of `kernel`.
        recurrent_constraint: Optional constraint of `recurrent_kernel`.
        bias_constraint: Optional constraint of `bias`.
        dropout: Fraction of the input to drop (per gate).
        recurrent_dropout: Fraction of the previous state to drop (per gate).
        seed: Optional integer seed of the dropout masks.
        **kwargs: Base layer arguments (`name`, `dtype`, ...).

    Example:

    >>> cell = ConvLSTMCell(2, filters=4, kernel_size=3, padding="same")
    >>> cell.build((None, 8, 8, 3))
    >>> h, (h, c) = cell(torch.ones(2, 8, 8, 3), cell.get_initial_state(2))
    >>> h.shape
    torch.Size([2, 8, 8, 4])
    """

    def __init__(self, rank, filters, kernel_size, strides=1, padding="valid", data_format=None,
                 dilation_rate=1, activation="tanh", recurrent_activation="sigmoid",
                 use_bias=True, kernel_initializer="glorot_uniform",
                 recurrent_initializer="orthogonal", bias_initializer="zeros",
                 unit_forget_bias=True, kernel_regularizer=None, recurrent_regularizer=None,
                 bias_regularizer=None, kernel_constraint=None, recurrent_constraint=None,
                 bias_constraint=None, dropout=0.0, recurrent_dropout=0.0, seed=None,
                 **kwargs):
        super().__init__(**kwargs)
        self.seed = seed
        self._generator = make_generator(seed)
        self.rank = rank
        if rank > 3:
            raise ValueError(
                f"Rank {rank} convolutions are not currently implemented. Received: rank={rank}"
            )
        self.filters = filters
        self.kernel_size = standardize_tuple(kernel_size, rank, "kernel_size")
        self.strides = standardize_tuple(strides, rank, "strides", allow_zero=True)
        self.padding = standardize_padding(padding)
        self.data_format = standardize_data_format(data_format)
        self.dilation_rate = standardize_tuple(dilation_rate, rank, "dilation_rate")
        if max(self.strides) > 1 and max(self.dilation_rate) > 1:
            raise ValueError(
                "Specifying `strides > 1` is not compatible with `dilation_rate > 1`. "
                "Please provide `strides=1` or `dilation_rate=1`. Received: "
                f"strides={self.strides} and dilation_rate={self.dilation_rate}"
            )
        self.activation = activations.get(activation)
        self.recurrent_activation = activations.get(recurrent_activation)
        self.use_bias = use_bias
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.recurrent_initializer = initializers.get(recurrent_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.unit_forget_bias = unit_forget_bias
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.recurrent_regularizer = regularizers.get(recurrent_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.recurrent_constraint = constraints.get(recurrent_constraint)
        self.bias_constraint = constraints.get(bias_constraint)
        self.dropout = min(1.0, max(0.0, dropout))
        self.recurrent_dropout = min(1.0, max(0.0, recurrent_dropout))
        self.dropout_mask_count = _GATES
        self.input_spec = InputSpec(ndim=rank + 2)
        self.state_size = -1  # the states are feature maps, sized at build

    @property
    def _channel_axis(self) -> int:
        return -1 if self.data_format == "channels_last" else 1

    def build(self, inputs_shape, states_shape=None):
        if self.data_format == "channels_first":
            self.spatial_dims = tuple(inputs_shape[2:])
        else:
            self.spatial_dims = tuple(inputs_shape[1:-1])
        if None in self.spatial_dims:
            raise ValueError(
                "ConvLSTM layers only support static input shapes for the spatial "
                f"dimension. Received invalid input shape: input_shape={inputs_shape}"
            )
        input_dim = inputs_shape[self._channel_axis]
        if input_dim is None:
            raise ValueError(
                "The channel dimension of the inputs (last axis) should be defined. Found "
                f"None. Full input shape received: input_shape={inputs_shape}"
            )
        self.input_spec = InputSpec(shape=(None,) + tuple(inputs_shape[1:]))
        self.input_dim = input_dim
        self.kernel = self.add_weight(
            shape=self.kernel_size + (input_dim, self.filters * _GATES), name="kernel",
            initializer=self.kernel_initializer, regularizer=self.kernel_regularizer,
            constraint=self.kernel_constraint,
        )
        self.recurrent_kernel = self.add_weight(
            shape=self.kernel_size + (self.filters, self.filters * _GATES),
            name="recurrent_kernel", initializer=self.recurrent_initializer,
            regularizer=self.recurrent_regularizer, constraint=self.recurrent_constraint,
        )
        self.bias = None
        if self.use_bias:
            bias_initializer = self.bias_initializer
            if self.unit_forget_bias:
                bias_initializer = unit_forget_bias_initializer(self.bias_initializer,
                                                                self.filters)
            self.bias = self.add_weight(
                shape=(self.filters * _GATES,), name="bias", initializer=bias_initializer,
                regularizer=self.bias_regularizer, constraint=self.bias_constraint,
            )

    def call(self, inputs, states, training=False):
        h_tm1, c_tm1 = states[0], states[1]
        input_masks = recurrent_masks = None
        if training and 0.0 < self.dropout < 1.0:
            input_masks = self.get_dropout_mask(inputs)
        if training and 0.0 < self.recurrent_dropout < 1.0:
            recurrent_masks = self.get_recurrent_dropout_mask(h_tm1)
        x = self._gates_conv(inputs, input_masks, self.kernel, self.bias, self.strides,
                             self.padding, self.dilation_rate)
        ones = (1,) * self.rank
        h = self._gates_conv(h_tm1, recurrent_masks, self.recurrent_kernel, None, ones,
                             "same", ones)
        z_i, z_f, z_c, z_o = (x + h).chunk(_GATES, dim=self._channel_axis)
        i = self.recurrent_activation(z_i)
        f = self.recurrent_activation(z_f)
        c = f * c_tm1 + i * self.activation(z_c)
        o = self.recurrent_activation(z_o)
        h = o * self.activation(c)
        return h, [h, c]

    def _gates_conv(self, x, masks, kernel, bias, strides, padding, dilation_rate):
        """The four gates' convolution: one convolution, grouped per gate with dropout masks."""
        if masks is None:
            return conv(x, kernel, bias, strides, padding, dilation_rate, 1, self.data_format)
        # Gate g reads its own dropped-out copy of x: the copies side by side
        # along the channels, convolved with groups=4 (the Keras-layout
        # kernel's output columns are already grouped per gate).
        x = torch.cat([x * m for m in masks], dim=self._channel_axis)
        return conv(x, kernel, bias, strides, padding, dilation_rate, _GATES, self.data_format)

    def compute_output_shape(self, inputs_shape, states_shape=None):
        conv_output_shape = compute_conv_output_shape(
            inputs_shape, self.filters, self.kernel_size, self.strides, self.padding,
            self.data_format, self.dilation_rate, layer_name=self.name)
        return conv_output_shape, [conv_output_shape, conv_output_shape]

    def get_initial_state(self, batch_size=None) -> list:
        """Returns zero `[h, c]` states, each shaped like one output step.

        Args:
            batch_size: Number of sequences.
        """
        if self.data_format == "channels_last":
            input_shape = (batch_size,) + self.spatial_dims + (self.input_dim,)
        else:
            input_shape = (batch_size, self.input_dim) + self.spatial_dims
        state_shape = self.compute_output_shape(input_shape)[0]
        dtype = to_torch_dtype(self.compute_dtype)
        device = self._weights_device()
        return [torch.zeros(state_shape, dtype=dtype, device=device) for _ in range(2)]

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "filters": self.filters,
            "kernel_size": self.kernel_size,
            "strides": self.strides,
            "padding": self.padding,
            "data_format": self.data_format,
            "dilation_rate": self.dilation_rate,
            "activation": activations.serialize(self.activation),
            "recurrent_activation": activations.serialize(self.recurrent_activation),
            "use_bias": self.use_bias,
            "kernel_initializer": initializers.serialize(self.kernel_initializer),
            "recurrent_initializer": initializers.serialize(self.recurrent_initializer),
            "bias_initializer": initializers.serialize(self.bias_initializer),
            "unit_forget_bias": self.unit_forget_bias,
            "kernel_regularizer": regularizers.serialize(self.kernel_regularizer),
            "recurrent_regularizer": regularizers.serialize(self.recurrent_regularizer),
            "bias_regularizer": regularizers.serialize(self.bias_regularizer),
            "kernel_constraint": constraints.serialize(self.kernel_constraint),
            "recurrent_constraint": constraints.serialize(self.recurrent_constraint),
            "bias_constraint": constraints.serialize(self.bias_constraint),
            "dropout": self.dropout,
            "recurrent_dropout": self.recurrent_dropout,
            "seed": self.seed,
        }


class ConvLSTM(BaseRNNLayer):
    """Abstract N-D convolutional LSTM layer; subclasses set the class attribute `rank`.

    Similar to an LSTM layer, but the input transformations and recurrent
    transformations are both convolutional (`ConvLSTMCell`), run step by
    step over the time axis (axis 1) by `RNN`.

    Args:
        filters: Number of output channels.
        kernel_size: Int or tuple of `rank` ints.
        strides: Int or tuple of `rank` ints; `> 1` is incompatible with
            `dilation_rate > 1`.
        padding: `"valid"` or `"same"` (case-insensitive).
        data_format: `"channels_last"` or `"channels_first"` (default:
            `image_data_format()`).
        dilation_rate: Int or tuple of `rank` ints.
        activation: Activation of the cell input and output (`"tanh"`).
        recurrent_activation: Activation of the gates (`"sigmoid"`).
        use_bias: Whether the layer uses a bias vector.
        kernel_initializer: Initializer of `kernel`.
        recurrent_initializer: Initializer of `recurrent_kernel`.
        bias_initializer: Initializer of `bias`.
        unit_forget_bias: Whether the forget gate's bias starts at 1.
        kernel_regularizer: Optional regularizer of `kernel`.
        recurrent_regularizer: Optional regularizer of `recurrent_kernel`.
        bias_regularizer: Optional regularizer of `bias`.
        activity_regularizer: Optional regularizer of the output.
        kernel_constraint: Optional constraint of `kernel`.
        recurrent_constraint: Optional constraint of `recurrent_kernel`.
        bias_constraint: Optional constraint of `bias`.
        dropout: Fraction of the input to drop.
        recurrent_dropout: Fraction of the recurrent state to drop.
        seed: Optional integer seed of the dropout masks.
        return_sequences: Whether to return the whole output sequence.
        return_state: Whether to return the final `h` and `c` after the output.
        go_backwards: Whether to process the sequence from its end.
        stateful: Whether the final states of a batch start the next one.
        **kwargs: `RNN` arguments (`unroll`, ...) and base layer arguments.
    """

    rank = None

    filters = cell_attribute("filters")
    kernel_size = cell_attribute("kernel_size")
    strides = cell_attribute("strides")
    padding = cell_attribute("padding")
    data_format = cell_attribute("data_format")
    dilation_rate = cell_attribute("dilation_rate")
    recurrent_activation = cell_attribute("recurrent_activation")
    unit_forget_bias = cell_attribute("unit_forget_bias")

    def __init__(self, filters, kernel_size, strides=1, padding="valid", data_format=None,
                 dilation_rate=1, activation="tanh", recurrent_activation="sigmoid",
                 use_bias=True, kernel_initializer="glorot_uniform",
                 recurrent_initializer="orthogonal", bias_initializer="zeros",
                 unit_forget_bias=True, kernel_regularizer=None, recurrent_regularizer=None,
                 bias_regularizer=None, activity_regularizer=None, kernel_constraint=None,
                 recurrent_constraint=None, bias_constraint=None, dropout=0.0,
                 recurrent_dropout=0.0, seed=None, return_sequences=False, return_state=False,
                 go_backwards=False, stateful=False, **kwargs):
        cell = ConvLSTMCell(
            rank=self.rank, filters=filters, kernel_size=kernel_size, strides=strides,
            padding=padding, data_format=data_format, dilation_rate=dilation_rate,
            activation=activation, recurrent_activation=recurrent_activation,
            use_bias=use_bias, kernel_initializer=kernel_initializer,
            recurrent_initializer=recurrent_initializer, bias_initializer=bias_initializer,
            unit_forget_bias=unit_forget_bias, kernel_regularizer=kernel_regularizer,
            recurrent_regularizer=recurrent_regularizer, bias_regularizer=bias_regularizer,
            kernel_constraint=kernel_constraint, recurrent_constraint=recurrent_constraint,
            bias_constraint=bias_constraint, dropout=dropout,
            recurrent_dropout=recurrent_dropout, seed=seed, name="conv_lstm_cell",
            dtype=kwargs.get("dtype"),
        )
        super().__init__(cell, activity_regularizer=activity_regularizer,
                         return_sequences=return_sequences, return_state=return_state,
                         go_backwards=go_backwards, stateful=stateful, **kwargs)
        self.input_spec = InputSpec(ndim=self.rank + 3)

    def compute_output_shape(self, sequences_shape, initial_state_shape=None):
        batch_size, steps = sequences_shape[0], sequences_shape[1]
        step_shape = (batch_size,) + tuple(sequences_shape[2:])
        state_shape = tuple(self.cell.compute_output_shape(step_shape)[0][1:])
        if self.return_sequences:
            output_shape = (batch_size, steps) + state_shape
        else:
            output_shape = (batch_size,) + state_shape
        if self.return_state:
            batched_state_shape = (batch_size,) + state_shape
            return output_shape, batched_state_shape, batched_state_shape
        return output_shape

    def compute_mask(self, _, mask):
        mask = tree.flatten(mask)[0]
        output_mask = mask if self.return_sequences else None
        if self.return_state:
            return [output_mask, None, None]
        return output_mask

"""What `SimpleRNNCell`, `LSTMCell` and `GRUCell` share: arguments, weights, config, fused kernel.

A cell computes one time step. Its weights are in Keras layout: `kernel`
`(input_dim, gates * units)`, `recurrent_kernel` `(units, gates * units)`,
the gates side by side in Keras's order. `fused_kernel` / `fused_weights`
tell the `RNN` layer when and how torch's fused sequence kernels (those of
`torch.nn.RNN` / `LSTM` / `GRU`, cuDNN on CUDA) compute the same thing over
the whole sequence.
"""

import torch

from kerastorch import activations, constraints, initializers, regularizers
from kerastorch.backend.dtypes import to_torch_dtype
from kerastorch.backend.random import make_generator
from kerastorch.layers.layer import Layer
from kerastorch.layers.rnn.dropout_rnn_cell import DropoutRNNCell

_TANH = (activations.tanh, torch.tanh)
_SIGMOID = (activations.sigmoid, torch.sigmoid)


class BaseRNNCell(Layer, DropoutRNNCell):
    """Base of the built-in RNN cells.

    Args:
        units: Positive integer, dimensionality of the output and state.
        activation: Activation of the output (`"tanh"`).
        use_bias: Whether the cell has a bias.
        kernel_initializer: Initializer of `kernel` (`"glorot_uniform"`).
        recurrent_initializer: Initializer of `recurrent_kernel` (`"orthogonal"`).
        bias_initializer: Initializer of `bias` (`"zeros"`).
        kernel_regularizer: Optional regularizer of `kernel`.
        recurrent_regularizer: Optional regularizer of `recurrent_kernel`.
        bias_regularizer: Optional regularizer of `bias`.
        kernel_constraint: Optional constraint of `kernel`.
        recurrent_constraint: Optional constraint of `recurrent_kernel`.
        bias_constraint: Optional constraint of `bias`.
        dropout: Fraction of the inputs to drop (clipped to `[0, 1]`).
        recurrent_dropout: Fraction of the previous state to drop.
        seed: Optional integer seed of the dropout masks.
        **kwargs: Base layer arguments (`name`, `dtype`, ...).
    """

    # Keras gates per unit (columns of `kernel` per unit) and the torch
    # kernel of the whole-sequence computation (`torch._VF.<name>`).
    gates = 1
    fused_kernel_name = None
    # The `call` the fused kernel reproduces; a subclass overriding `call`
    # computes something else and runs step by step.
    _fused_call = None

    def __init__(self, units, activation="tanh", use_bias=True,
                 kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal",
                 bias_initializer="zeros", kernel_regularizer=None, recurrent_regularizer=None,
                 bias_regularizer=None, kernel_constraint=None, recurrent_constraint=None,
                 bias_constraint=None, dropout=0.0, recurrent_dropout=0.0, seed=None,
                 **kwargs):
        if units <= 0:
            raise ValueError(
                "Received an invalid value for argument `units`, expected a positive "
                f"integer, got {units}."
            )
        super().__init__(**kwargs)
        self.units = units
        self.activation = activations.get(activation)
        self.use_bias = use_bias
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.recurrent_initializer = initializers.get(recurrent_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.recurrent_regularizer = regularizers.get(recurrent_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.recurrent_constraint = constraints.get(recurrent_constraint)
        self.bias_constraint = constraints.get(bias_constraint)
        self.dropout = min(1.0, max(0.0, dropout))
        self.recurrent_dropout = min(1.0, max(0.0, recurrent_dropout))
        self.seed = seed
        self._generator = make_generator(seed)
        self.state_size = units
        self.output_size = units

    def build(self, input_shape):
        width = self.gates * self.units
        self.kernel = self.add_weight(
            shape=(input_shape[-1], width), name="kernel",
            initializer=self.kernel_initializer, regularizer=self.kernel_regularizer,
            constraint=self.kernel_constraint,
        )
        self.recurrent_kernel = self.add_weight(
            shape=(self.units, width), name="recurrent_kernel",
            initializer=self.recurrent_initializer, regularizer=self.recurrent_regularizer,
            constraint=self.recurrent_constraint,
        )
        self.bias = None
        if self.use_bias:
            self.bias = self.add_weight(
                shape=self._bias_shape(), name="bias", initializer=self._bias_initializer(),
                regularizer=self.bias_regularizer, constraint=self.bias_constraint,
            )

    def _bias_shape(self):
        return (self.gates * self.units,)

    def _bias_initializer(self):
        return self.bias_initializer

    def get_initial_state(self, batch_size=None) -> list:
        """Returns zero states, one `(batch_size, size)` tensor per state.

        Args:
            batch_size: Number of sequences.
        """
        sizes = self.state_size if isinstance(self.state_size, (list, tuple)) else [
            self.state_size]
        device = self._weights_device()
        dtype = to_torch_dtype(self.compute_dtype)
        return [torch.zeros((batch_size, size), device=device, dtype=dtype) for size in sizes]

    # ------------------------------------------------------- fused kernel
    def fused_kernel(self, training) -> "str | None":
        """The torch kernel that computes this cell over a whole sequence, or `None`.

        The kernels hard-wire `tanh` (and `sigmoid` gates) and cannot apply
        recurrent dropout, so other configurations run step by step.

        Args:
            training: Whether the call is in training mode.
        """
        if self.fused_kernel_name is None or type(self).call is not type(self)._fused_call:
            return None
        if training and self.recurrent_dropout > 0:
            return None
        if self.activation not in _TANH:
            return None
        if getattr(self, "recurrent_activation", torch.sigmoid) not in _SIGMOID:
            return None
        return self.fused_kernel_name

    def fused_weights(self) -> list:
        """The weights in the torch kernel's layout: `[w_ih, w_hh, b_ih, b_hh]`.

        Views of the Keras-layout weights (transposed; for the GRU, gates
        reordered by a copy), computed at each call so gradients flow to the
        Keras weights; `fused_rnn` copies them into one buffer (a few small
        copies per sequence, not per step).
        """
        weights = [self.kernel.t(), self.recurrent_kernel.t()]
        if self.bias is not None:
            # Keras has one bias where torch adds two.
            weights += [self.bias, torch.zeros_like(self.bias)]
        return weights

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "units": self.units,
            "activation": activations.serialize(self.activation),
            "use_bias": self.use_bias,
            "kernel_initializer": initializers.serialize(self.kernel_initializer),
            "recurrent_initializer": initializers.serialize(self.recurrent_initializer),
            "bias_initializer": initializers.serialize(self.bias_initializer),
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


class BaseGatedRNNCell(BaseRNNCell):
    """Base of `LSTMCell` and `GRUCell`: a gate activation, and Keras's two implementations.

    With `recurrent_dropout` (Keras's `implementation=1`), each gate draws its
    own input and recurrent dropout masks; otherwise one input mask serves all
    gates (`implementation=2`).

    Args:
        units: Positive integer, dimensionality of the output and state.
        recurrent_activation: Activation of the gates (`"sigmoid"`).
        **kwargs: `BaseRNNCell` arguments; `implementation` (1 or 2) is
            accepted as in Keras.
    """

    def __init__(self, units, recurrent_activation="sigmoid", **kwargs):
        implementation = kwargs.pop("implementation", 2)
        super().__init__(units, **kwargs)
        self.recurrent_activation = activations.get(recurrent_activation)
        self.implementation = 1 if self.recurrent_dropout != 0.0 else implementation
        if self.implementation == 1:
            self.dropout_mask_count = self.gates

    def fused_kernel(self, training) -> "str | None":
        if training and self.implementation == 1 and self.dropout > 0:
            return None  # one input dropout mask per gate
        return super().fused_kernel(training)

    def _step_masks(self, inputs, h_tm1, training):
        """The input and recurrent dropout masks of this step (`None` when not dropping)."""
        if not training:
            return None, None
        dp_mask = (self.get_dropout_mask(inputs)
                   if 0.0 < self.dropout < 1.0 else None)
        rec_mask = (self.get_recurrent_dropout_mask(h_tm1)
                    if self.implementation == 1 and 0.0 < self.recurrent_dropout < 1.0
                    else None)
        return dp_mask, rec_mask

    def _per_gate(self, x, mask, weight):
        """`x @ weight`, split per gate; with one mask per gate, each gate sees its own `x`."""
        if isinstance(mask, list):
            return [(x * m) @ w for m, w in zip(mask, weight.chunk(len(mask), dim=1))]
        if mask is not None:
            x = x * mask
        return list((x @ weight).chunk(weight.shape[1] // self.units, dim=1))

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "recurrent_activation": activations.serialize(self.recurrent_activation),
        }


def unit_forget_bias_initializer(bias_initializer, units: int):
    """An LSTM bias initializer whose forget-gate quarter is ones (Keras's `unit_forget_bias`).

    Args:
        bias_initializer: Initializer of the other three gates' biases.
        units: Units (filters) per gate.

    Returns:
        A callable `(shape, dtype=None) -> tensor` of `4 * units` values:
        `bias_initializer` for the input gate, ones for the forget gate,
        `bias_initializer` for the cell and output gates.
    """

    def initialize(shape, dtype=None):
        return torch.cat([
            torch.as_tensor(bias_initializer((units,), dtype=dtype)),
            torch.as_tensor(initializers.get("ones")((units,), dtype=dtype)),
            torch.as_tensor(bias_initializer((units * 2,), dtype=dtype)),
        ])

    return initialize

"""`GRUCell` and `GRU`: Gated Recurrent Unit (Cho et al., 2014)."""

import torch

from kerastorch.api_export import keras_export
from kerastorch.layers.rnn.base_rnn_cell import BaseGatedRNNCell
from kerastorch.layers.rnn.base_rnn_layer import (
    BaseRNNLayer,
    cell_attribute,
    cell_kwargs,
    check_use_cudnn,
)
from kerastorch.utils import tree


@keras_export("keras.layers.GRUCell")
class GRUCell(BaseGatedRNNCell):
    """Cell class for the `GRU` layer: one step of a GRU.

    Gates in Keras's order `z, r, h` (update, reset, candidate):
    `z = σ(x W_z + h U_z)`, `r = σ(x W_r + h U_r)`, `hh = tanh(x W_h + r *
    (h U_h))` with `reset_after=True` (the reset gate applied after the
    matrix product, torch's and cuDNN's formulation; two biases, `bias`
    `(2, 3 * units)`: input and recurrent) or `tanh(x W_h + (r * h) U_h)`
    with `reset_after=False` (Keras 2's default; one bias `(3 * units,)`);
    then `h' = z * h + (1 - z) * hh`. Weights: `kernel` `(input_dim, 3 *
    units)`, `recurrent_kernel` `(units, 3 * units)`.

    Args:
        units: Positive integer, dimensionality of the output space.
        activation: Activation of the candidate (`"tanh"`).
        recurrent_activation: Activation of the gates (`"sigmoid"`).
        use_bias: Whether the cell uses a bias.
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
        reset_after: Whether the reset gate applies after the recurrent
            matrix product (`True`, the default) or before it.
        seed: Optional integer seed of the dropout masks.
        **kwargs: Base layer arguments (`name`, `dtype`, ...).

    Call arguments:
        inputs: Tensor `(batch, features)`, one step.
        states: The previous state `(batch, units)` (or a list holding it).
        training: Whether to apply dropout.

    Example:

    >>> rnn = kerastorch.layers.RNN(GRUCell(4))
    >>> rnn(torch.ones(32, 10, 8)).shape
    torch.Size([32, 4])
    """

    gates = 3
    fused_kernel_name = "gru"

    def __init__(self, units, activation="tanh", recurrent_activation="sigmoid", use_bias=True,
                 kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal",
                 bias_initializer="zeros", kernel_regularizer=None, recurrent_regularizer=None,
                 bias_regularizer=None, kernel_constraint=None, recurrent_constraint=None,
                 bias_constraint=None, dropout=0.0, recurrent_dropout=0.0, reset_after=True,
                 seed=None, **kwargs):
        super().__init__(
            units, activation=activation, recurrent_activation=recurrent_activation,
            use_bias=use_bias, kernel_initializer=kernel_initializer,
            recurrent_initializer=recurrent_initializer, bias_initializer=bias_initializer,
            kernel_regularizer=kernel_regularizer, recurrent_regularizer=recurrent_regularizer,
            bias_regularizer=bias_regularizer, kernel_constraint=kernel_constraint,
            recurrent_constraint=recurrent_constraint, bias_constraint=bias_constraint,
            dropout=dropout, recurrent_dropout=recurrent_dropout, seed=seed, **kwargs,
        )
        self.reset_after = reset_after

    def _bias_shape(self):
        # Input and recurrent biases (as cuDNN's GRU) with `reset_after`.
        return (2, 3 * self.units) if self.reset_after else (3 * self.units,)

    def call(self, inputs, states, training=False):
        h_tm1 = states[0] if tree.is_nested(states) else states
        units = self.units
        dp_mask, rec_mask = self._step_masks(inputs, h_tm1, training)
        input_bias = recurrent_bias = None
        if self.bias is not None:
            input_bias, recurrent_bias = self.bias if self.reset_after else (self.bias, None)
        x_z, x_r, x_h = self._per_gate(inputs, dp_mask, self.kernel)
        if input_bias is not None:
            b_z, b_r, b_h = input_bias.chunk(3)
            x_z, x_r, x_h = x_z + b_z, x_r + b_r, x_h + b_h
        if self.reset_after:
            r_z, r_r, r_h = self._per_gate(h_tm1, rec_mask, self.recurrent_kernel)
            if recurrent_bias is not None:
                b_z, b_r, b_h = recurrent_bias.chunk(3)
                r_z, r_r, r_h = r_z + b_z, r_r + b_r, r_h + b_h
        else:
            gate_masks = rec_mask[:2] if isinstance(rec_mask, list) else rec_mask
            r_z, r_r = self._per_gate(h_tm1, gate_masks, self.recurrent_kernel[:, :2 * units])
        z = self.recurrent_activation(x_z + r_z)
        r = self.recurrent_activation(x_r + r_r)
        if self.reset_after:
            recurrent_h = r * r_h
        else:
            h_h = h_tm1 * rec_mask[2] if isinstance(rec_mask, list) else h_tm1
            recurrent_h = (r * h_h) @ self.recurrent_kernel[:, 2 * units:]
        hh = self.activation(x_h + recurrent_h)
        h = z * h_tm1 + (1 - z) * hh
        return h, ([h] if tree.is_nested(states) else h)

    _fused_call = call

    def fused_kernel(self, training) -> "str | None":
        # torch's GRU is the `reset_after=True` formulation only.
        return super().fused_kernel(training) if self.reset_after else None

    def fused_weights(self) -> list:
        """The weights in torch's GRU layout: gates reordered from `z, r, h` to `r, z, n`."""
        weights = [self.kernel.t(), self.recurrent_kernel.t()]
        if self.bias is not None:
            weights += [self.bias[0], self.bias[1]]
        return [_zr_to_rz(w, self.units) for w in weights]

    def get_config(self) -> dict:
        return {**super().get_config(), "reset_after": self.reset_after}


def _zr_to_rz(weight, units):
    """Swaps the first two gate blocks (rows) of a torch-layout GRU weight (one copy)."""
    return torch.cat([weight[units:2 * units], weight[:units], weight[2 * units:]])


@keras_export("keras.layers.GRU")
class GRU(BaseRNNLayer):
    """Gated Recurrent Unit - Cho et al. 2014.

    A `GRUCell` run over the sequence. With `tanh` / `sigmoid`,
    `reset_after=True` and no recurrent dropout in training, the whole
    sequence runs in torch's fused GRU kernel (`torch.nn.GRU`'s, cuDNN on
    CUDA), masked sequences too when they are right- or left-padded;
    otherwise step by step. Both give Keras's numbers.

    Args:
        units: Positive integer, dimensionality of the output space.
        activation: Activation of the candidate (`"tanh"`).
        recurrent_activation: Activation of the gates (`"sigmoid"`).
        use_bias: Whether the layer uses a bias.
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
        seed: Optional integer seed of the dropout masks.
        return_sequences: Whether to return the whole output sequence.
        return_state: Whether to return the final state too.
        go_backwards: Whether to process the sequence backwards.
        stateful: Whether each batch starts from the previous batch's state.
        unroll: Kept for Keras compatibility; forces the step-by-step loop.
        reset_after: Whether the reset gate applies after the recurrent
            matrix product (`True`) or before it (Keras 2's default).
        use_cudnn: `"auto"` (the fused kernel when possible), `False` (always
            step by step) or `True` (raise a `ValueError` when the fused
            kernel cannot run).
        **kwargs: Base layer arguments (`name`, `dtype`, ...) and
            `zero_output_for_mask`.

    Call arguments:
        sequences: Tensor `(batch, timesteps, features)`.
        initial_state: Optional list with the initial state.
        mask: Optional boolean tensor `(batch, timesteps)`.
        training: Whether to apply dropout.

    Example:

    >>> GRU(4)(torch.ones(32, 10, 8)).shape
    torch.Size([32, 4])
    """

    recurrent_activation = cell_attribute("recurrent_activation")
    reset_after = cell_attribute("reset_after")

    def __init__(self, units, activation="tanh", recurrent_activation="sigmoid", use_bias=True,
                 kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal",
                 bias_initializer="zeros", kernel_regularizer=None, recurrent_regularizer=None,
                 bias_regularizer=None, activity_regularizer=None, kernel_constraint=None,
                 recurrent_constraint=None, bias_constraint=None, dropout=0.0,
                 recurrent_dropout=0.0, seed=None, return_sequences=False, return_state=False,
                 go_backwards=False, stateful=False, unroll=False, reset_after=True,
                 use_cudnn="auto", **kwargs):
        cell = GRUCell(
            units, activation=activation, recurrent_activation=recurrent_activation,
            use_bias=use_bias, kernel_initializer=kernel_initializer,
            recurrent_initializer=recurrent_initializer, bias_initializer=bias_initializer,
            kernel_regularizer=kernel_regularizer, recurrent_regularizer=recurrent_regularizer,
            bias_regularizer=bias_regularizer, kernel_constraint=kernel_constraint,
            recurrent_constraint=recurrent_constraint, bias_constraint=bias_constraint,
            dropout=dropout, recurrent_dropout=recurrent_dropout, reset_after=reset_after,
            seed=seed, implementation=kwargs.pop("implementation", 2),
            **cell_kwargs(kwargs, "gru_cell"),
        )
        super().__init__(
            cell, return_sequences=return_sequences, return_state=return_state,
            go_backwards=go_backwards, stateful=stateful, unroll=unroll,
            activity_regularizer=activity_regularizer, **kwargs,
        )
        self.use_cudnn = check_use_cudnn(use_cudnn)

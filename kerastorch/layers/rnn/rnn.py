"""`RNN`: runs a recurrent cell over the time axis of a sequence."""

import numpy as np
import torch

from kerastorch.api_export import keras_export
from kerastorch.backend.dtypes import to_torch_dtype
from kerastorch.layers.layer import Layer
from kerastorch.layers.rnn.dropout_rnn_cell import DropoutRNNCell
from kerastorch.layers.rnn.fused_rnn import fused_rnn
from kerastorch.layers.rnn.rnn_loop import rnn_loop
from kerastorch.layers.rnn.stacked_rnn_cells import StackedRNNCells
from kerastorch.saving import serialization_lib
from kerastorch.utils import tree


@keras_export("keras.layers.RNN")
class RNN(Layer):
    """Base class for recurrent layers: applies a cell at each step of a sequence.

    A cell is an object (usually a `Layer`) with a `call(inputs, states)`
    method returning `(output, new_states)`, a `state_size` attribute (an
    integer, or a list with one size per state) and optionally
    `output_size` and `get_initial_state(batch_size)`. A list of cells is
    stacked (`StackedRNNCells`).

    The built-in cells (`SimpleRNNCell`, `LSTMCell`, `GRUCell`) with `tanh`
    activations and `sigmoid` gates run the whole sequence in one of torch's
    fused kernels (the kernels of `torch.nn.LSTM` & co., cuDNN on CUDA),
    masks included when each row's unmasked steps are contiguous (right or
    left padding); otherwise — other cells, other activations, recurrent
    dropout in training, `unroll=True`, scattered masks — the cell is called
    step by step (`rnn_loop`). Both give Keras's numbers.

    Args:
        cell: An RNN cell, or a list of cells (stacked).
        return_sequences: Whether to return the whole output sequence
            instead of the last output.
        return_state: Whether to return the final states after the output.
        go_backwards: Whether to process the sequence from its end (the
            output sequence is then reversed).
        stateful: Whether the final states of a batch are the initial states
            of the next one (needs a fixed batch size; `reset_state()`
            zeroes them).
        unroll: Kept for Keras compatibility (torch always loops eagerly);
            `True` also forces the step-by-step loop.
        zero_output_for_mask: Whether masked steps output zeros instead of
            the previous output.
        **kwargs: Base layer arguments (`name`, `dtype`, ...).

    Call arguments:
        sequences: Tensor `(batch, timesteps, features)`.
        initial_state: Optional list of initial state tensors.
        mask: Optional boolean tensor `(batch, timesteps)`, `True` for the
            steps to use.
        training: Whether the cell is in training mode (dropout).

    Output shape:
        `(batch, units)`, or `(batch, timesteps, units)` with
        `return_sequences`; with `return_state`, followed by the final
        states, each `(batch, state_size)`.

    Example:

    >>> layer = RNN(kerastorch.layers.LSTMCell(4), return_sequences=True)
    >>> layer(torch.ones(2, 5, 3)).shape
    torch.Size([2, 5, 4])
    """

    _promotes_non_float_inputs = True

    def __init__(self, cell, return_sequences=False, return_state=False, go_backwards=False,
                 stateful=False, unroll=False, zero_output_for_mask=False, **kwargs):
        if isinstance(cell, (list, tuple)):
            cell = StackedRNNCells(cell)
        if "call" not in dir(cell):
            raise ValueError(
                f"Argument `cell` should have a `call` method. Received: cell={cell}"
            )
        if "state_size" not in dir(cell):
            raise ValueError(
                "The RNN cell should have a `state_size` attribute (single integer or "
                "list of integers, one integer per RNN state). "
                f"Received: cell={cell}"
            )
        super().__init__(**kwargs)
        self.zero_output_for_mask = zero_output_for_mask
        self.cell = cell
        self.return_sequences = return_sequences
        self.return_state = return_state
        self.go_backwards = go_backwards
        self.stateful = stateful
        self.unroll = unroll
        self.supports_masking = True
        self.input_spec = None
        self.states = None
        self._expected_batch_size = None
        state_size = getattr(self.cell, "state_size", None)
        if state_size is None:
            raise ValueError("state_size must be specified as property on the RNN cell.")
        if not isinstance(state_size, (list, tuple, int)):
            raise ValueError(
                "state_size must be an integer, or a list/tuple of integers "
                "(one for each state tensor)."
            )
        self.single_state = isinstance(state_size, int)
        self.state_size = [state_size] if self.single_state else list(state_size)

    def compute_output_shape(self, sequences_shape, initial_state_shape=None):
        batch_size, length = sequences_shape[0], sequences_shape[1]
        states_shape = []
        for size in self.state_size:
            if isinstance(size, int):
                states_shape.append((batch_size, size))
            else:
                states_shape.append([(batch_size, s) for s in size])
        output_size = getattr(self.cell, "output_size", None)
        if output_size is None:
            output_size = self.state_size[0]
        if not isinstance(output_size, int):
            raise ValueError("output_size must be an integer.")
        if self.return_sequences:
            output_shape = (batch_size, length, output_size)
        else:
            output_shape = (batch_size, output_size)
        if self.return_state:
            return output_shape, *states_shape
        return output_shape

    def compute_mask(self, _, mask):
        mask = tree.flatten(mask)[0]
        output_mask = mask if self.return_sequences else None
        if self.return_state:
            return [output_mask] + [None for _ in self.state_size]
        return output_mask

    def build(self, sequences_shape, initial_state_shape=None):
        step_input_shape = (sequences_shape[0],) + tuple(sequences_shape[2:])
        if isinstance(self.cell, Layer) and not self.cell.built:
            self.cell.build(step_input_shape)
            self.cell.built = True
        if self.stateful:
            if self.states is not None:
                self.reset_state()
            else:
                if sequences_shape[0] is None:
                    raise ValueError(
                        "When using `stateful=True` in a RNN, the batch size must be "
                        "static. Found dynamic batch size: "
                        f"sequence.shape={tuple(sequences_shape)}"
                    )
                self.states = self.get_initial_state(sequences_shape[0])
                self._expected_batch_size = sequences_shape[0]

    def get_initial_state(self, batch_size) -> list:
        """Returns the initial states: the cell's `get_initial_state`, else zeros.

        Args:
            batch_size: Number of sequences.

        Returns:
            A list of state tensors (nested lists for stacked cells).
        """
        get_initial_state_fn = getattr(self.cell, "get_initial_state", None)
        if get_initial_state_fn is None:
            dtype = to_torch_dtype(getattr(self.cell, "compute_dtype", self.compute_dtype))
            return [torch.zeros((batch_size, d), dtype=dtype, device=self._weights_device())
                    for d in self.state_size]
        init_state = get_initial_state_fn(batch_size=batch_size)
        if not tree.is_nested(init_state):
            init_state = [init_state]
        return list(init_state)

    def reset_states(self) -> None:
        """Alias of `reset_state`, kept for compatibility."""
        self.reset_state()

    def reset_state(self) -> None:
        """Sets the states of a stateful layer to zeros."""
        if self.states is not None:
            self.states = tree.map_structure(torch.zeros_like, self.states)

    def inner_loop(self, sequences, initial_state, mask, training=False):
        """Runs the cell over the sequence: a fused kernel when possible, else step by step.

        Args:
            sequences: Tensor `(batch, timesteps, features)`.
            initial_state: List of initial states.
            mask: Optional boolean tensor `(batch, timesteps)`.
            training: Whether the cell is in training mode.

        Returns:
            `(last_output, outputs, states)` (see `rnn_loop`).
        """
        if tree.is_nested(mask):
            mask = mask[0]
        use_cudnn = getattr(self, "use_cudnn", "auto")
        kernel = self._fused_kernel(training) if use_cudnn in ("auto", True) else None
        if kernel is not None:
            result = self._fused_loop(kernel, sequences, initial_state, mask, training)
            if result is not None:
                return result
        if use_cudnn is True:
            raise ValueError(
                "use_cudnn=True was specified, but cuDNN is not supported for this layer "
                "configuration with this backend. Pass use_cudnn='auto' to fallback to a "
                "non-cuDNN implementation."
            )
        return self._step_loop(sequences, initial_state, mask, training)

    def _fused_loop(self, kernel, sequences, initial_state, mask, training):
        """The whole sequence in torch's fused kernel (`None` when the mask does not allow it)."""
        if training and self.cell.dropout > 0:
            # One input dropout mask for the whole sequence, as the cell uses.
            sequences = sequences * self.cell.get_dropout_mask(sequences[:, 0]).unsqueeze(1)
        return fused_rnn(
            kernel, self.cell.fused_weights(), sequences, initial_state, mask=mask,
            go_backwards=self.go_backwards, zero_output_for_mask=self.zero_output_for_mask,
            return_sequences=self.return_sequences)

    def _step_loop(self, sequences, initial_state, mask, training):
        """The cell called at each step (`rnn_loop`)."""
        cell_kwargs = {}
        if isinstance(self.cell, Layer) and self.cell._call_has_training:
            cell_kwargs["training"] = training

        def step(inputs, states):
            output, new_states = self.cell(inputs, states, **cell_kwargs)
            if not tree.is_nested(new_states):
                new_states = [new_states]
            return output, new_states

        return rnn_loop(
            step, sequences, initial_state, go_backwards=self.go_backwards, mask=mask,
            zero_output_for_mask=self.zero_output_for_mask,
            return_all_outputs=self.return_sequences)

    def _fused_kernel(self, training):
        """The fused kernel's name when the cell can run in one over the sequence, else `None`."""
        fused_kernel = getattr(self.cell, "fused_kernel", None)
        if fused_kernel is None or self.unroll:
            return None
        return fused_kernel(training)

    def call(self, sequences, initial_state=None, mask=None, training=False):
        if initial_state is None:
            if self.stateful:
                initial_state = self.states
            else:
                initial_state = self.get_initial_state(batch_size=sequences.shape[0])
        if self.stateful and self._expected_batch_size is not None and \
                sequences.shape[0] != self._expected_batch_size:
            raise ValueError(
                "If an RNN is stateful, the batch size of the input sequences must be "
                "the same as the batch size of the initial state. \n"
                f"- Expected batch size: {self._expected_batch_size}\n"
                f"- Received batch size: {sequences.shape[0]}"
            )
        if not tree.is_nested(initial_state):
            initial_state = [initial_state]
        dtype = to_torch_dtype(getattr(self.cell, "compute_dtype", self.compute_dtype))
        initial_state = tree.map_structure(
            lambda x: _as_tensor(x, dtype, sequences.device), list(initial_state))
        if mask is not None:
            mask = tree.map_structure(lambda m: _as_tensor(m, None, sequences.device), mask)
        try:
            last_output, outputs, states = self.inner_loop(
                sequences=sequences, initial_state=initial_state, mask=mask,
                training=training)
        finally:
            _reset_dropout_masks(self.cell)
        if self.stateful:
            # The next batch starts from these values; gradients stop here.
            self.states = tree.map_structure(lambda s: s.detach(), list(states))
        output = outputs if self.return_sequences else last_output
        if self.return_state:
            return output, *states
        return output

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "return_sequences": self.return_sequences,
            "return_state": self.return_state,
            "go_backwards": self.go_backwards,
            "stateful": self.stateful,
            "unroll": self.unroll,
            "zero_output_for_mask": self.zero_output_for_mask,
            "cell": serialization_lib.serialize_keras_object(self.cell),
        }

    @classmethod
    def from_config(cls, config, custom_objects=None):
        config = dict(config)
        cell = serialization_lib.deserialize_keras_object(
            config.pop("cell"), custom_objects=custom_objects)
        return cls(cell, **config)


def _as_tensor(x, dtype, device):
    if not isinstance(x, torch.Tensor):
        x = torch.as_tensor(np.asarray(x))
    return x.to(device=device, dtype=dtype or x.dtype)


def _reset_dropout_masks(cell):
    if isinstance(cell, DropoutRNNCell):
        cell.reset_dropout_mask()
        cell.reset_recurrent_dropout_mask()
    if isinstance(cell, StackedRNNCells):
        for inner in cell.cells:
            _reset_dropout_masks(inner)

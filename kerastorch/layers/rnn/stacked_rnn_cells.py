"""`StackedRNNCells`: a stack of RNN cells that behaves as one cell."""

import torch

from kerastorch.api_export import keras_export
from kerastorch.backend.dtypes import to_torch_dtype
from kerastorch.layers.layer import Layer
from kerastorch.saving import serialization_lib
from kerastorch.utils import tree


@keras_export("keras.layers.StackedRNNCells")
class StackedRNNCells(Layer):
    """Wrapper allowing a stack of RNN cells to behave as a single cell.

    At each step, each cell's output is the next cell's input; the states
    are the cells' states, one entry per cell.

    Args:
        cells: List of RNN cells.
        **kwargs: Base layer arguments (`name`, `dtype`, ...).

    Example:

    >>> cells = [kerastorch.layers.LSTMCell(8), kerastorch.layers.LSTMCell(4)]
    >>> layer = kerastorch.layers.RNN(StackedRNNCells(cells))
    >>> layer(torch.ones(2, 5, 3)).shape
    torch.Size([2, 4])
    """

    def __init__(self, cells, **kwargs):
        super().__init__(**kwargs)
        for cell in cells:
            if "call" not in dir(cell):
                raise ValueError(
                    "All cells must have a `call` method. "
                    f"Received cell without a `call` method: {cell}"
                )
            if "state_size" not in dir(cell):
                raise ValueError(
                    "All cells must have a `state_size` attribute. "
                    f"Received cell without a `state_size`: {cell}"
                )
        self.cells = list(cells)

    @property
    def state_size(self) -> list:
        """The state sizes of the cells, one entry per cell."""
        return [c.state_size for c in self.cells]

    @property
    def output_size(self) -> int:
        """The output size of the last cell."""
        return _output_size(self.cells[-1])

    def get_initial_state(self, batch_size=None) -> list:
        """Returns each cell's initial states (zeros when a cell defines none).

        Args:
            batch_size: Number of sequences.
        """
        dtype = to_torch_dtype(self.compute_dtype)
        device = self._weights_device()
        initial_states = []
        for cell in self.cells:
            get_initial_state_fn = getattr(cell, "get_initial_state", None)
            if get_initial_state_fn:
                initial_states.append(get_initial_state_fn(batch_size=batch_size))
            elif isinstance(cell.state_size, int):
                initial_states.append(
                    torch.zeros((batch_size, cell.state_size), dtype=dtype, device=device))
            else:
                initial_states.append([torch.zeros((batch_size, d), dtype=dtype, device=device)
                                       for d in cell.state_size])
        return initial_states

    def call(self, inputs, states, training=False, **kwargs):
        new_states = []
        for cell, cell_states in zip(self.cells, states):
            state_is_list = tree.is_nested(cell_states)
            cell_states = list(cell_states) if state_is_list else [cell_states]
            if isinstance(cell, Layer) and cell._call_has_training:
                kwargs["training"] = training
            else:
                kwargs.pop("training", None)
            inputs, cell_states = cell(inputs, cell_states, **kwargs)
            if len(cell_states) == 1 and not state_is_list:
                cell_states = cell_states[0]
            new_states.append(cell_states)
        if len(new_states) == 1:
            new_states = new_states[0]
        return inputs, new_states

    def build(self, input_shape):
        for cell in self.cells:
            if isinstance(cell, Layer) and not cell.built:
                cell.build(input_shape)
                cell.built = True
            input_shape = (tree.flatten(input_shape)[0], _output_size(cell))

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "cells": [serialization_lib.serialize_keras_object(cell) for cell in self.cells],
        }

    @classmethod
    def from_config(cls, config, custom_objects=None):
        config = dict(config)
        cells = [serialization_lib.deserialize_keras_object(c, custom_objects=custom_objects)
                 for c in config.pop("cells")]
        return cls(cells, **config)


def _output_size(cell) -> int:
    if getattr(cell, "output_size", None) is not None:
        return cell.output_size
    if isinstance(cell.state_size, (list, tuple)):
        return cell.state_size[0]
    return cell.state_size

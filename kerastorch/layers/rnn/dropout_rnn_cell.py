"""`DropoutRNNCell`: the per-sequence dropout masks of an RNN cell."""

import torch

from kerastorch.layers.regularization.noise import random_like


class DropoutRNNCell:
    """Mixin that makes and caches an RNN cell's dropout masks.

    Not a cell by itself: a cell class inherits it next to `Layer` and
    provides `dropout`, `recurrent_dropout` and `_generator` (from
    `backend.random.make_generator(seed)`). A mask is drawn at the first step
    of a sequence and reused at every step (the same units are dropped all
    along the sequence, as in Keras); the `RNN` layer clears it after each
    call. With a `dropout_mask_count` attribute (Keras's `implementation=1`
    LSTM and GRU cells, one mask per gate) a list of masks is drawn.

    Example:

    ```python
    class MyCell(Layer, DropoutRNNCell):
        def call(self, inputs, states, training=False):
            if training and self.dropout > 0:
                inputs = inputs * self.get_dropout_mask(inputs)
            ...
    ```
    """

    def _create_dropout_mask(self, step_input, rate):
        count = getattr(self, "dropout_mask_count", None)
        if count is None:
            return _dropout_mask(step_input, rate, self._generator)
        return [_dropout_mask(step_input, rate, self._generator) for _ in range(count)]

    def get_dropout_mask(self, step_input):
        """Returns the input dropout mask (drawn on first use), or `None` without dropout.

        Args:
            step_input: One step of the input, `(batch, features)`.
        """
        if self.__dict__.get("_dropout_mask") is None and self.dropout > 0:
            self._dropout_mask = self._create_dropout_mask(step_input, self.dropout)
        return self.__dict__.get("_dropout_mask")

    def get_recurrent_dropout_mask(self, step_input):
        """Returns the recurrent dropout mask (drawn on first use), or `None`.

        Args:
            step_input: The previous state, `(batch, units)`.
        """
        if self.__dict__.get("_recurrent_dropout_mask") is None and self.recurrent_dropout > 0:
            self._recurrent_dropout_mask = self._create_dropout_mask(
                step_input, self.recurrent_dropout)
        return self.__dict__.get("_recurrent_dropout_mask")

    def reset_dropout_mask(self) -> None:
        """Forgets the input dropout mask (the next sequence draws a new one)."""
        self._dropout_mask = None

    def reset_recurrent_dropout_mask(self) -> None:
        """Forgets the recurrent dropout mask."""
        self._recurrent_dropout_mask = None


def _dropout_mask(x, rate, generator):
    """A `(0 or 1 / (1 - rate))` mask shaped like `x`: inverted dropout of a tensor of ones."""
    if rate >= 1:
        return torch.zeros_like(x)
    keep = random_like(x, x.shape, "uniform", generator) >= rate
    return keep.to(x.dtype) / (1 - rate)

"""`EpochIterator`: the batches of each epoch, as Keras's training loop takes them.

Without `steps_per_epoch` an epoch is one pass over the data; a source of
unknown length (a generator) is read until it runs out, which ends the epoch
with Keras's "ran out of data" warning and fixes the epoch length from then
on. With `steps_per_epoch` an epoch takes that many batches and the next epoch
continues the same pass; a pass that runs out mid-epoch ends the epoch early
(with the warning) and the next epoch starts a new pass.
"""

import itertools
import warnings

from kerastorch.backend import config
from kerastorch.trainers.data_adapters import get_data_adapter


class EpochIterator:
    """Serves the batches of each epoch of `fit` / `evaluate` / `predict`.

    Args:
        x: The data (any kind `get_data_adapter` accepts, or an adapter).
        y: Targets (arrays only).
        sample_weight: Per-sample weights (arrays only).
        batch_size: Samples per batch (arrays and torch `Dataset`s).
        steps_per_epoch: Batches per epoch (default: one pass).
        shuffle: Whether to shuffle the data each pass.
        class_weight: Optional dict class index -> weight.

    Example:

    ```python
    iterator = EpochIterator(x, y, batch_size=32)
    for step, batch in iterator:
        model.train_step(batch)
    ```
    """

    def __init__(self, x, y=None, sample_weight=None, batch_size=None, steps_per_epoch=None,
                 shuffle=False, class_weight=None):
        max_steps = config.max_steps_per_epoch()
        if max_steps and (not steps_per_epoch or max_steps < steps_per_epoch):
            # A cap for debugging runs, as Keras.
            warnings.warn("Limiting steps_per_epoch to %d" % max_steps, stacklevel=2)
            steps_per_epoch = max_steps
        self.steps_per_epoch = steps_per_epoch or None
        self.data_adapter = get_data_adapter(
            x, y=y, sample_weight=sample_weight, batch_size=batch_size,
            steps_per_epoch=steps_per_epoch, shuffle=shuffle, class_weight=class_weight)
        self._num_batches = self.data_adapter.num_batches
        self._current_iterator = None
        self._steps_seen = 0

    @property
    def num_batches(self):
        """Steps per epoch (`None` until a source of unknown length has run out)."""
        return self.steps_per_epoch or self._num_batches

    def reset(self):
        """Forgets the pass in progress (Keras calls it before training and each evaluation)."""
        self._current_iterator = None
        self._num_batches = self.data_adapter.num_batches
        self._steps_seen = 0
        self.data_adapter.on_epoch_end()

    def __iter__(self):
        """Yields `(step, batch)` for each batch of one epoch."""
        self.data_adapter.on_epoch_begin()
        steps = self.steps_per_epoch or self._num_batches
        if steps:
            if self._current_iterator is None or self.steps_per_epoch is None:
                self._current_iterator = self.data_adapter.get_torch_iterator()
                self._steps_seen = 0
            iterator, step_range = self._current_iterator, range(steps)
        else:  # Length unknown: read until the source runs out.
            iterator, step_range = self.data_adapter.get_torch_iterator(), itertools.count()
            self._steps_seen = 0
        for step in step_range:
            if self._num_batches and self._steps_seen >= self._num_batches:
                if self.steps_per_epoch:
                    self._interrupted_warning()
                break
            self._steps_seen += 1
            try:
                batch = next(iterator)
            except StopIteration:
                self._ran_out_of_data()
                return
            yield step, batch
        if self._num_batches and self._steps_seen >= self._num_batches:
            self._current_iterator = None  # The pass is complete: the next epoch starts another.
        self.data_adapter.on_epoch_end()

    def _ran_out_of_data(self):
        if self._num_batches is None:
            # Keras counts the failed step too: the inferred length is one more
            # than the batches seen, so later epochs stop on running out again.
            self._num_batches = self._steps_seen
        self._interrupted_warning()
        self._current_iterator = None
        self.data_adapter.on_epoch_end()

    @staticmethod
    def _interrupted_warning():
        warnings.warn(
            "Your input ran out of data; interrupting training. Make sure that your "
            "dataset or generator can generate at least `steps_per_epoch * epochs` "
            "batches. You may need to use the `.repeat()` function when building your "
            "dataset.", stacklevel=3)

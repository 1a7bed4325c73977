"""`EpochIterator`: epochs of a pass, `steps_per_epoch`, running out of data, hooks."""

import warnings

import numpy as np
import pytest

from kerastorch.trainers.data_adapters import DataAdapter
from kerastorch.trainers.epoch_iterator import EpochIterator

RAN_OUT = "Your input ran out of data; interrupting training"


class CountingAdapter(DataAdapter):
    """Passes of `range(size)`; `known_length=False` hides the length like a generator."""

    def __init__(self, size, known_length=True, restartable=True):
        super().__init__()
        self.size = size
        self.known_length = known_length
        self.restartable = restartable
        self.events = []
        self._single_pass = iter(range(size))

    def get_host_iterator(self):
        self.events.append("new_pass")
        return iter(range(self.size)) if self.restartable else self._single_pass

    def get_torch_iterator(self):
        return self.get_host_iterator()

    @property
    def num_batches(self):
        return self.size if self.known_length else None

    @property
    def batch_size(self):
        return None

    def on_epoch_begin(self):
        self.events.append("begin")

    def on_epoch_end(self):
        self.events.append("end")


def _epochs(iterator, epochs):
    """The batches of each epoch and the number of "ran out" warnings."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        seen = [[batch for _, batch in iterator] for _ in range(epochs)]
    return seen, sum(RAN_OUT in str(w.message) for w in caught)


@pytest.mark.parametrize(
    "size, steps, epochs, expected, warned",
    [
        (5, None, 2, [[0, 1, 2, 3, 4]] * 2, 0),
        # Epochs continue the pass; the epoch that reaches its end stops there.
        (5, 2, 4, [[0, 1], [2, 3], [4], [0, 1]], 1),
        (4, 2, 3, [[0, 1], [2, 3], [0, 1]], 0),
        (3, 5, 2, [[0, 1, 2], [0, 1, 2]], 2),
    ],
)
def test_steps_per_epoch_over_a_known_length(size, steps, epochs, expected, warned):
    iterator = EpochIterator(CountingAdapter(size), steps_per_epoch=steps)
    assert iterator.num_batches == (steps or size)
    assert _epochs(iterator, epochs) == (expected, warned)


def test_unknown_length_is_learned_when_the_data_runs_out():
    adapter = CountingAdapter(3, known_length=False)
    iterator = EpochIterator(adapter)
    assert iterator.num_batches is None
    seen, warned = _epochs(iterator, 2)
    assert seen == [[0, 1, 2], [0, 1, 2]]
    # As Keras: the step that found no data counts, and every epoch warns.
    assert iterator.num_batches == 4
    assert warned == 2


def test_a_single_pass_source_gives_empty_epochs_once_exhausted():
    iterator = EpochIterator(CountingAdapter(3, known_length=False, restartable=False))
    seen, warned = _epochs(iterator, 2)
    assert seen == [[0, 1, 2], []]
    assert warned == 2


def test_endless_source_with_steps_continues_across_epochs():
    class Endless(CountingAdapter):
        def get_host_iterator(self):
            self.events.append("new_pass")
            return iter(range(10**9))

    iterator = EpochIterator(Endless(0, known_length=False), steps_per_epoch=3)
    assert _epochs(iterator, 3) == ([[0, 1, 2], [3, 4, 5], [6, 7, 8]], 0)


def test_steps_are_numbered_from_zero_each_epoch():
    iterator = EpochIterator(CountingAdapter(5), steps_per_epoch=2)
    assert [[step for step, _ in iterator] for _ in range(3)] == [[0, 1], [0, 1], [0]]


def test_hooks_around_each_epoch_and_reset():
    adapter = CountingAdapter(2)
    iterator = EpochIterator(adapter)
    iterator.reset()
    _epochs(iterator, 2)
    assert adapter.events == ["end", "begin", "new_pass", "end", "begin", "new_pass", "end"]


def test_reset_starts_a_new_pass():
    iterator = EpochIterator(CountingAdapter(5), steps_per_epoch=2)
    assert _epochs(iterator, 1)[0] == [[0, 1]]
    iterator.reset()
    assert _epochs(iterator, 1)[0] == [[0, 1]]


def test_arrays_default_batch_size_follows_steps():
    x = np.zeros((10, 2), "float32")
    assert EpochIterator(x, steps_per_epoch=3).data_adapter.batch_size == 4
    assert EpochIterator(x).data_adapter.batch_size == 32
    assert EpochIterator(x, batch_size=5, steps_per_epoch=3).data_adapter.batch_size == 5

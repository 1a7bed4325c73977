"""`GeneratorDataAdapter`: Python generators and iterators of batches."""

import itertools

from kerastorch.trainers.data_adapters.data_adapter import DataAdapter

# Keras reads this many batches ahead to learn the data's shapes and replays
# them at the start of every pass; kerastorch does the same, so a generator
# that runs out gives the same epochs as in Keras (the next pass is those
# batches alone).
NUM_PEEKED_BATCHES = 2


class GeneratorDataAdapter(DataAdapter):
    """Batches from a Python generator (or any iterator) that yields tuples.

    Each batch is `(inputs,)`, `(inputs, targets)` or
    `(inputs, targets, sample_weights)`. The number of batches is unknown
    until the generator runs out; give `steps_per_epoch` for an endless one.

    Args:
        generator: The generator or iterator.
    """

    def __init__(self, generator):
        super().__init__()
        self._first_batches = list(itertools.islice(generator, NUM_PEEKED_BATCHES))
        self._generator = generator
        if not self._first_batches:
            raise ValueError(
                "When passing a Python generator to a Keras model, the generator must "
                "yield at least one batch. Received an empty generator."
            )
        if not isinstance(self._first_batches[0], tuple):
            raise ValueError(
                "When passing a Python generator to a Keras model, the generator must "
                "return a tuple, either (input,) or (inputs, targets) or "
                f"(inputs, targets, sample_weights). Received: {self._first_batches[0]}"
            )

    def get_host_iterator(self):
        return itertools.chain(self._first_batches, self._generator)

    @property
    def num_batches(self):
        return None

    @property
    def batch_size(self):
        return None

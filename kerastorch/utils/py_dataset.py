"""`keras.utils.PyDataset` (Keras 2: `keras.utils.Sequence`): a dataset of batches in Python."""

import itertools
import warnings

from kerastorch.api_export import keras_export


@keras_export("keras.utils.PyDataset", "keras.utils.Sequence")
class PyDataset:
    """Base class for a dataset of batches computed by Python code.

    Implement `__getitem__(index)` (returning a whole batch: `x`, `(x,)`,
    `(x, y)`, `(x, y, sample_weight)` or a dict) and `__len__()` (the number of
    batches; or the `num_batches` property, `None` for an endless dataset).
    `on_epoch_begin()` / `on_epoch_end()` run around every epoch, e.g. to
    reshuffle. Unlike a generator, a `PyDataset` visits each batch exactly
    once per epoch, whatever the number of workers.

    Args:
        workers: Number of workers computing batches in parallel for `fit` /
            `evaluate` / `predict` (1: in the training loop's thread).
        use_multiprocessing: Whether the workers are processes (the dataset
            is then copied into each; on Linux they are forked, elsewhere the
            dataset must be picklable, and a worker must not use CUDA)
            rather than threads (the default: enough when `__getitem__`
            spends its time in I/O or in numpy / torch code that releases
            the GIL).
        max_queue_size: Batches computed ahead at most (default 10).

    The three arguments only configure how `fit()` reads the dataset;
    iterating over it by hand uses no parallelism.

    Example:

    ```python
    class Batches(keras.utils.PyDataset):
        def __init__(self, x, y, batch_size, **kwargs):
            super().__init__(**kwargs)
            self.x, self.y, self.batch_size = x, y, batch_size

        def __len__(self):
            return math.ceil(len(self.x) / self.batch_size)

        def __getitem__(self, index):
            low = index * self.batch_size
            high = min(low + self.batch_size, len(self.x))
            return self.x[low:high], self.y[low:high]

    model.fit(Batches(x, y, batch_size=32, workers=4), epochs=3)
    ```
    """

    def __init__(self, workers: int = 1, use_multiprocessing: bool = False,
                 max_queue_size: int = 10):
        self._workers = workers
        self._use_multiprocessing = use_multiprocessing
        self._max_queue_size = max_queue_size

    def _warn_if_super_not_called(self):
        missing = [name for name in ("_workers", "_use_multiprocessing", "_max_queue_size")
                   if not hasattr(self, name)]
        if not missing:
            return
        self._workers = getattr(self, "_workers", 1)
        self._use_multiprocessing = getattr(self, "_use_multiprocessing", False)
        self._max_queue_size = getattr(self, "_max_queue_size", 10)
        warnings.warn(
            "Your `PyDataset` class should call `super().__init__(**kwargs)` in its "
            "constructor. `**kwargs` can include `workers`, `use_multiprocessing`, "
            "`max_queue_size`. Do not pass these arguments to `fit()`, as they will be "
            "ignored.", stacklevel=3)

    @property
    def workers(self) -> int:
        """Number of parallel workers used by `fit` / `evaluate` / `predict`."""
        self._warn_if_super_not_called()
        return self._workers

    @workers.setter
    def workers(self, value):
        self._workers = value

    @property
    def use_multiprocessing(self) -> bool:
        """Whether the workers are processes (else threads)."""
        self._warn_if_super_not_called()
        return self._use_multiprocessing

    @use_multiprocessing.setter
    def use_multiprocessing(self, value):
        self._use_multiprocessing = value

    @property
    def max_queue_size(self) -> int:
        """Batches computed ahead at most."""
        self._warn_if_super_not_called()
        return self._max_queue_size

    @max_queue_size.setter
    def max_queue_size(self, value):
        self._max_queue_size = value

    def __getitem__(self, index):
        """Returns the batch at position `index`."""
        raise NotImplementedError

    def __iter__(self):
        try:
            num_batches = self.num_batches
        except NotImplementedError:
            num_batches = None
        indices = itertools.count() if num_batches is None else range(num_batches)
        for index in indices:
            yield self[index]

    @property
    def num_batches(self):
        """Number of batches, or `None` for an endless dataset (default: `len(self)`)."""
        if hasattr(self, "__len__"):
            return len(self)
        raise NotImplementedError(
            "You need to implement the `num_batches` property:\n\n"
            "@property\ndef num_batches(self):\n  return ..."
        )

    def on_epoch_begin(self):
        """Called at the beginning of every epoch."""

    def on_epoch_end(self):
        """Called at the end of every epoch."""

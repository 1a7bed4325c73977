"""`PyDatasetAdapter`: batches from a `keras.utils.PyDataset` (Keras 2: `Sequence`)."""

import itertools
import random

import numpy as np
import torch

from kerastorch.trainers.data_adapters.data_adapter import DataAdapter
from kerastorch.trainers.data_adapters.data_adapter_utils import (
    class_weight_to_sample_weights,
)
from kerastorch.trainers.data_adapters.py_dataset_enqueuer import OrderedEnqueuer


class PyDatasetAdapter(DataAdapter):
    """Reads a `PyDataset` batch by batch, in parallel when it has several workers.

    With `workers > 1` (or `use_multiprocessing=True`), an `OrderedEnqueuer`
    computes batches ahead in threads (or processes); batches still arrive in
    index order. The dataset's `on_epoch_begin` / `on_epoch_end` run around
    every pass, with the workers stopped during `on_epoch_end`.

    Args:
        x: The `keras.utils.PyDataset`.
        class_weight: Optional dict class index -> weight, turned into the
            sample weights of each `(x, y)` batch.
        shuffle: Whether to visit the batches in a random order each pass
            (Python's `random`, as Keras; ignored for an endless dataset).
    """

    def __init__(self, x, class_weight=None, shuffle=False):
        super().__init__()
        self.py_dataset = x
        self.class_weight = class_weight
        self.shuffle = shuffle
        self.enqueuer = None
        workers = x.workers
        if workers > 1 or (workers > 0 and x.use_multiprocessing):
            self.enqueuer = OrderedEnqueuer(
                x, workers=workers, use_multiprocessing=x.use_multiprocessing,
                max_queue_size=x.max_queue_size)

    def _standardize_batch(self, batch):
        if isinstance(batch, dict):
            return batch
        if isinstance(batch, (np.ndarray, torch.Tensor)):
            batch = (batch,)
        if isinstance(batch, list):
            batch = tuple(batch)
        if not isinstance(batch, tuple) or len(batch) not in (1, 2, 3):
            raise ValueError(
                "PyDataset.__getitem__() must return a tuple or a dict. If a tuple, it "
                "must be ordered either (input,) or (inputs, targets) or (inputs, "
                f"targets, sample_weights). Received: {str(batch)[:100]}... of type "
                f"{type(batch)}"
            )
        if self.class_weight is not None:
            if len(batch) == 3:
                raise ValueError(
                    "You cannot specify `class_weight` and `sample_weight` at the same time."
                )
            if len(batch) == 2:
                batch = batch + (class_weight_to_sample_weights(batch[1], self.class_weight),)
        return batch

    def get_host_iterator(self):
        # A generator: nothing (not even the shuffle) happens before the first batch is read.
        num_batches = self.py_dataset.num_batches
        if num_batches is None:
            indices = itertools.count()
        else:
            indices = list(range(num_batches))
            if self.shuffle:
                random.shuffle(indices)
        if self.enqueuer is None:
            batches = (self.py_dataset[index] for index in indices)
        else:
            batches = self.enqueuer.get(indices)
        for batch in batches:
            yield self._standardize_batch(batch)

    def on_epoch_begin(self):
        if self.enqueuer is not None:
            self.enqueuer.start()
        self.py_dataset.on_epoch_begin()

    def on_epoch_end(self):
        if self.enqueuer is not None:
            self.enqueuer.stop()
        self.py_dataset.on_epoch_end()

    @property
    def num_batches(self):
        return self.py_dataset.num_batches

    @property
    def batch_size(self):
        return None

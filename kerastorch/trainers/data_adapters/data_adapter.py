"""`DataAdapter`: the common interface of every kind of training data."""

from kerastorch.backend.device import get_device
from kerastorch.trainers.data_adapters.device_batches import to_device_batches


class DataAdapter:
    """Turns one kind of user data into batches for `fit` / `evaluate` / `predict`.

    A subclass reads its source (arrays, a generator, a `PyDataset`, a torch
    `DataLoader`...) in `get_host_iterator()`; `get_torch_iterator()` moves
    each batch to the compute device as the training loop asks for it. One
    call of either is one pass over the data.
    """

    def __init__(self):
        self.device = get_device()

    def get_host_iterator(self):
        """Returns an iterator over the batches of one pass, as the source yields them."""
        raise NotImplementedError

    def get_torch_iterator(self):
        """Returns an iterator over the batches of one pass, as tensors on the device."""
        return to_device_batches(self.get_host_iterator(), self.device)

    @property
    def num_batches(self):
        """Batches in one pass, or `None` when unknown until the source runs out."""
        raise NotImplementedError

    @property
    def batch_size(self):
        """Samples per batch, or `None` when the source decides it."""
        raise NotImplementedError

    def on_epoch_begin(self):
        """Called before each pass (a `PyDataset` starts its workers here)."""

    def on_epoch_end(self):
        """Called after each pass (a `PyDataset` stops its workers and runs its hook)."""

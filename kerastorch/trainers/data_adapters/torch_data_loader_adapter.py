"""`TorchDataLoaderAdapter` and `TorchDatasetAdapter`: torch's data pipeline."""

import numpy as np
import torch

from kerastorch.backend.device import get_device
from kerastorch.trainers.data_adapters.data_adapter import DataAdapter


class TorchDataLoaderAdapter(DataAdapter):
    """Batches of a `torch.utils.data.DataLoader`, as it collates them.

    The loader keeps its own batching, shuffling, workers and pinning; a batch
    that collates to a list `[x, y]` is read as `(x, y)`.

    Args:
        dataloader: The `torch.utils.data.DataLoader`.
    """

    def __init__(self, dataloader):
        super().__init__()
        if not isinstance(dataloader, torch.utils.data.DataLoader):
            raise ValueError(
                "Expected argument `dataloader` to be an instance of "
                f"`torch.utils.data.DataLoader`. Received: {dataloader}"
            )
        self._dataloader = dataloader
        self._num_batches = None
        if hasattr(dataloader.dataset, "__len__"):
            self._num_batches = len(dataloader)

    def get_host_iterator(self):
        if _batches_tensor_slices(self._dataloader):
            yield from _tensor_dataset_batches(self._dataloader)
            return
        for batch in self._dataloader:
            yield tuple(batch) if isinstance(batch, list) else batch

    @property
    def num_batches(self):
        return self._num_batches

    @property
    def batch_size(self):
        return self._dataloader.batch_size


class TorchDatasetAdapter(TorchDataLoaderAdapter):
    """Samples of a `torch.utils.data.Dataset`, batched by `batch_size`.

    A map-style dataset is read through a `DataLoader` (reshuffled each pass
    when `shuffle`, with torch's random generator); an `IterableDataset` in
    its own order. On CUDA the loader pins its batches, for non-blocking
    copies. For workers or a custom sampler, pass a `DataLoader` instead.

    Args:
        dataset: The `torch.utils.data.Dataset` (each item one sample:
            `x`, `(x, y)` or `(x, y, sample_weight)`).
        batch_size: Samples per batch (default 32).
        shuffle: Whether to shuffle the samples each pass (map-style only).
    """

    def __init__(self, dataset, batch_size=None, shuffle=False):
        iterable = isinstance(dataset, torch.utils.data.IterableDataset)
        dataloader = torch.utils.data.DataLoader(
            dataset, batch_size=batch_size or 32, shuffle=bool(shuffle) and not iterable,
            pin_memory=get_device().type == "cuda")
        super().__init__(dataloader)


def _batches_tensor_slices(loader) -> bool:
    """Whether `loader` batches a `TensorDataset` with torch's defaults, in this process."""
    return (type(loader.dataset) is torch.utils.data.TensorDataset
            and loader.batch_sampler is not None
            and loader.collate_fn is torch.utils.data.default_collate
            and loader.num_workers == 0)


def _tensor_dataset_batches(loader):
    """The batches of iterating `loader`, each read from its tensors in one indexing.

    torch's loader reads a `TensorDataset` sample by sample and stacks them
    (about 3 µs a sample); indexing each tensor with the batch's indices gives
    the same batches for the cost of one copy. The random draws are torch's:
    the sampler's own, after the seed torch's iterator draws for its workers
    at the start of every pass.
    """
    torch.empty((), dtype=torch.int64).random_(generator=loader.generator)
    tensors = loader.dataset.tensors
    for indices in loader.batch_sampler:
        # (Through numpy: `torch.as_tensor` of a list of ints is 5x slower.)
        index = torch.from_numpy(np.asarray(indices, dtype=np.int64))
        yield tuple(t.index_select(0, index.to(t.device)) for t in tensors)

"""The `DataLoader` fast path: a `TensorDataset` read one batch at a time, as torch would give it."""

import pytest
import torch

from kerastorch.trainers.data_adapters.torch_data_loader_adapter import (
    TorchDataLoaderAdapter,
    _batches_tensor_slices,
)


def _dataset():
    return torch.utils.data.TensorDataset(torch.randn(23, 4, 2), torch.arange(23),
                                          torch.rand(23, 1, dtype=torch.float64))


@pytest.mark.parametrize("kwargs", [
    {"batch_size": 5},
    {"batch_size": 5, "shuffle": True},
    {"batch_size": 4, "shuffle": True, "drop_last": True},
    {"batch_size": 3, "shuffle": True, "generator": torch.Generator()},
    {"batch_sampler": torch.utils.data.BatchSampler(
        torch.utils.data.SequentialSampler(range(23)), 6, False)},
])
def test_same_batches_and_random_draws_as_the_loader(kwargs):
    loader = torch.utils.data.DataLoader(_dataset(), **kwargs)
    assert _batches_tensor_slices(loader)
    adapter = TorchDataLoaderAdapter(loader)
    runs = []
    for read in (lambda: [tuple(b) for b in loader], lambda: list(adapter.get_host_iterator())):
        if loader.generator is not None:
            loader.generator.manual_seed(3)
        torch.manual_seed(0)
        batches = read() + read()  # two passes
        runs.append((batches, torch.rand(1)))
    (expected, expected_next), (received, received_next) = runs
    assert len(received) == len(expected)
    for got, want in zip(received, expected):
        assert isinstance(got, tuple) and len(got) == len(want) == 3
        for g, w in zip(got, want):
            assert g.dtype == w.dtype and torch.equal(g, w)
    assert torch.equal(received_next, expected_next)  # the global generator advanced alike


@pytest.mark.parametrize("make_loader", [
    lambda: torch.utils.data.DataLoader(_dataset(), batch_size=4, num_workers=1),
    lambda: torch.utils.data.DataLoader(_dataset(), batch_size=4, collate_fn=list),
    lambda: torch.utils.data.DataLoader(_dataset(), batch_size=None),
    lambda: torch.utils.data.DataLoader(torch.utils.data.Subset(_dataset(), [0, 1]),
                                        batch_size=4),
])
def test_other_loaders_are_read_by_torch(make_loader):
    assert not _batches_tensor_slices(make_loader())

"""`keras.utils.PyDataset` / `keras.utils.Sequence`: the base class itself."""

import numpy as np
import pytest

import kerastorch
from kerastorch.api_export import get_public_path
from kerastorch.utils import PyDataset


class Squares(PyDataset):
    def __init__(self, count=3, **kwargs):
        super().__init__(**kwargs)
        self.count = count

    def __len__(self):
        return self.count

    def __getitem__(self, index):
        return np.full((2, 1), index ** 2)


def test_public_names():
    assert kerastorch.utils.Sequence is PyDataset
    assert get_public_path(PyDataset) == ("keras.utils", "PyDataset")


def test_defaults_and_arguments():
    dataset = Squares()
    assert (dataset.workers, dataset.use_multiprocessing, dataset.max_queue_size) == (1, False, 10)
    dataset = Squares(workers=4, use_multiprocessing=True, max_queue_size=2)
    assert (dataset.workers, dataset.use_multiprocessing, dataset.max_queue_size) == (4, True, 2)
    dataset.workers = 2
    assert dataset.workers == 2


def test_missing_super_init_warns_and_uses_defaults():
    class NoSuper(PyDataset):
        def __init__(self):
            pass

    with pytest.warns(UserWarning, match=r"should call `super\(\).__init__\(\*\*kwargs\)`"):
        assert NoSuper().workers == 1


def test_iteration_and_length():
    dataset = Squares(4)
    assert dataset.num_batches == 4
    assert [int(batch[0, 0]) for batch in dataset] == [0, 1, 4, 9]


def test_num_batches_without_len():
    class NoLength(PyDataset):
        def __getitem__(self, index):
            return index

    with pytest.raises(NotImplementedError, match="implement the `num_batches` property"):
        _ = NoLength().num_batches


def test_endless_dataset_iterates_forever():
    class Endless(PyDataset):
        num_batches = None

        def __getitem__(self, index):
            return index

    iterator = iter(Endless())
    assert [next(iterator) for _ in range(5)] == [0, 1, 2, 3, 4]


def test_base_methods():
    dataset = PyDataset()
    with pytest.raises(NotImplementedError):
        dataset[0]
    assert dataset.on_epoch_begin() is None and dataset.on_epoch_end() is None

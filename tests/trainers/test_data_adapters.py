"""Data adapters: choosing one, reading each kind of source, moving batches to the device."""

import itertools
import threading
import time
import warnings

import numpy as np
import pytest
import torch

import kerastorch
from kerastorch.trainers.data_adapters import (
    ArrayDataAdapter,
    GeneratorDataAdapter,
    PyDatasetAdapter,
    TorchDataLoaderAdapter,
    TorchDatasetAdapter,
    get_data_adapter,
)
from kerastorch.trainers.data_adapters.data_adapter_utils import (
    class_weight_to_sample_weights,
)
from kerastorch.trainers.data_adapters.device_batches import to_device_batches
from kerastorch.trainers.data_adapters.py_dataset_enqueuer import OrderedEnqueuer

CPU = torch.device("cpu")
X = np.arange(24, dtype="float64").reshape(12, 2)
Y = np.arange(12) % 3


def _batches(batch=4):
    return [(X[i:i + batch], Y[i:i + batch]) for i in range(0, len(X), batch)]


class Batches(kerastorch.utils.PyDataset):
    """A PyDataset over `_batches()`, recording the indices it was asked for."""

    def __init__(self, batches=None, delay=0.0, **kwargs):
        super().__init__(**kwargs)
        self.batches = _batches() if batches is None else batches
        self.delay = delay
        self.requested = []
        self.epoch_ends = 0

    def __len__(self):
        return len(self.batches)

    def __getitem__(self, index):
        self.requested.append(index)
        if self.delay:
            time.sleep(self.delay * (len(self.batches) - index))  # Later batches finish first.
        return self.batches[index]

    def on_epoch_end(self):
        self.epoch_ends += 1


def _values(batches):
    return [tuple(None if t is None else t.tolist() for t in batch) for batch in batches]


# ------------------------------------------------------------ get_data_adapter
def _generator():
    yield from _batches()


@pytest.mark.parametrize(
    "make, adapter_class",
    [
        (lambda: X, ArrayDataAdapter),
        (lambda: [X, torch.zeros(12)], ArrayDataAdapter),
        (_generator, GeneratorDataAdapter),
        (lambda: iter(_batches()), GeneratorDataAdapter),
        (Batches, PyDatasetAdapter),
        (lambda: torch.utils.data.DataLoader(torch.utils.data.TensorDataset(torch.zeros(4))),
         TorchDataLoaderAdapter),
        (lambda: torch.utils.data.TensorDataset(torch.zeros(4)), TorchDatasetAdapter),
    ],
    ids=["array", "list", "generator", "iterator", "py_dataset", "data_loader", "dataset"],
)
def test_each_source_gets_its_adapter(make, adapter_class):
    assert type(get_data_adapter(make())) is adapter_class


def test_an_adapter_is_used_as_is():
    adapter = GeneratorDataAdapter(_generator())
    assert get_data_adapter(adapter) is adapter


@pytest.mark.parametrize(
    "source, input_type",
    [(_generator, "generator"), (Batches, "PyDataset"),
     (lambda: torch.utils.data.DataLoader(torch.zeros(4)), "torch DataLoader"),
     (lambda: torch.utils.data.TensorDataset(torch.zeros(4)), "torch Dataset")],
)
@pytest.mark.parametrize("argument", ["y", "sample_weight"])
def test_targets_belong_in_the_source(source, input_type, argument):
    name = "sample_weights" if argument == "sample_weight" else argument
    with pytest.raises(ValueError, match=f"When providing `x` as a {input_type}, `{name}` "
                                         "should not be passed"):
        get_data_adapter(source(), **{argument: np.zeros(12)})


@pytest.mark.parametrize(
    "source, message",
    [(_generator, "not supported for Python generator inputs"),
     (lambda: torch.utils.data.DataLoader(torch.zeros(4)),
      "not supported for torch DataLoader inputs"),
     (lambda: torch.utils.data.TensorDataset(torch.zeros(4)),
      "not supported for torch Dataset inputs")],
)
def test_class_weight_is_refused_where_keras_refuses_it(source, message):
    with pytest.raises(ValueError, match=f"Argument `class_weight` is {message}"):
        get_data_adapter(source(), class_weight={0: 1.0})


@pytest.mark.parametrize(
    "source, kind",
    [(_generator, "generator"),
     (lambda: torch.utils.data.DataLoader(torch.zeros(4)), "torch DataLoader")],
)
def test_shuffle_is_ignored_with_a_warning(source, kind):
    with pytest.warns(UserWarning, match=f"`shuffle=True` was passed, but will be ignored "
                                         f"since the data `x` was provided as a {kind}"):
        get_data_adapter(source(), shuffle=True)


@pytest.mark.parametrize("x", ["text", 3, object(), [1.0, 2.0]])
def test_unrecognized_data(x):
    with pytest.raises(ValueError, match=r"Unrecognized data type: x=.* \(of type"):
        get_data_adapter(x)


def test_none_x():
    with pytest.raises(ValueError, match="Expected `x` to be an array or tensor, received `None`"):
        get_data_adapter(None, np.zeros(3))


# ------------------------------------------------------------------ generators
def test_generator_replays_its_peeked_batches_on_each_pass():
    consumed = []

    def source():
        for index, batch in enumerate(_batches()):
            consumed.append(index)
            yield batch

    adapter = GeneratorDataAdapter(source())
    assert consumed == [0, 1]  # Peeked at construction, as Keras.
    assert len(list(adapter.get_host_iterator())) == 3
    assert _values(adapter.get_host_iterator()) == _values(_batches()[:2])
    assert adapter.num_batches is None and adapter.batch_size is None


@pytest.mark.parametrize(
    "source, message",
    [(iter([]), "must yield at least one batch. Received an empty generator"),
     (iter([X, X]), r"must return a tuple, either \(input,\) or \(inputs, targets\)")],
)
def test_bad_generators(source, message):
    with pytest.raises(ValueError, match=message):
        GeneratorDataAdapter(source)


# ------------------------------------------------------------------- PyDataset
@pytest.mark.parametrize(
    "item, expected",
    [
        (X[:2], (X[:2],)),
        (torch.ones(2), (torch.ones(2),)),
        ([X[:2], Y[:2]], (X[:2], Y[:2])),
        ((X[:2], Y[:2], Y[:2]), (X[:2], Y[:2], Y[:2])),
        ({"a": X[:2]}, {"a": X[:2]}),
    ],
    ids=["array", "tensor", "list", "triple", "dict"],
)
def test_py_dataset_batches_are_standardized(item, expected):
    batch = next(PyDatasetAdapter(Batches([item])).get_host_iterator())
    assert type(batch) is type(expected)
    for got, want in zip(batch.values() if isinstance(batch, dict) else batch,
                         expected.values() if isinstance(expected, dict) else expected):
        np.testing.assert_array_equal(np.asarray(got), np.asarray(want))


@pytest.mark.parametrize("item", ["text", (1, 2, 3, 4), ()])
def test_py_dataset_bad_batches(item):
    with pytest.raises(ValueError, match=r"PyDataset.__getitem__\(\) must return a tuple or a "
                                         "dict"):
        next(PyDatasetAdapter(Batches([item])).get_host_iterator())


def test_py_dataset_class_weight_becomes_sample_weight():
    adapter = PyDatasetAdapter(Batches(), class_weight={0: 0.5, 2: 3.0})
    _, y, sw = next(adapter.get_host_iterator())
    np.testing.assert_array_equal(sw, class_weight_to_sample_weights(y, {0: 0.5, 2: 3.0}))
    np.testing.assert_array_equal(sw, [0.5, 1.0, 3.0, 0.5])
    with pytest.raises(ValueError, match="cannot specify `class_weight` and `sample_weight`"):
        next(PyDatasetAdapter(Batches([(X, Y, Y)]), class_weight={0: 1.0}).get_host_iterator())


def test_py_dataset_shuffle_uses_python_random():
    kerastorch.utils.set_random_seed(3)
    first = Batches()
    list(PyDatasetAdapter(first, shuffle=True).get_host_iterator())
    kerastorch.utils.set_random_seed(3)
    second = Batches()
    list(PyDatasetAdapter(second, shuffle=True).get_host_iterator())
    assert sorted(first.requested) == [0, 1, 2]
    assert first.requested == second.requested


def test_py_dataset_pass_is_lazy():
    dataset = Batches()
    PyDatasetAdapter(dataset).get_host_iterator()
    assert dataset.requested == []


@pytest.mark.parametrize("workers, use_multiprocessing", [(1, False), (3, False), (1, True)])
def test_enqueuer_only_for_parallel_datasets(workers, use_multiprocessing):
    adapter = PyDatasetAdapter(Batches(workers=workers, use_multiprocessing=use_multiprocessing))
    assert (adapter.enqueuer is not None) == (workers > 1 or use_multiprocessing)


def test_endless_py_dataset_with_shuffle_warns():
    class Endless(kerastorch.utils.PyDataset):
        num_batches = None

        def __getitem__(self, index):
            return (np.full((1, 1), index),)

    with pytest.warns(UserWarning, match="provided as an infinite PyDataset"):
        adapter = get_data_adapter(Endless(), shuffle=True)
    batches = adapter.get_host_iterator()
    assert [int(next(batches)[0][0, 0]) for _ in range(4)] == [0, 1, 2, 3]


# --------------------------------------------------------------- the enqueuer
def test_workers_run_in_parallel_and_deliver_in_order():
    dataset = Batches([(np.full(1, i),) for i in range(6)], delay=0.01)
    enqueuer = OrderedEnqueuer(dataset, workers=3, max_queue_size=4)
    threads = set()
    original = dataset.__getitem__

    def recording(index):
        threads.add(threading.current_thread().name)
        return original(index)

    dataset.__getitem__ = recording
    enqueuer.start()
    assert [int(batch[0][0]) for batch in enqueuer.get(range(6))] == list(range(6))
    enqueuer.stop()
    assert len(threads) > 1 and all(name.startswith("PyDataset_worker") for name in threads)


def test_enqueuer_computes_at_most_max_queue_size_ahead():
    dataset = Batches([(np.full(1, i),) for i in range(10)])
    enqueuer = OrderedEnqueuer(dataset, workers=2, max_queue_size=3)
    batches = enqueuer.get(range(10))
    next(batches)
    enqueuer.stop()  # Waits for the batches in flight.
    assert sorted(dataset.requested) == [0, 1, 2, 3]
    enqueuer.stop()


def test_enqueuer_resumes_after_stop_in_order():
    dataset = Batches([(np.full(1, i),) for i in range(8)])
    enqueuer = OrderedEnqueuer(dataset, workers=2, max_queue_size=2)
    batches = enqueuer.get(range(8))
    first = [int(next(batches)[0][0]) for _ in range(3)]
    enqueuer.stop()
    assert not enqueuer.is_running()
    rest = [int(batch[0][0]) for batch in batches]
    assert first + rest == list(range(8))
    assert sorted(dataset.requested) == list(range(8))
    enqueuer.stop()


def test_worker_errors_reach_the_training_loop():
    class Failing(Batches):
        def __getitem__(self, index):
            if index == 2:
                raise KeyError("bad batch 2")
            return super().__getitem__(index)

    enqueuer = OrderedEnqueuer(Failing(), workers=2)
    batches = enqueuer.get(range(3))
    next(batches), next(batches)
    with pytest.raises(KeyError, match="bad batch 2"):
        next(batches)
    assert not enqueuer.is_running()


def test_py_dataset_with_processes():
    dataset = Batches(workers=2, use_multiprocessing=True)
    adapter = PyDatasetAdapter(dataset)
    adapter.on_epoch_begin()
    batches = list(adapter.get_host_iterator())
    adapter.on_epoch_end()
    assert [np.asarray(y).tolist() for _, y in batches] == [b[1].tolist() for b in _batches()]
    # The workers read copies: the parent's dataset saw no request.
    assert dataset.requested == [] and dataset.epoch_ends == 1


def test_fit_with_parallel_py_dataset_matches_a_single_worker():
    def train(**kwargs):
        kerastorch.utils.set_random_seed(0)
        model = kerastorch.Sequential([kerastorch.Input((2,)), kerastorch.layers.Dense(3)])
        model.compile("sgd", "sparse_categorical_crossentropy")
        dataset = Batches(delay=0.002, **kwargs)
        history = model.fit(dataset, epochs=3, shuffle=False, verbose=0)
        return history.history["loss"], dataset.epoch_ends

    single = train()
    assert train(workers=3, max_queue_size=2) == single
    assert single[1] == 4  # Once before training (Keras's reset), then after each epoch.


# ----------------------------------------------------------------------- torch
def test_data_loader_batches_and_length():
    loader = torch.utils.data.DataLoader(
        torch.utils.data.TensorDataset(torch.from_numpy(X), torch.from_numpy(Y)), batch_size=5)
    adapter = TorchDataLoaderAdapter(loader)
    assert (adapter.num_batches, adapter.batch_size) == (3, 5)
    batches = list(adapter.get_host_iterator())
    assert all(type(b) is tuple for b in batches)
    assert [len(y) for _, y in batches] == [5, 5, 2]


def test_data_loader_over_an_iterable_dataset_has_no_length():
    class Stream(torch.utils.data.IterableDataset):
        def __iter__(self):
            return iter([(torch.zeros(2), torch.tensor(1))] * 3)

    adapter = TorchDataLoaderAdapter(torch.utils.data.DataLoader(Stream(), batch_size=2))
    assert adapter.num_batches is None
    assert [len(y) for _, y in adapter.get_host_iterator()] == [2, 1]


def test_data_loader_type_is_checked():
    with pytest.raises(ValueError, match="instance of `torch.utils.data.DataLoader`"):
        TorchDataLoaderAdapter([1, 2])


def test_dataset_is_batched_and_shuffled_with_torch_random():
    dataset = torch.utils.data.TensorDataset(torch.from_numpy(X), torch.from_numpy(Y))
    adapter = TorchDatasetAdapter(dataset, batch_size=5)
    assert adapter.num_batches == 3
    ordered = torch.cat([y for _, y in adapter.get_host_iterator()])
    assert ordered.tolist() == Y.tolist()
    shuffled = TorchDatasetAdapter(dataset, batch_size=5, shuffle=True)
    torch.manual_seed(1)
    first = torch.cat([y for _, y in shuffled.get_host_iterator()])
    torch.manual_seed(1)
    second = torch.cat([y for _, y in shuffled.get_host_iterator()])
    assert first.tolist() == second.tolist() != Y.tolist()
    assert sorted(first.tolist()) == sorted(Y.tolist())
    assert TorchDatasetAdapter(dataset).batch_size == 32


def test_iterable_dataset_is_batched_in_its_order():
    class Stream(torch.utils.data.IterableDataset):
        def __iter__(self):
            return iter([(torch.tensor([float(i)]), torch.tensor(i)) for i in range(5)])

    adapter = TorchDatasetAdapter(Stream(), batch_size=2, shuffle=True)
    assert [y.tolist() for _, y in adapter.get_host_iterator()] == [[0, 1], [2, 3], [4]]


# ------------------------------------------------------------ device batches
def test_device_batches_convert_and_cast():
    batch = ({"a": X[:2], "b": torch.ones(2, dtype=torch.float64)}, Y[:2], None)
    (x, y, sw), = list(to_device_batches([batch], CPU))
    assert x["a"].dtype == torch.float32 and x["b"].dtype == torch.float32
    assert y.dtype == torch.int64 and sw is None
    np.testing.assert_array_equal(x["a"].numpy(), X[:2])


def test_device_batches_are_lazy():
    pulled = []

    def source():
        for batch in _batches():
            pulled.append(1)
            yield batch

    moved = to_device_batches(source(), CPU)
    assert pulled == []
    next(moved)
    assert pulled == [1]


def test_device_batches_refuse_strings():
    with pytest.raises(ValueError, match="dtype <U1 to a tensor"):
        list(to_device_batches([(np.array(["a", "b"]),)], CPU))


def test_fit_reads_no_more_host_values_with_more_steps(monkeypatch):
    from tests.trainers.test_no_host_sync import HostReads

    def count(steps):
        kerastorch.utils.set_random_seed(0)
        model = kerastorch.Sequential([kerastorch.Input((2,)), kerastorch.layers.Dense(3)])
        model.compile("sgd", "sparse_categorical_crossentropy", metrics=["accuracy"])
        batches = [(X[:4].astype("float32"), Y[:4])] * steps
        with HostReads(monkeypatch) as reads, warnings.catch_warnings():
            warnings.simplefilter("ignore")
            model.fit(iter(batches), epochs=1, steps_per_epoch=steps, verbose=0)
        return reads.counts

    assert count(5) == count(25)


# ------------------------------------------------------------------------ CUDA
needs_cuda = pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device")


@needs_cuda
def test_cuda_batches_are_staged_in_pinned_memory(monkeypatch):
    pinned, non_blocking = [], []
    original_empty, original_to = torch.empty, torch.Tensor.to

    def empty(*args, **kwargs):
        pinned.append(kwargs.get("pin_memory", False))
        return original_empty(*args, **kwargs)

    def to(tensor, *args, **kwargs):
        target = args[0] if args else kwargs.get("device")
        if (tensor.device.type == "cpu" and isinstance(target, (str, torch.device))
                and torch.device(target).type == "cuda"):
            non_blocking.append(kwargs.get("non_blocking", False) and tensor.is_pinned())
        return original_to(tensor, *args, **kwargs)

    monkeypatch.setattr(torch, "empty", empty)
    monkeypatch.setattr(torch.Tensor, "to", to)
    cuda = torch.device("cuda")
    torch.cuda.set_sync_debug_mode("error")
    try:
        moved = list(to_device_batches(_batches(), cuda))
    finally:
        torch.cuda.set_sync_debug_mode("default")
    monkeypatch.undo()
    assert pinned and all(pinned) and non_blocking and all(non_blocking)
    for (x, y), (hx, hy) in zip(moved, _batches()):
        assert x.is_cuda and x.dtype == torch.float32 and y.dtype == torch.int64
        np.testing.assert_array_equal(x.cpu().numpy(), hx)
        np.testing.assert_array_equal(y.cpu().numpy(), hy)


@needs_cuda
def test_cuda_fit_from_each_source_does_not_sync(monkeypatch):
    from kerastorch.backend import device as device_module

    monkeypatch.setattr(device_module, "_DEVICE", torch.device("cuda"))
    x, y = X.astype("float32"), Y

    class SyncErrorDuringSteps(kerastorch.callbacks.Callback):
        """Sync check on from the first step to the end of the last: the later
        batches are fetched and sent to the device inside."""

        def on_train_batch_begin(self, batch, logs=None):
            if batch == 0:
                torch.cuda.set_sync_debug_mode("error")

        def on_train_batch_end(self, batch, logs=None):
            if batch == self.params["steps"] - 1:
                torch.cuda.set_sync_debug_mode("default")

    batches = [(x[i:i + 4], y[i:i + 4]) for i in range(0, 12, 4)]
    sources = {
        "iterator": lambda: itertools.cycle(batches),
        "py_dataset": lambda: Batches(batches, workers=2),
        "data_loader": lambda: torch.utils.data.DataLoader(
            torch.utils.data.TensorDataset(torch.from_numpy(x), torch.from_numpy(y)),
            batch_size=4, pin_memory=True),
    }
    for name, make in sources.items():
        kerastorch.utils.set_random_seed(0)
        model = kerastorch.Sequential([kerastorch.Input((2,)), kerastorch.layers.Dense(3)])
        model.compile("sgd", "sparse_categorical_crossentropy", metrics=["accuracy"])
        model.fit(x[:4], y[:4], verbose=0)  # Builds metrics and optimizer state first.
        try:
            history = model.fit(make(), epochs=2, shuffle=False, verbose=0, steps_per_epoch=3,
                                callbacks=[SyncErrorDuringSteps()])
        finally:
            torch.cuda.set_sync_debug_mode("default")
        assert len(history.history["loss"]) == 2, name
        predictions = model.predict(make(), steps=3, verbose=0)
        np.testing.assert_allclose(predictions, model.predict(x, verbose=0), rtol=1e-5,
                                   atol=1e-6)

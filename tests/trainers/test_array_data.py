"""In-memory training data: conversion, placement, splitting and batching."""

import numpy as np
import pytest
import torch

import kerastorch
from kerastorch.trainers import array_data
from kerastorch.trainers.array_data import ArrayBatches

CPU = torch.device("cpu")
# A device that is not the CPU and needs no accelerator: tensors moved there
# keep their shape and dtype but no values.
META = torch.device("meta")


def _fake_pin_memory(monkeypatch):
    """Stands in for `Tensor.pin_memory` (which needs CUDA); records what it pinned."""
    pinned = []

    def pin_memory(tensor):
        if tensor.device.type != "cpu":
            raise RuntimeError(f"cannot pin a tensor on {tensor.device}: only CPU tensors")
        pinned.append(tensor)
        return tensor.clone()

    monkeypatch.setattr(torch.Tensor, "pin_memory", pin_memory)
    return pinned


# ------------------------------------------------------------------ is_array_like
@pytest.mark.parametrize(
    "data",
    [
        np.zeros((3, 2)),
        torch.zeros(3, 2),
        [np.zeros((3, 2)), torch.zeros(3)],
        {"a": np.zeros(3), "b": {"c": torch.zeros(3)}},
        (np.zeros(3), None, None),
    ],
    ids=["numpy", "tensor", "list", "nested_dict", "none_leaves"],
)
def test_is_array_like_accepts_arrays_and_structures(data):
    assert array_data.is_array_like(data)


@pytest.mark.parametrize(
    "data",
    [
        "abc",
        [],
        {},
        [np.zeros(3), "abc"],
        iter([np.zeros(3)]),
        [1.0, 2.0, 3.0],
        (np.zeros((4, 2)), [0.0, 1.0, 0.0, 1.0]),
        (np.zeros((4, 2)), 3.0),
    ],
    ids=["string", "empty_list", "empty_dict", "mixed", "iterator",
         "python_numbers", "python_number_targets", "python_scalar_target"],
)
def test_is_array_like_rejects_other_data(data):
    # As Keras 3: Python numbers are not arrays ("Unrecognized data type").
    assert not array_data.is_array_like(data)


def test_fit_with_python_numbers_names_the_supported_types():
    model = kerastorch.Sequential([kerastorch.Input((2,)), kerastorch.layers.Dense(1)])
    model.compile("sgd", "mse")
    with pytest.raises(ValueError, match=r"(?s)Unrecognized data type: .*y=\[0.0, 1.0, 0.0, 1.0\] "
                                         r"\(of type <class 'list'>\)"):
        model.fit(np.zeros((4, 2)), [0.0, 1.0, 0.0, 1.0], verbose=0)


# ------------------------------------------------------------ to_tensor_structure
@pytest.mark.parametrize(
    "array, expected",
    [
        (np.zeros(3, "float64"), torch.float32),
        (np.zeros(3, "float16"), torch.float32),
        (np.zeros(3, "float32"), torch.float32),
        (np.zeros(3, "int64"), torch.int64),
        (np.zeros(3, "int32"), torch.int32),
        (np.zeros(3, "uint8"), torch.uint8),
        (np.zeros(3, "bool"), torch.bool),
        (torch.zeros(3, dtype=torch.float64), torch.float32),
        (torch.zeros(3, dtype=torch.int16), torch.int16),
    ],
)
def test_floats_become_floatx_other_types_are_kept(array, expected):
    tensor, on_device = array_data.to_tensor_structure(array, CPU)
    assert tensor.dtype == expected
    assert on_device


def test_floats_follow_floatx(monkeypatch):
    monkeypatch.setattr(kerastorch.backend.config, "_FLOATX", "float64")
    tensor, _ = array_data.to_tensor_structure(np.zeros(3, "float32"), CPU)
    assert tensor.dtype == torch.float64


def test_values_and_structure_are_kept():
    data = {"x": [np.arange(6.0).reshape(3, 2), np.arange(3)], "w": None}
    tensors, _ = array_data.to_tensor_structure(data, CPU)
    assert list(tensors) == ["x", "w"] and tensors["w"] is None
    np.testing.assert_array_equal(tensors["x"][0].numpy(), np.arange(6.0).reshape(3, 2))
    np.testing.assert_array_equal(tensors["x"][1].numpy(), np.arange(3))


def test_non_contiguous_arrays_are_converted():
    array = np.arange(12.0, dtype="float32").reshape(3, 4)[:, ::2]
    tensor, _ = array_data.to_tensor_structure(array, CPU)
    np.testing.assert_array_equal(tensor.numpy(), array)


def test_object_arrays_raise():
    ragged = np.array([np.zeros(2), np.zeros(3)], dtype=object)
    with pytest.raises(ValueError, match="NumPy array of dtype object"):
        array_data.to_tensor_structure((np.zeros(2), ragged), CPU)


def test_tensors_are_detached():
    weights = torch.ones(3, requires_grad=True)
    source = weights * 2
    tensor, _ = array_data.to_tensor_structure(source, CPU)
    assert not tensor.requires_grad and tensor.grad_fn is None


def test_small_data_is_placed_on_the_device():
    data = (np.zeros((4, 2)), torch.zeros(4, dtype=torch.int64), None)
    (x, y, w), on_device = array_data.to_tensor_structure(data, META)
    assert on_device
    assert x.device == META and y.device == META and w is None
    assert x.shape == (4, 2) and x.dtype == torch.float32


def test_data_over_the_device_budget_stays_pinned_on_the_host(monkeypatch):
    pinned = _fake_pin_memory(monkeypatch)
    monkeypatch.setattr(array_data, "_DEVICE_RESIDENT_BYTES", 4 * 2 * 4 - 1)
    (x, y), on_device = array_data.to_tensor_structure(
        (np.zeros((4, 2)), np.arange(4)), META)
    assert not on_device
    assert x.device == CPU and y.device == CPU
    assert len(pinned) == 2


def test_data_within_the_device_budget_is_not_pinned(monkeypatch):
    pinned = _fake_pin_memory(monkeypatch)
    monkeypatch.setattr(array_data, "_DEVICE_RESIDENT_BYTES", 4 * 2 * 4)
    x, on_device = array_data.to_tensor_structure(np.zeros((4, 2), "float32"), META)
    assert on_device and x.device == META and not pinned


def test_large_data_already_on_the_device_is_left_there(monkeypatch):
    pinned = _fake_pin_memory(monkeypatch)
    monkeypatch.setattr(array_data, "_DEVICE_RESIDENT_BYTES", 0)
    (x, y), on_device = array_data.to_tensor_structure(
        (np.zeros((4, 2)), torch.zeros(4, device=META)), META)
    assert not on_device
    assert x.device == CPU and len(pinned) == 1
    assert y.device == META


def test_pinned_batches_are_copied_to_the_device(monkeypatch):
    _fake_pin_memory(monkeypatch)
    monkeypatch.setattr(array_data, "_DEVICE_RESIDENT_BYTES", 0)
    for shuffle in (False, True, "batch"):
        batches = ArrayBatches((np.zeros((5, 2)), np.arange(5), None), batch_size=2,
                               shuffle=shuffle, device=META)
        assert not batches.on_device
        shapes = [(x.device, tuple(x.shape), y.device, w) for x, y, w in batches]
        assert shapes == [(META, (2, 2), META, None)] * 2 + [(META, (1, 2), META, None)]


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs CUDA for pinned memory")
def test_pinned_host_path_on_cuda(monkeypatch):
    monkeypatch.setattr(array_data, "_DEVICE_RESIDENT_BYTES", 0)
    x = np.arange(10.0).reshape(5, 2)
    batches = ArrayBatches((x, np.arange(5)), batch_size=2, shuffle=True,
                           device=torch.device("cuda"))
    assert not batches.on_device
    assert all(t.is_pinned() for t in batches._flat)
    seen = []
    for bx, by in batches:
        assert bx.is_cuda and by.is_cuda
        np.testing.assert_array_equal(bx.cpu().numpy(), x[by.cpu().numpy()])
        seen += by.tolist()
    assert sorted(seen) == list(range(5))


# --------------------------------------------------------------------- num_samples
def test_num_samples_of_a_structure():
    assert array_data.num_samples((torch.zeros(7, 2), [torch.zeros(7)], None)) == 7


def test_num_samples_mismatch():
    with pytest.raises(ValueError, match=r"Data cardinality is ambiguous.*\[3, 4\]"):
        array_data.num_samples({"a": torch.zeros(4), "b": torch.zeros(3, 2)})


def test_num_samples_without_arrays():
    with pytest.raises(ValueError, match="at least one array of data, received none"):
        array_data.num_samples((None, None))


# ---------------------------------------------------------- train_validation_split
@pytest.mark.parametrize(
    "count, split, train_count",
    [(10, 0.2, 8), (10, 0.25, 7), (7, 0.5, 3), (3, 0.34, 1), (100, 0.01, 99)],
)
def test_validation_split_floors_the_training_part(count, split, train_count):
    x = np.arange(count * 2).reshape(count, 2)
    y = torch.arange(count)
    (train_x, train_y, train_w), (val_x, val_y, val_w) = array_data.train_validation_split(
        (x, y, None), split)
    np.testing.assert_array_equal(train_x, x[:train_count])
    np.testing.assert_array_equal(val_x, x[train_count:])
    assert train_y.tolist() == list(range(train_count))
    assert val_y.tolist() == list(range(train_count, count))
    assert train_w is None and val_w is None


def test_validation_split_keeps_dicts():
    train, val = array_data.train_validation_split(
        {"a": np.arange(4), "b": np.arange(4) * 10}, 0.5)
    assert {k: v.tolist() for k, v in train.items()} == {"a": [0, 1], "b": [0, 10]}
    assert {k: v.tolist() for k, v in val.items()} == {"a": [2, 3], "b": [20, 30]}


@pytest.mark.parametrize("count, split", [(1, 0.5), (3, 0.7), (5, 0.99)])
def test_validation_split_of_too_little_data(count, split):
    with pytest.raises(ValueError, match=(
            f"Training data contains {count} samples, which is not sufficient to split "
            rf"it .*`validation_split={split}`")):
        array_data.train_validation_split((np.zeros(count), np.zeros(count)), split)


def test_validation_split_of_non_arrays():
    with pytest.raises(ValueError, match=(
            r"`validation_split` is only supported for Tensors or NumPy arrays, found "
            r"following types in the input: \['int', 'ndarray'\]")):
        array_data.train_validation_split((np.zeros(4), [0, 1, 2, 3]), 0.5)


# -------------------------------------------------------------------- ArrayBatches
def _data(count=10):
    x = np.arange(count * 3, dtype="float64").reshape(count, 3)
    return x, np.arange(count)


@pytest.mark.parametrize(
    "count, batch_size, sizes",
    [(10, 4, [4, 4, 2]), (8, 4, [4, 4]), (3, 5, [3]), (1, 1, [1]), (7, 1, [1] * 7)],
)
def test_batch_sizes(count, batch_size, sizes):
    batches = ArrayBatches(_data(count), batch_size)
    assert batches.num_batches == len(sizes)
    assert [len(y) for _, y in batches] == sizes


def test_no_shuffle_keeps_the_order():
    x, y = _data(10)
    batches = ArrayBatches((x, y), batch_size=4, shuffle=False)
    for _ in range(2):
        got = list(batches)
        assert torch.cat([b[1] for b in got]).tolist() == list(range(10))
        np.testing.assert_array_equal(torch.cat([b[0] for b in got]).numpy(), x)


def _epoch_orders(shuffle, epochs=3, count=10, batch_size=4):
    x, y = _data(count)
    kerastorch.utils.set_random_seed(1234)
    batches = ArrayBatches((x, y), batch_size=batch_size, shuffle=shuffle)
    orders = []
    for _ in range(epochs):
        epoch = list(batches)
        for bx, by in epoch:  # rows stay together across inputs
            np.testing.assert_array_equal(bx.numpy(), x[by.numpy()])
        orders.append([by.tolist() for _, by in epoch])
    return orders


def test_shuffle_visits_every_sample_once_per_epoch_in_a_new_order():
    orders = _epoch_orders(True)
    flat = [sum(epoch, []) for epoch in orders]
    for epoch in flat:
        assert sorted(epoch) == list(range(10))
    assert [len(b) for b in orders[0]] == [4, 4, 2]
    assert len({tuple(epoch) for epoch in flat}) == 3
    assert any(epoch != list(range(10)) for epoch in flat)


@pytest.mark.parametrize("shuffle", [True, "batch"])
def test_shuffle_repeats_under_a_seed(shuffle):
    assert _epoch_orders(shuffle) == _epoch_orders(shuffle)


def test_batch_shuffle_stays_within_batches():
    orders = _epoch_orders("batch", epochs=4, count=11, batch_size=4)
    for epoch in orders:
        assert [sorted(b) for b in epoch] == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10]]
    assert len({tuple(sum(epoch, [])) for epoch in orders}) > 1


def test_structures_with_none_leaves_and_dicts():
    x = {"image": np.zeros((5, 2, 2)), "ids": np.arange(5)}
    y = np.arange(5.0)
    batches = ArrayBatches((x, y, None), batch_size=3)
    got = list(batches)
    assert len(got) == 2
    bx, by, bw = got[1]
    assert bw is None
    assert set(bx) == {"image", "ids"}
    assert bx["image"].shape == (2, 2, 2) and bx["image"].dtype == torch.float32
    assert bx["ids"].tolist() == [3, 4] and by.tolist() == [3.0, 4.0]


def test_sample_weights_follow_their_samples_when_shuffled():
    x, y = _data(9)
    weights = np.arange(9, dtype="float32") / 10
    kerastorch.utils.set_random_seed(0)
    for bx, by, bw in ArrayBatches((x, y, weights), batch_size=4, shuffle=True):
        np.testing.assert_allclose(bw.numpy(), by.numpy() / 10, rtol=1e-6)


def test_mismatched_structures_raise_at_construction():
    with pytest.raises(ValueError, match=r"Data cardinality is ambiguous.*\[4, 5\]"):
        ArrayBatches((np.zeros((5, 2)), np.zeros(4)), batch_size=2)

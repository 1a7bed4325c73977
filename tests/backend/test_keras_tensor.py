"""Unit tests of `KerasTensor`, the symbolic tensor of functional models."""

import pytest
import torch

import kerastorch
from kerastorch.backend.keras_tensor import KerasTensor, is_keras_tensor


@pytest.mark.parametrize("shape, dtype, expected_shape, expected_dtype", [
    ((None, 3), None, (None, 3), "float32"),
    ([2, 3], "int32", (2, 3), "int32"),
    ((None, None, 4), torch.float64, (None, None, 4), "float64"),
    ((), "bool", (), "bool"),
    ((5,), float, (5,), "float32"),
])
def test_shape_dtype_and_ndim(shape, dtype, expected_shape, expected_dtype):
    tensor = KerasTensor(shape, dtype=dtype) if dtype is not None else KerasTensor(shape)
    assert tensor.shape == expected_shape
    assert isinstance(tensor.shape, tuple)
    assert tensor.dtype == expected_dtype
    assert tensor.ndim == len(expected_shape)


def test_shape_entries_become_python_ints():
    tensor = KerasTensor((torch.tensor(2), 3.0))
    assert tensor.shape == (2, 3) and all(type(d) is int for d in tensor.shape)


def test_invalid_dtype_raises():
    with pytest.raises(ValueError, match="Invalid dtype: nope"):
        KerasTensor((1,), dtype="nope")


def test_repr_names_shape_dtype_and_name():
    tensor = KerasTensor((None, 2), name="x")
    assert repr(tensor) == "<KerasTensor shape=(None, 2), dtype=float32, sparse=False, name=x>"


@pytest.mark.parametrize("use, message", [
    (bool, "cannot be used as a Python bool"),
    (len, "has no length"),
])
def test_symbolic_tensor_has_no_truth_value_nor_length(use, message):
    with pytest.raises(TypeError, match=message):
        use(KerasTensor((None, 2)))


@pytest.mark.parametrize("shape, batch_size, expected", [
    ((None, 3), 2, (2, 3)),
    ((None, None, 3), 5, (5, 5, 3)),
    ((4, 3), 2, (4, 3)),
])
def test_placeholder_is_a_zero_tensor_with_unknown_sizes_filled(shape, batch_size, expected):
    placeholder = KerasTensor(shape, dtype="int32").placeholder(batch_size)
    assert placeholder.shape == expected
    assert placeholder.dtype == torch.int32
    assert not placeholder.any()


def test_placeholder_device():
    assert KerasTensor((None, 1)).placeholder(device="meta").device == torch.device("meta")


def test_is_keras_tensor():
    assert is_keras_tensor(kerastorch.Input((2,)))
    assert not is_keras_tensor(torch.zeros(2))
    assert kerastorch.KerasTensor is KerasTensor


def test_input_tensor_history_points_to_its_input_layer():
    tensor = kerastorch.Input((3,), name="features")
    layer, node_index, tensor_index = tensor._keras_history
    assert isinstance(layer, kerastorch.layers.InputLayer)
    assert (layer.name, node_index, tensor_index) == ("features", 0, 0)
    assert tensor.name == "features"


def test_layer_outputs_record_their_producing_call():
    dense = kerastorch.layers.Dense(2)
    x = kerastorch.Input((3,))
    first, second = dense(x), dense(x)
    assert first._keras_history == (dense, 0, 0)
    assert second._keras_history == (dense, 1, 0)
    assert dense._inbound_nodes[1].input_tensors is x
    assert dense._inbound_nodes[1].output_tensors is second


def test_multi_output_calls_number_their_tensors():
    split = kerastorch.layers.Lambda(lambda t: [t[:, :1], t[:, 1:]])
    left, right = split(kerastorch.Input((3,)))
    assert (left.shape, right.shape) == ((None, 1), (None, 2))
    assert left._keras_history[2] == 0 and right._keras_history[2] == 1
    assert left._keras_history[0] is right._keras_history[0] is split

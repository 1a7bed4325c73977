"""The non-element-wise `kerastorch.ops.numpy` ops on their own: NumPy semantics,
input conversion, devices, symbolic specs and graph nodes."""

import numpy as np
import pytest
import torch

import kerastorch
from kerastorch import ops
from kerastorch.backend import device
from kerastorch.ops.operation import Operation

RNG = np.random.default_rng(0)


def _numpy(x):
    return x.detach().cpu().numpy()


@pytest.mark.parametrize("name", ["sum", "prod", "max", "min", "amax", "amin", "ptp", "nanprod",
                                  "mean", "all", "any"])
def test_full_reductions_keep_every_axis_with_keepdims(name):
    x = RNG.uniform(0.5, 2.0, size=(2, 3, 4)).astype("float32")
    result = getattr(ops, name)(torch.from_numpy(x), keepdims=True)
    expected = getattr(np, name)(x, keepdims=True)
    assert result.shape == expected.shape == (1, 1, 1)
    np.testing.assert_allclose(_numpy(result), expected, rtol=1e-5)


@pytest.mark.parametrize("mode", ["constant", "edge", "reflect", "symmetric", "wrap"])
@pytest.mark.parametrize("shape, pad_width", [
    ((5,), ((7, 3),)), ((3, 4), ((2, 1), (5, 0))), ((2, 3, 4), 2), ((4, 2), (1, 3)),
])
def test_pad_modes_match_numpy(mode, shape, pad_width):
    x = RNG.normal(size=shape).astype("float32")
    received = ops.pad(torch.from_numpy(x), pad_width, mode=mode)
    np.testing.assert_array_equal(_numpy(received), np.pad(x, pad_width, mode=mode))


def test_pad_rejects_unknown_modes():
    with pytest.raises(ValueError, match="mode"):
        ops.pad(torch.ones(3), 1, mode="linear_ramp")


@pytest.mark.parametrize("value, dtype", [
    (np.arange(3.0), torch.float64),  # numpy arrays keep their dtype, as in Keras
    ([1, 2], torch.int32), ([1.0, 2], torch.float32), ([True, False], torch.bool),
    (2**40, torch.int64), (3, torch.int32), (2.5, torch.float32), (np.uint32(3), torch.int64),
])
def test_array_converts_like_keras(value, dtype):
    assert ops.array(value).dtype == dtype


def test_lists_of_tensors_are_stacked():
    stacked = ops.sum([torch.ones(2), torch.zeros(2)], axis=0)
    np.testing.assert_array_equal(_numpy(stacked), [1.0, 1.0])


@pytest.mark.parametrize("make", [
    lambda: ops.zeros((2,)), lambda: ops.ones(3), lambda: ops.empty(2), lambda: ops.full((2,), 1.0),
    lambda: ops.arange(3), lambda: ops.linspace(0, 1, 3), lambda: ops.logspace(0, 1, 3),
    lambda: ops.eye(2), lambda: ops.eye(2, k=1), lambda: ops.identity(2), lambda: ops.tri(2),
    lambda: ops.hamming(4), lambda: ops.kaiser(4, 1.0),
])
def test_creation_ops_use_the_kerastorch_device(make, monkeypatch):
    monkeypatch.setattr(device, "_DEVICE", torch.device("meta"))
    assert make().device.type == "meta"


def test_empty_accepts_an_int_shape():
    assert ops.empty(4, dtype="int32").shape == (4,)


@pytest.mark.parametrize("call, shape, dtype", [
    (lambda x: ops.reshape(x, (-1, 2)), (None, 2), "float32"),
    (lambda x: ops.reshape(x, (2, 3, -1)), (2, 3, None), "float32"),
    (lambda x: ops.split(x, 3, axis=1)[0], (None, 1, 4), "float32"),
    (lambda x: ops.repeat(x, [1, 2, 3], axis=1), (None, 6, 4), "float32"),
    (lambda x: ops.unique(x, size=5), (5,), "float32"),
    (lambda x: ops.get_item(x, (slice(None, 1), 0)), (None, 4), "float32"),
    (lambda x: ops.nonzero(x)[2], (None,), "int32"),
    (lambda x: ops.bincount(ops.cast(x, "int32")), (None, 3, None), "int32"),
    (lambda x: ops.argmax(x, axis=-1), (None, 3), "int32"),
    (lambda x: ops.mean(ops.cast(x, "int32"), axis=0), (3, 4), "float32"),
    (lambda x: ops.quantile(x, [0.2, 0.5], axis=1), (2, None, 4), "float32"),
    (lambda x: ops.einsum("bij,bjk->bik", x, ops.swapaxes(x, 1, 2)), (None, 3, 3), "float32"),
    (lambda x: ops.dot(x, ops.ones((4, 5))), (None, 3, 5), "float32"),
    (lambda x: ops.pad(x, ((0, 0), (1, 1), (2, 0))), (None, 5, 6), "float32"),
])
def test_symbolic_specs(call, shape, dtype):
    result = call(kerastorch.Input(shape=(3, 4)))
    assert (result.shape, result.dtype) == (shape, dtype)


def test_corrcoef_symbolic_shape_is_the_variables_squared():
    # Keras's spec answers the input shape; the result is (variables, variables).
    result = ops.corrcoef(kerastorch.KerasTensor((3, 5)))
    assert result.shape == (3, 3)
    assert ops.corrcoef(torch.randn(3, 5)).shape == (3, 3)


def test_dtype_arguments_are_recorded_as_keras_names():
    result = ops.cumsum(kerastorch.Input(shape=(3,)), dtype=torch.float16)
    assert result._keras_history[0].get_config()["dtype"] == "float16"


def test_reshape_records_the_new_shape_as_a_tuple():
    result = ops.reshape(kerastorch.Input(shape=(3,)), 3)
    assert result._keras_history[0].get_config()["newshape"] == (3,)


@pytest.mark.parametrize("build", [
    lambda x: ops.concatenate([ops.reshape(x, (-1, 2, 3)), ops.flip(ops.reshape(x, (-1, 2, 3)),
                                                                   axis=1)], axis=-1),
    lambda x: ops.pad(ops.expand_dims(x, -1), ((0, 0), (1, 2), (0, 1)), mode="reflect"),
    lambda x: ops.average(x, axis=1, weights=ops.ones_like(x)),
    lambda x: ops.full((2,), ops.max(x)),
    lambda x: ops.stack(ops.split(x, 2, axis=1), axis=1),
    lambda x: ops.take(x, [5, 0, -1], axis=1),
])
def test_functional_models_with_ops_round_trip_their_config(build):
    inputs = kerastorch.Input(shape=(6,))
    model = kerastorch.Model(inputs, build(inputs))
    rebuilt = kerastorch.Model.from_config(model.get_config())
    x = torch.from_numpy(RNG.normal(size=(4, 6)).astype("float32"))
    np.testing.assert_allclose(_numpy(rebuilt(x)), _numpy(model(x)), rtol=1e-6)
    np.testing.assert_allclose(_numpy(model(x)), _numpy(build(x)), rtol=1e-6)


def test_op_nodes_rebuild_from_their_config():
    node = ops.moveaxis(kerastorch.Input(shape=(2, 3)), 0, -1)._keras_history[0]
    assert isinstance(node, Operation)
    rebuilt = type(node).from_config(node.get_config())
    assert rebuilt(torch.ones(4, 2, 3)).shape == (2, 3, 4)


def test_vectorize_passes_excluded_arguments_through():
    def scaled_norm(v, scale):
        assert isinstance(scale, str)
        return torch.sqrt(torch.sum(v * v)) * len(scale)

    vectorized = ops.vectorize(scaled_norm, excluded={1}, signature="(n)->()")
    np.testing.assert_allclose(_numpy(vectorized(torch.tensor([[3.0, 4.0], [0.0, 1.0]]), "ab")),
                               [10.0, 2.0])


def test_vectorize_broadcasts_loop_axes():
    vectorized = ops.vectorize(lambda a, b: a * b)
    a, b = torch.arange(3.0).reshape(3, 1), torch.arange(4.0)
    np.testing.assert_array_equal(_numpy(vectorized(a, b)), _numpy(a * b))


@pytest.mark.parametrize("x, kwargs, expected", [
    (np.array([[1, 2], [3, 1]]), {}, ([1, 2, 3], [0, 1, 2])),
    (np.array([5, 5, 4]), {"size": 4}, ([4, 5, 0, 0], [2, 0, 1, 1])),
])
def test_unique_first_indices_match_numpy(x, kwargs, expected):
    values, index = ops.unique(torch.from_numpy(x), return_index=True, **kwargs)
    np.testing.assert_array_equal(_numpy(values), expected[0])
    np.testing.assert_array_equal(_numpy(index), expected[1])


def test_bincount_counts_rows_with_different_maxima():
    counts = ops.bincount(torch.tensor([[0, 0, 1], [3, 3, 3]]), minlength=2)
    np.testing.assert_array_equal(_numpy(counts), [[2, 1, 0, 0], [0, 0, 0, 3]])


@pytest.mark.parametrize("x1, x2", [(np.ones((2, 3)), np.ones((4, 3, 5))),
                                    (np.ones(3), np.ones((2, 3, 4)))])
def test_dot_of_nd_tensors_is_numpy_dot(x1, x2):
    x1 = RNG.normal(size=x1.shape).astype("float32")
    x2 = RNG.normal(size=x2.shape).astype("float32")
    np.testing.assert_allclose(_numpy(ops.dot(torch.from_numpy(x1), torch.from_numpy(x2))),
                               np.dot(x1, x2), rtol=1e-5, atol=1e-6)


def test_argpartition_checks_kth():
    with pytest.raises(ValueError, match="kth"):
        ops.argpartition(torch.ones(3), 3)

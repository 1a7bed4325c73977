"""`kerastorch.activations` side by side with `keras.activations` (torch backend)."""

import keras
import numpy as np
import pytest
import torch

from kerastorch import activations
from kerastorch.activations.serialization import ALL_OBJECTS_DICT

RTOL, ATOL = 1e-5, 1e-6
EXTREMES = np.array(
    [-1e30, -1e4, -100.0, -30.0, -3.0, -1.0, -0.5, -1e-7, 0.0, 1e-7, 0.5, 1.0, 3.0, 30.0,
     100.0, 1e4, 1e30, np.inf, -np.inf],
    dtype="float32",
)
REQUIRED_KWARGS = {"threshold": {"threshold": 0.5, "default_value": -1.0}}
# Keras's sparsemax is wrong when more than one input is in the support
# (keras-team/keras#23425); it is compared on one-hot-dominated inputs only.
KERAS_SPARSEMAX_BUG = {"sparsemax"}


def _public_names(module):
    return {name for name in dir(module) if not name.startswith("_")}


def _inputs(shape, seed=0):
    return (np.random.default_rng(seed).normal(size=shape) * 3).astype("float32")


def _compare(name, x, rtol=RTOL, atol=ATOL, **kwargs):
    kwargs = {**REQUIRED_KWARGS.get(name, {}), **kwargs}
    ours = getattr(activations, name)(torch.tensor(x), **kwargs)
    theirs = getattr(keras.activations, name)(torch.tensor(x), **kwargs)
    assert ours.dtype == theirs.dtype
    np.testing.assert_allclose(
        ours.float().numpy(), theirs.float().numpy(),
        rtol=rtol, atol=atol,
    )


def test_no_missing_names():
    missing = sorted(_public_names(keras.activations) - _public_names(activations))
    assert missing == []


def test_same_lookup_names():
    assert set(ALL_OBJECTS_DICT) == set(keras.src.activations.ALL_OBJECTS_DICT)


@pytest.mark.parametrize("name", sorted(set(ALL_OBJECTS_DICT) - KERAS_SPARSEMAX_BUG))
@pytest.mark.parametrize("shape", [(10,), (4, 16), (2, 3, 8)])
def test_random_inputs(name, shape):
    _compare(name, _inputs(shape))


@pytest.mark.parametrize("name", sorted(set(ALL_OBJECTS_DICT) - KERAS_SPARSEMAX_BUG - {"glu"}))
def test_extreme_inputs(name):
    _compare(name, EXTREMES)


def test_glu_extreme_inputs():
    # Every extreme meets every other as gate (second half) and as value (first half).
    values = np.repeat(EXTREMES, EXTREMES.size)
    gates = np.tile(EXTREMES, EXTREMES.size)
    _compare("glu", np.stack([values, gates]), axis=0)


@pytest.mark.parametrize("name", sorted(set(ALL_OBJECTS_DICT) - KERAS_SPARSEMAX_BUG))
@pytest.mark.parametrize("dtype, rtol, atol", [("float64", 1e-12, 1e-14), ("float16", 1e-3, 1e-3)])
def test_other_dtypes(name, dtype, rtol, atol):
    _compare(name, _inputs((4, 16)).astype(dtype), rtol=rtol, atol=atol)


@pytest.mark.parametrize("shape, axis", [((4, 16), -1), ((6, 5, 3), 1), ((6, 5, 3), 0)])
def test_sparsemax_with_one_element_support(shape, axis):
    x = _inputs(shape) * 0.1
    np.put_along_axis(x, np.expand_dims(np.argmax(x, axis=axis), axis), 5.0, axis=axis)
    _compare("sparsemax", x, axis=axis)


@pytest.mark.parametrize(
    "name, kwargs",
    [
        ("relu", {"negative_slope": 0.3}),
        ("relu", {"max_value": 6.0}),
        ("relu", {"max_value": 2.5}),
        ("relu", {"threshold": 1.0}),
        ("relu", {"threshold": -0.5, "max_value": 4.0}),
        ("relu", {"negative_slope": 0.3, "max_value": 4.0}),
        ("relu", {"negative_slope": 0.3, "threshold": 1.0}),
        ("relu", {"negative_slope": 0.3, "threshold": 1.0, "max_value": 2.0}),
        ("leaky_relu", {"negative_slope": 0.01}),
        ("elu", {"alpha": 0.5}),
        ("celu", {"alpha": 2.5}),
        ("gelu", {"approximate": True}),
        ("squareplus", {"b": 0.5}),
        ("soft_shrink", {"threshold": 1.5}),
        ("hard_shrink", {"threshold": 1.5}),
        ("threshold", {"threshold": -1.0, "default_value": 3.0}),
        ("softmax", {"axis": 0}),
        ("softmax", {"axis": 1}),
        ("softmax", {"axis": (0, 2)}),
        ("softmax", {"axis": None}),
        ("log_softmax", {"axis": 0}),
        ("log_softmax", {"axis": (0, 2)}),
        ("log_softmax", {"axis": None}),
        ("glu", {"axis": 1}),
    ],
)
def test_arguments(name, kwargs):
    _compare(name, _inputs((4, 6, 8)), **kwargs)
    if name not in ("softmax", "log_softmax", "glu"):
        _compare(name, EXTREMES, **kwargs)


@pytest.mark.parametrize("name", sorted(ALL_OBJECTS_DICT))
def test_serialize_like_keras(name):
    assert activations.serialize(getattr(activations, name)) == keras.activations.serialize(
        getattr(keras.activations, name)
    )


def test_serialize_custom_function_like_keras():
    def my_activation(x):
        return x

    assert activations.serialize(my_activation) == keras.activations.serialize(my_activation)


@pytest.mark.parametrize("name", sorted(ALL_OBJECTS_DICT))
def test_get_resolves_same_function(name):
    assert activations.get(name).__name__ == keras.activations.get(name).__name__

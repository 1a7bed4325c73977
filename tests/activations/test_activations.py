"""Unit tests of `kerastorch.activations`: maths, shapes, dtypes, lookup."""

import doctest
import importlib
import math
import warnings

import numpy as np
import pytest
import torch

import kerastorch
from kerastorch import activations
from kerastorch.activations.serialization import ALL_OBJECTS_DICT
from kerastorch.saving import register_keras_serializable

_SELU_ALPHA = 1.6732632423543772
_SELU_SCALE = 1.0507009873554805
_erf = np.vectorize(math.erf)


def _np_sigmoid(x):
    return 0.5 * (1 + np.tanh(x / 2))


def _np_softplus(x):
    return np.logaddexp(0, x)


def _np_softmax(x, axis=-1):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def _np_sparsemax(x, axis=-1):
    """Martins & Astudillo (2016), Algorithm 1, one slice at a time."""
    z = np.moveaxis(x, axis, -1)
    out = np.empty_like(z)
    for index in np.ndindex(z.shape[:-1]):
        row = z[index]
        ordered = np.sort(row)[::-1]
        cumsum = np.cumsum(ordered)
        k = np.arange(1, row.size + 1)
        support = k[1 + k * ordered > cumsum].max()
        tau = (cumsum[support - 1] - 1) / support
        out[index] = np.maximum(row - tau, 0)
    return np.moveaxis(out, -1, axis)


# float64 numpy formulas, written from the definitions, for every built-in.
REFERENCES = {
    "relu": lambda x: np.maximum(x, 0),
    "leaky_relu": lambda x: np.where(x >= 0, x, 0.2 * x),
    "relu6": lambda x: np.clip(x, 0, 6),
    "elu": lambda x: np.where(x > 0, x, np.expm1(x)),
    "selu": lambda x: _SELU_SCALE * np.where(x > 0, x, _SELU_ALPHA * np.expm1(x)),
    "celu": lambda x: np.where(x > 0, x, np.expm1(x)),
    "softplus": _np_softplus,
    "sparse_plus": lambda x: np.where(x <= -1, 0, np.where(x < 1, (x + 1) ** 2 / 4, x)),
    "squareplus": lambda x: (x + np.sqrt(x**2 + 4)) / 2,
    "silu": lambda x: x * _np_sigmoid(x),
    "swish": lambda x: x * _np_sigmoid(x),
    "hard_silu": lambda x: x * np.clip(x + 3, 0, 6) / 6,
    "hard_swish": lambda x: x * np.clip(x + 3, 0, 6) / 6,
    "gelu": lambda x: 0.5 * x * (1 + _erf(x / np.sqrt(2))),
    "mish": lambda x: x * np.tanh(_np_softplus(x)),
    "glu": lambda x: x[..., : x.shape[-1] // 2] * _np_sigmoid(x[..., x.shape[-1] // 2 :]),
    "sigmoid": _np_sigmoid,
    "hard_sigmoid": lambda x: np.clip(x / 6 + 0.5, 0, 1),
    "sparse_sigmoid": lambda x: np.clip(0.5 * (x + 1), 0, 1),
    "log_sigmoid": lambda x: -_np_softplus(-x),
    "tanh": np.tanh,
    "hard_tanh": lambda x: np.clip(x, -1, 1),
    "softsign": lambda x: x / (1 + np.abs(x)),
    "soft_shrink": lambda x: np.where(x > 0.5, x - 0.5, np.where(x < -0.5, x + 0.5, 0)),
    "hard_shrink": lambda x: np.where(np.abs(x) > 0.5, x, 0),
    "tanh_shrink": lambda x: x - np.tanh(x),
    "softmax": _np_softmax,
    "log_softmax": lambda x: np.log(_np_softmax(x)),
    "sparsemax": _np_sparsemax,
    "linear": lambda x: x,
    "exponential": np.exp,
}
# Arguments for the activations that have no defaults.
REQUIRED_KWARGS = {"threshold": {"threshold": 0.5, "default_value": -1.0}}
REFERENCES["threshold"] = lambda x: np.where(x > 0.5, x, -1.0)


def _inputs(shape, seed=0):
    return np.random.default_rng(seed).normal(scale=3.0, size=shape)


def test_every_builtin_has_a_reference():
    assert set(REFERENCES) == set(ALL_OBJECTS_DICT)


@pytest.mark.parametrize("name", sorted(ALL_OBJECTS_DICT))
@pytest.mark.parametrize("shape", [(6,), (3, 8), (2, 3, 4)])
def test_matches_reference_float64(name, shape):
    x = _inputs(shape)
    out = getattr(activations, name)(torch.tensor(x), **REQUIRED_KWARGS.get(name, {}))
    assert out.dtype == torch.float64
    np.testing.assert_allclose(out.numpy(), REFERENCES[name](x), rtol=1e-7, atol=1e-12)


@pytest.mark.parametrize("name", sorted(ALL_OBJECTS_DICT))
@pytest.mark.parametrize("dtype", [torch.float16, torch.bfloat16, torch.float32, torch.float64])
def test_keeps_dtype_and_shape(name, dtype):
    x = torch.tensor(_inputs((2, 6)), dtype=dtype)
    out = getattr(activations, name)(x, **REQUIRED_KWARGS.get(name, {}))
    assert out.dtype == dtype
    assert tuple(out.shape) == ((2, 3) if name == "glu" else (2, 6))


@pytest.mark.parametrize("name", sorted(ALL_OBJECTS_DICT))
def test_accepts_arrays_and_lists(name):
    x = _inputs((4,)).astype("float32")
    fn = getattr(activations, name)
    kwargs = REQUIRED_KWARGS.get(name, {})
    expected = fn(torch.tensor(x), **kwargs)
    np.testing.assert_allclose(np.asarray(fn(x, **kwargs)), expected.numpy())
    if name != "linear":  # linear returns its input as is, list included.
        np.testing.assert_allclose(fn(x.tolist(), **kwargs).cpu().numpy(), expected.numpy())


@pytest.mark.parametrize("name", sorted(set(ALL_OBJECTS_DICT) - {"linear"}))
def test_differentiable(name):
    x = torch.tensor(_inputs((3, 4)), requires_grad=True)
    getattr(activations, name)(x, **REQUIRED_KWARGS.get(name, {})).sum().backward()
    assert torch.isfinite(x.grad).all()


def _np_relu(x, negative_slope, max_value, threshold):
    y = np.where(x > threshold, x, 0.0)
    if max_value is not None:
        y = np.clip(y, 0, max_value)
    return y - negative_slope * np.maximum(threshold - x, 0)


@pytest.mark.parametrize("negative_slope", [0.0, 0.3])
@pytest.mark.parametrize("max_value", [None, 6.0, 2.5])
@pytest.mark.parametrize("threshold", [0.0, 1.0, -0.5])
def test_relu_arguments(negative_slope, max_value, threshold):
    x = _inputs((50,))
    out = activations.relu(
        torch.tensor(x), negative_slope=negative_slope, max_value=max_value, threshold=threshold
    )
    expected = _np_relu(x, negative_slope, max_value, threshold)
    np.testing.assert_allclose(out.numpy(), expected, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize(
    "name, kwargs, reference",
    [
        ("leaky_relu", {"negative_slope": 0.5}, lambda x: np.where(x >= 0, x, 0.5 * x)),
        ("elu", {"alpha": 2.0}, lambda x: np.where(x > 0, x, 2.0 * np.expm1(x))),
        ("celu", {"alpha": 2.0}, lambda x: np.where(x > 0, x, 2.0 * np.expm1(x / 2.0))),
        ("squareplus", {"b": 1.0}, lambda x: (x + np.sqrt(x**2 + 1)) / 2),
        ("soft_shrink", {"threshold": 1.0},
         lambda x: np.where(x > 1, x - 1, np.where(x < -1, x + 1, 0))),
        ("hard_shrink", {"threshold": 1.0}, lambda x: np.where(np.abs(x) > 1, x, 0)),
        ("gelu", {"approximate": True},
         lambda x: 0.5 * x * (1 + np.tanh(np.sqrt(2 / np.pi) * (x + 0.044715 * x**3)))),
        ("glu", {"axis": 0}, lambda x: x[:2] * _np_sigmoid(x[2:])),
        ("softmax", {"axis": 0}, lambda x: _np_softmax(x, axis=0)),
        ("log_softmax", {"axis": 0}, lambda x: np.log(_np_softmax(x, axis=0))),
        ("sparsemax", {"axis": 0}, lambda x: _np_sparsemax(x, axis=0)),
    ],
)
def test_arguments(name, kwargs, reference):
    x = _inputs((4, 5))
    out = getattr(activations, name)(torch.tensor(x), **kwargs)
    np.testing.assert_allclose(out.numpy(), reference(x), rtol=1e-7, atol=1e-12)


@pytest.mark.parametrize("fn", [activations.softmax, activations.log_softmax])
@pytest.mark.parametrize("axis", [None, (0, 2), (-1, 1), (1,)])
def test_softmax_over_several_axes(fn, axis):
    x = _inputs((2, 3, 4))
    out = fn(torch.tensor(x), axis=axis).numpy()
    axes = tuple(range(3)) if axis is None else tuple(a % 3 for a in axis)
    log_total = np.log(np.exp(x).sum(axis=axes, keepdims=True))
    expected = x - log_total if fn is activations.log_softmax else np.exp(x - log_total)
    np.testing.assert_allclose(out, expected, rtol=1e-10, atol=1e-12)


def test_softmax_float16_is_computed_in_float32():
    x = torch.tensor(_inputs((5, 7)) * 4, dtype=torch.float16)
    expected = torch.log_softmax(x.float(), dim=-1).half()
    assert torch.equal(activations.log_softmax(x), expected)


def test_softmax_warns_on_size_one_axis():
    with pytest.warns(UserWarning, match="axis has size 1"):
        out = activations.softmax(torch.ones(3, 1))
    assert torch.equal(out, torch.ones(3, 1))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        activations.softmax(torch.ones(3, 2))


def test_sparsemax_is_a_sparse_distribution():
    x = torch.tensor(_inputs((64, 10)), dtype=torch.float32)
    out = activations.sparsemax(x)
    torch.testing.assert_close(out.sum(-1), torch.ones(64))
    assert (out >= 0).all()
    assert (out == 0).any()
    torch.testing.assert_close(activations.sparsemax(x + 5.0), out)  # Shift invariant.


def test_sparsemax_more_than_one_in_support():
    out = activations.sparsemax(torch.tensor([[0.0, 0.5, 1.0]]))
    torch.testing.assert_close(out, torch.tensor([[0.0, 0.25, 0.75]]))


def test_glu_rejects_odd_axis():
    with pytest.raises(ValueError, match="axis size must be divisible by 2"):
        activations.glu(torch.ones(2, 3))


def test_swish_and_hard_swish_are_aliases():
    assert activations.swish is activations.silu
    assert activations.hard_swish is activations.hard_silu


def test_linear_returns_input_itself():
    x = torch.ones(2)
    assert activations.linear(x) is x


# ----------------------------------------------------------------- lookup


def test_get():
    assert activations.get(None) is activations.linear
    assert activations.get("relu") is activations.relu
    assert activations.get("swish") is activations.silu
    assert activations.get(torch.tanh) is torch.tanh
    config = {"module": "keras.activations", "class_name": "function", "config": "elu",
              "registered_name": "elu"}
    assert activations.get(config) is activations.elu


@pytest.mark.parametrize("identifier", ["typo", 3, [1]])
def test_get_rejects_unknown(identifier):
    with pytest.raises(ValueError, match="Could not interpret activation function identifier"):
        activations.get(identifier)


@pytest.mark.parametrize("name", sorted(ALL_OBJECTS_DICT))
def test_serialize_round_trip(name):
    fn = ALL_OBJECTS_DICT[name]
    serialized = activations.serialize(fn)
    assert serialized == fn.__name__
    assert activations.deserialize(serialized) is fn
    assert activations.deserialize(name) is fn


def test_serialize_custom_function():
    def my_activation(x):
        return x

    config = activations.serialize(my_activation)
    assert config == {"module": "builtins", "class_name": "function",
                      "config": "my_activation", "registered_name": "function"}
    assert activations.deserialize(config, custom_objects={"my_activation": my_activation}) is (
        my_activation
    )


def test_serialize_registered_function():
    @register_keras_serializable(package="ActivationsTest")
    def scaled_tanh(x):
        return 2 * torch.tanh(x)

    config = activations.serialize(scaled_tanh)
    assert config["config"] == "ActivationsTest>scaled_tanh"
    assert activations.deserialize(config) is scaled_tanh
    assert activations.get(config) is scaled_tanh


def test_serialize_rejects_lambda():
    with pytest.raises(ValueError, match="cannot be serialized"):
        activations.serialize(lambda x: x)


def test_deserialize_rejects_unknown():
    with pytest.raises(ValueError):
        activations.deserialize("typo")


@pytest.mark.parametrize(
    "module",
    ["basic", "gated", "normalizing", "rectifiers", "shrinkage", "sigmoids", "serialization"],
)
def test_docstring_examples(module):
    mod = importlib.import_module(f"kerastorch.activations.{module}")
    result = doctest.testmod(
        mod,
        extraglobs={"torch": torch, "kerastorch": kerastorch},
        optionflags=doctest.NORMALIZE_WHITESPACE,
    )
    assert result.attempted > 0
    assert result.failed == 0

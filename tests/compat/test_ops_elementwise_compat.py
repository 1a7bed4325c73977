"""Element-wise `keras.ops.numpy` ops side by side with `keras.ops` (torch backend).

One table of cases (op, inputs, keyword arguments). Each case is compared
eagerly (values, dtype, shape; or the same error type) and symbolically
(output shape with `None` dims and dtype of a call on KerasTensors).
"""

import keras
import numpy as np
import pytest
import torch

import kerastorch
from kerastorch import ops

RTOL, ATOL = 1e-5, 1e-6
SPECIAL = np.array([[np.nan, np.inf, -np.inf, -0.0, 0.0, 1.5],
                    [-2.5, 3.0, np.nan, -np.inf, 7.0, -1e-3]], dtype="float32")


class A:
    """An input array: `kind` of values, `dtype`, `shape`; `numpy=True` passes it
    as a numpy array instead of a tensor."""

    def __init__(self, kind, dtype, shape=(3, 4), numpy=False, seed=0):
        self.kind, self.dtype, self.shape, self.numpy, self.seed = kind, dtype, shape, numpy, seed

    def __repr__(self):
        return f"{'np' if self.numpy else ''}{self.dtype}{list(self.shape)}{self.kind}"

    def array(self):
        rng = np.random.default_rng(self.seed)
        numpy_dtype = "float32" if self.dtype == "bfloat16" else self.dtype
        if self.kind == "special":
            finite = "float" in numpy_dtype
            return (SPECIAL if finite else np.nan_to_num(SPECIAL)).astype(numpy_dtype)
        if self.dtype == "bool":
            return rng.random(self.shape) > 0.5
        if self.dtype.startswith("complex"):
            return (rng.normal(size=self.shape) + 1j * rng.normal(size=self.shape)).astype(
                self.dtype)
        low, high = {"any": (-4, 5), "unit": (-0.9, 0.9), "pos": (0.1, 4), "ge1": (1, 4),
                     "small": (0, 4), "close": (1, 1 + 1e-6)}[self.kind]
        if "int" in self.dtype:
            low, high = int(max(np.ceil(low), 0 if "uint" in self.dtype else low)), int(high)
            if self.kind in ("pos", "ge1"):
                low = max(low, 1)
            return rng.integers(low, max(high, low + 1), size=self.shape).astype(numpy_dtype)
        return rng.uniform(low, high, size=self.shape).astype(numpy_dtype)

    def value(self):
        array = self.array()
        if self.numpy:
            return array
        tensor = torch.from_numpy(array)
        return tensor.to(torch.bfloat16) if self.dtype == "bfloat16" else tensor

    def symbolic(self, library):
        if self.numpy:
            return self.array()
        shape = (None,) + self.shape[1:] if len(self.shape) >= 2 else self.shape
        return library.KerasTensor(shape, dtype=self.dtype)


def _unary(names, kind, dtypes=("float32", "float64", "float16", "int32", "int64", "int8",
                                 "uint8", "bool")):
    cases = [(name, (A(kind, dtype),), {}) for name in names for dtype in dtypes]
    cases += [(name, (A(kind, "bfloat16"),), {}) for name in names]
    cases += [(name, (A(kind, "float32", numpy=True),), {}) for name in names]
    cases += [(name, (A(kind, "float64", shape=(5,), numpy=True),), {}) for name in names]
    return cases


def _pairs(kind1="any", kind2="any"):
    """Operand pairs covering broadcasting, promotion and Python numbers."""
    return [
        (A(kind1, "float32"), A(kind2, "float32", (4,), seed=1)),
        (A(kind1, "int32"), A(kind2, "int32", (3, 1), seed=1)),
        (A(kind1, "int32"), A(kind2, "float32", seed=1)),
        (A(kind1, "float32", (2, 3)), 2.5),
        (3, A(kind2, "float32", (2, 3), seed=1)),
        (A(kind1, "float32"), 2),
        (A(kind1, "int8"), 3),
        (A(kind1, "int32"), 2.5),
        (A(kind1, "bool"), A(kind2, "bool", seed=1)),
        (A(kind1, "bool"), 1),
        (A(kind1, "float16"), 1.5),
        (A(kind1, "bfloat16"), A(kind2, "float32", seed=1)),
        (A(kind1, "int64"), A(kind2, "int64", seed=1)),
        (A(kind1, "float64"), A(kind2, "float32", seed=1)),
        (A(kind1, "uint8"), A(kind2, "int8", seed=1)),
        (A(kind1, "int32"), A(kind2, "float64", (4,), numpy=True, seed=1)),
        (A(kind1, "float32", (4,), numpy=True), A(kind2, "float32", seed=1)),
        (A(kind1, "float32", ()), A(kind2, "float16", (2, 3), seed=1)),
    ]


def _binary(names, kind1="any", kind2="any"):
    return [(name, pair, {}) for name in names for pair in _pairs(kind1, kind2)]


FLOAT_UNARY = ["sin", "cos", "tan", "arctan", "sinh", "cosh", "tanh", "arcsinh", "sinc", "exp",
               "exp2", "expm1", "deg2rad", "rad2deg", "i0", "floor", "ceil", "trunc", "round",
               "sign", "negative", "absolute", "abs", "fabs", "square", "cbrt", "reciprocal",
               "copy", "angle", "real", "conjugate", "conj", "logical_not"]
CLASSES = ["isfinite", "isinf", "isnan", "isneginf", "isposinf", "signbit", "nan_to_num", "isreal"]
ARITHMETIC = ["add", "subtract", "multiply", "maximum", "minimum", "fmax", "fmin", "equal",
              "not_equal", "less", "less_equal", "greater", "greater_equal", "logical_and",
              "logical_or", "logical_xor", "arctan2", "hypot", "logaddexp", "logaddexp2",
              "heaviside", "nextafter", "isclose"]
DIVISIONS = ["divide", "true_divide", "floor_divide", "mod", "fmod", "divide_no_nan"]
INT_PAIRS = [
    (A("any", "int32"), A("pos", "int32", seed=1)),
    (A("any", "int8"), 6),
    (A("any", "int64"), A("pos", "int32", (4,), seed=1)),
    (A("any", "uint8"), A("pos", "int8", seed=1)),
    (A("any", "bool"), A("any", "bool", seed=1)),
    (A("any", "bool"), 1),
    (A("any", "float32"), A("any", "float32", seed=1)),
]
SHIFT_PAIRS = [
    (A("small", "int32"), 2),
    (A("small", "int32"), A("small", "int32", seed=1)),
    (A("small", "int8"), A("small", "int32", (4,), seed=1)),
    (A("small", "uint8"), 1),
    (A("small", "int64"), A("small", "int64", seed=1)),
]

CASES = (
    _unary(FLOAT_UNARY, "any")
    + _unary(["arcsin", "arccos", "arctanh"], "unit")
    + _unary(["arccosh"], "ge1")
    + _unary(["log", "log10", "log2", "log1p", "sqrt"], "pos")
    + _unary(CLASSES, "special", dtypes=("float32", "float64", "float16", "int32", "bool"))
    + _unary(["bitwise_invert", "bitwise_not"], "any", dtypes=("int32", "int8", "uint8",
                                                              "int64", "bool"))
    + [(name, (A("any", "complex64"),), {}) for name in
       ["real", "imag", "angle", "conjugate", "conj", "isreal", "absolute", "negative"]]
    + _binary(ARITHMETIC)
    + _binary(DIVISIONS, "any", "pos")
    + [("divide_no_nan", (A("any", "float32"), A("small", "float32", seed=1)), {}),
       ("divide_no_nan", (A("any", "int32"), A("small", "int32", seed=1)), {})]
    + _binary(["power"], "pos", "small")
    + [("power", (A("any", "float32"), 2), {}), ("power", (2, A("small", "int32")), {}),
       ("power", (A("pos", "float32"), A("any", "float32", seed=1)), {})]
    + [(name, pair, {}) for name in ["gcd", "lcm", "bitwise_and", "bitwise_or", "bitwise_xor"]
       for pair in INT_PAIRS]
    + [(name, pair, {}) for name in ["bitwise_left_shift", "bitwise_right_shift", "left_shift",
                                     "right_shift"] for pair in SHIFT_PAIRS]
    + [("ldexp", pair, {}) for pair in [
        (A("any", "float32"), A("small", "int32", seed=1)),
        (A("any", "int32"), A("small", "int32", seed=1)),
        (A("any", "float16"), A("small", "int8", seed=1)),
        (A("any", "float64"), 2),
        (A("any", "float32"), A("any", "float32", seed=1))]]
    + [("round", (A("any", dtype),), {"decimals": decimals})
       for dtype in ("float32", "int32", "float64") for decimals in (0, 1, 2, -1)]
    + [("nan_to_num", (A("special", "float32"),), {"nan": 1.0, "posinf": 5.0, "neginf": -5.0}),
       ("nan_to_num", (A("special", "float64"),), {"nan": -1.0})]
    + [("isclose", (A("close", "float32"), A("close", "float32", seed=1)), {}),
       ("isclose", (A("close", "float32"), A("close", "float32", seed=1)),
        {"rtol": 0.0, "atol": 1e-9}),
       ("isclose", (A("special", "float32"), A("special", "float32")), {"equal_nan": True})]
    + [("clip", (A("any", dtype), low, high), {}) for dtype, low, high in [
        ("float32", 0.0, 1.0), ("int32", 1, 3), ("bool", 0, 1), ("float16", -0.5, 0.5),
        ("int32", 0.5, 2.5), ("int8", -1, 2), ("float64", -1, 1.5)]]
    + [("clip", (A("any", "float32"), A("any", "float32", (4,), seed=1), 3.0), {}),
       ("clip", (A("any", "float32"), torch.tensor(-1.0), torch.tensor(1.0)), {})]
    + [("where", (A("any", "bool"), x1, x2), {}) for x1, x2 in [
        (A("any", "float32", seed=1), A("any", "float32", (4,), seed=2)),
        (A("any", "int32", seed=1), 0),
        (A("any", "bool", seed=1), 0),
        (A("any", "float16", seed=1), 2.5),
        (1, 2.0),
        (A("any", "int8", seed=1), A("any", "int64", seed=2))]]
    + [("where", (A("any", "float32"), A("any", "float32", seed=1), -1.0), {}),
       ("where", (A("any", "bool"),), {})]
    + [("select", ([A("any", "bool"), A("any", "bool", seed=1)],
                   [A("any", dtype, seed=2), A("any", dtype, seed=3)]), {"default": default})
       for dtype, default in [("float32", 0), ("float32", -1.5), ("int32", 7), ("bool", False)]]
)
IDS = [f"{name}-{i}-{args}-{kwargs}" for i, (name, args, kwargs) in enumerate(CASES)]

# Keras's specs that kerastorch does not copy, because they contradict the tensors the
# graph carries at run time; kerastorch's spec is then checked against the eager result.
# Keras's bitwise and select specs take the first operand's shape (no broadcasting), and
# `where(condition)` (indices) gets `condition`'s shape and int32.
SPEC_SHAPE_IS_EAGER = {"bitwise_and", "bitwise_or", "bitwise_xor", "bitwise_left_shift",
                       "bitwise_right_shift", "left_shift", "right_shift", "select"}
# Keras's specs that raise (reading `.dtype` of a Python number) where its eager call works.
SPEC_RAISES_IN_KERAS = {"hypot", "heaviside", "bitwise_and", "bitwise_or", "bitwise_xor"}
SYMBOLIC_CASES = [(i, case) for i, case in enumerate(CASES)
                  if any(isinstance(a, A) and not a.numpy for a in case[1])
                  or isinstance(case[1][0], list)]


def _materialize(args, library=None):
    def convert(arg):
        if isinstance(arg, A):
            return arg.symbolic(library) if library is not None else arg.value()
        if isinstance(arg, list):
            return [convert(a) for a in arg]
        return arg.clone() if isinstance(arg, torch.Tensor) else arg

    return [convert(arg) for arg in args]


def _call(module, name, args, kwargs):
    try:
        return getattr(module, name)(*args, **kwargs), None
    except Exception as error:  # noqa: BLE001 - its type is compared with Keras's
        return None, error


def _as_numpy(tensor):
    if tensor.dtype is torch.bfloat16:
        tensor = tensor.float()
    return tensor.detach().cpu().numpy()


def _dtype_name(dtype):
    return str(dtype).replace("torch.", "")


@pytest.mark.parametrize("name, args, kwargs", CASES, ids=IDS)
def test_eager_matches_keras(name, args, kwargs):
    expected, expected_error = _call(keras.ops, name, _materialize(args), kwargs)
    received, received_error = _call(ops, name, _materialize(args), kwargs)
    if expected_error is not None:
        assert received_error is not None, f"Keras raised {expected_error!r}"
        assert type(received_error) is type(expected_error)
        return
    assert received_error is None, f"Keras gave a result, kerastorch raised {received_error!r}"
    assert isinstance(received, torch.Tensor)
    assert _dtype_name(received.dtype) == _dtype_name(expected.dtype)
    assert tuple(received.shape) == tuple(expected.shape)
    if received.is_floating_point() or received.is_complex():
        np.testing.assert_allclose(_as_numpy(received), _as_numpy(expected), rtol=RTOL,
                                   atol=ATOL)
    else:
        np.testing.assert_array_equal(_as_numpy(received), _as_numpy(expected))


def _assert_spec_fits(spec, eager):
    assert len(spec.shape) == eager.ndim
    for size, eager_size in zip(spec.shape, eager.shape):
        assert size is None or size == eager_size


@pytest.mark.parametrize("name, args, kwargs", [case for _, case in SYMBOLIC_CASES],
                         ids=[IDS[i] for i, _ in SYMBOLIC_CASES])
def test_symbolic_matches_keras(name, args, kwargs):
    expected, expected_error = _call(keras.ops, name, _materialize(args, keras), kwargs)
    received, received_error = _call(ops, name, _materialize(args, kerastorch), kwargs)
    eager, eager_error = _call(keras.ops, name, _materialize(args), kwargs)
    if expected_error is not None and (name not in SPEC_RAISES_IN_KERAS or eager_error):
        assert received_error is not None, f"Keras raised {expected_error!r}"
        return
    assert received_error is None, f"kerastorch raised {received_error!r}"
    assert isinstance(received, kerastorch.KerasTensor)
    if name == "where" and len(args) == 1:
        assert (received.shape, received.dtype) == ((2, None), "int64")
        _assert_spec_fits(received, eager)
        return
    if expected_error is not None:  # Keras's spec raises: the eager result is the reference.
        assert received.dtype == _dtype_name(eager.dtype)
        _assert_spec_fits(received, eager)
        return
    assert received.dtype == expected.dtype
    if name in SPEC_SHAPE_IS_EAGER:
        if eager_error is None:
            _assert_spec_fits(received, eager)
    else:
        assert received.shape == expected.shape


def test_every_elementwise_op_is_exported():
    names = {name for name, _, _ in CASES}
    for name in names:
        assert getattr(kerastorch.ops, name) is getattr(kerastorch.ops.numpy, name)
    assert len(names) == 96


# ------------------------------------------------------- KerasTensor operators
OPERATORS = [
    ("x + 1", lambda x, y: x + 1),
    ("2 * x", lambda x, y: 2 * x),
    ("x / y", lambda x, y: x / y),
    ("x ** 2", lambda x, y: x ** 2),
    ("-x", lambda x, y: -x),
    ("abs(x)", lambda x, y: abs(x)),
    ("x < y", lambda x, y: x < y),
    ("~(x > 0)", lambda x, y: ~(x > 0)),
    ("round(x)", lambda x, y: round(x)),
    ("x - y", lambda x, y: x - y),
    ("x // y", lambda x, y: x // y),
    ("x % y", lambda x, y: x % y),
    ("1 - x", lambda x, y: 1 - x),
    ("x != y", lambda x, y: x != y),
    ("(x > 0) & (y > 0)", lambda x, y: (x > 0) & (y > 0)),
    ("(x > 0) | (y > 0)", lambda x, y: (x > 0) | (y > 0)),
    ("(x > 0) ^ (y > 0)", lambda x, y: (x > 0) ^ (y > 0)),
]


def _functional(library, expression, dtype):
    x = library.Input(shape=(4,), dtype=dtype, name="x")
    y = library.Input(shape=(4,), dtype=dtype, name="y")
    output = expression(x, y)
    return library.Model([x, y], output), output


@pytest.mark.parametrize("dtype", ["float32", "int32"])
@pytest.mark.parametrize("text, expression", OPERATORS, ids=[text for text, _ in OPERATORS])
def test_operators_build_the_same_graph_as_keras(text, expression, dtype):
    keras_model, keras_output = _functional(keras, expression, dtype)
    kt_model, kt_output = _functional(kerastorch, expression, dtype)
    assert kt_output.shape == keras_output.shape
    assert kt_output.dtype == keras_output.dtype
    assert [type(layer).__name__ for layer in kt_model.layers] == \
        [type(layer).__name__ for layer in keras_model.layers]
    rng = np.random.default_rng(0)
    x = rng.uniform(-3, 3, size=(5, 4)).astype(dtype)
    y = rng.uniform(1, 3, size=(5, 4)).astype(dtype)
    expected = keras.ops.convert_to_numpy(keras_model([torch.from_numpy(x),
                                                       torch.from_numpy(y)]))
    received = kt_model([torch.from_numpy(x), torch.from_numpy(y)])
    assert _dtype_name(received.dtype) == keras_output.dtype
    np.testing.assert_allclose(_as_numpy(received), expected, rtol=RTOL, atol=ATOL)


def test_functional_model_of_many_ops_matches_keras():
    def build(library):
        x = library.Input(shape=(3,), name="x")
        hidden = library.ops.clip(library.ops.exp(x) - 1.5, -1.0, 4.0)
        hidden = library.ops.where(hidden > 0, library.ops.sqrt(library.ops.abs(hidden)),
                                   library.ops.square(hidden))
        hidden = library.ops.maximum(library.ops.round(hidden * 10.0, decimals=1), x)
        output = library.ops.logaddexp(hidden, library.ops.arctan2(x, 2.0))
        return library.Model(x, output)

    keras_model, kt_model = build(keras), build(kerastorch)
    data = np.random.default_rng(1).normal(size=(6, 3)).astype("float32")
    expected = keras.ops.convert_to_numpy(keras_model(torch.from_numpy(data)))
    received = kt_model(torch.from_numpy(data))
    np.testing.assert_allclose(_as_numpy(received), expected, rtol=RTOL, atol=ATOL)
    assert [layer.name for layer in kt_model.layers] == [layer.name for layer in
                                                         keras_model.layers]


def _without_registered_names(config):
    if isinstance(config, dict):
        return {k: _without_registered_names(v) for k, v in config.items()
                if k != "registered_name"}
    if isinstance(config, (list, tuple)):
        return [_without_registered_names(v) for v in config]
    return config


def test_functional_config_of_ops_matches_keras():
    def build(library):
        x = library.Input(shape=(3,), name="x")
        y = library.ops.round(library.ops.clip(x * 2.0, -1.0, 1.0), decimals=1)
        close = library.ops.isclose(y, x, rtol=0.5, equal_nan=True)
        cleaned = library.ops.nan_to_num(library.ops.abs(y), nan=1.0, neginf=-2.0)
        return library.Model(x, [cleaned, close, library.ops.where(close, y, 0.0)], name="m")

    # Keras writes `registered_name` = the class name for its (unexported) op classes,
    # kerastorch's serializer null: a serialization_lib matter, left out here.
    assert _without_registered_names(build(kerastorch).get_config()) == \
        _without_registered_names(build(keras).get_config())

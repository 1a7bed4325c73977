"""Keras's dtype promotion (`keras.backend.result_type`) and dtype predicates, side by side.

Exhaustive over pairs of every promotable dtype, the weak Python types `int`
and `float`, and `None`, under each `floatx` (the precision of weak results
follows it), plus every triple of a smaller set.
"""

import itertools

import keras
import numpy as np
import pytest
import torch

import kerastorch
from kerastorch.backend import dtypes

STRONG = ["bool", "uint8", "uint16", "uint32", "uint64", "int8", "int16", "int32", "int64",
          "bfloat16", "float16", "float32", "float64", "complex64", "complex128"]
ARGUMENTS = STRONG + [int, float, bool, None]
FLOATX = ["float32", "float16", "bfloat16", "float64"]


@pytest.fixture(params=FLOATX)
def floatx(request):
    saved = (keras.config.floatx(), kerastorch.config.floatx())
    keras.config.set_floatx(request.param)
    kerastorch.config.set_floatx(request.param)
    yield request.param
    keras.config.set_floatx(saved[0])
    kerastorch.config.set_floatx(saved[1])


def outcome(function, *args):
    """The result, or the error type and message, of `function(*args)`."""
    try:
        return function(*args)
    except ValueError as error:
        return ("ValueError", str(error))


def test_result_type_of_every_pair(floatx):
    mismatches = []
    for pair in itertools.product(ARGUMENTS, repeat=2):
        expected = outcome(keras.backend.result_type, *pair)
        received = outcome(kerastorch.backend.result_type, *pair)
        if expected != received:
            mismatches.append((pair, expected, received))
    assert mismatches == []


def test_result_type_of_single_arguments_and_none(floatx):
    for argument in ARGUMENTS:
        assert kerastorch.backend.result_type(argument) == keras.backend.result_type(argument)
    assert kerastorch.backend.result_type() == keras.backend.result_type() == floatx


def test_result_type_of_every_triple():
    subset = ["bool", "uint8", "int8", "int32", "int64", "bfloat16", "float16", "float32",
              "float64", "complex64", int, float]
    for triple in itertools.product(subset, repeat=3):
        assert kerastorch.backend.result_type(*triple) == keras.backend.result_type(*triple), triple


@pytest.mark.parametrize("torch_dtype, numpy_dtype", [
    (torch.int8, np.dtype("int8")), (torch.float16, np.dtype("float16")),
    (torch.bfloat16, np.dtype("float32")), (torch.bool, np.dtype("bool")),
])
def test_result_type_accepts_torch_and_numpy_dtypes(torch_dtype, numpy_dtype):
    for other in ("float32", int, float, "int16"):
        assert (kerastorch.backend.result_type(torch_dtype, other)
                == keras.backend.result_type(torch_dtype, other))
        assert (kerastorch.backend.result_type(numpy_dtype, other)
                == keras.backend.result_type(numpy_dtype, other))


@pytest.mark.parametrize("arguments", [
    ("float8_e4m3fn", "float32"), ("float8_e5m2",), ("string", "float32"),
    ("int32", "string"), ("no_such_dtype",), ("float32", "float128"),
])
def test_result_type_errors(arguments):
    expected = outcome(keras.backend.result_type, *arguments)
    assert expected[0] == "ValueError"
    assert outcome(kerastorch.backend.result_type, *arguments) == expected


@pytest.mark.parametrize("arguments", [("string",), ("string", "string")])
def test_result_type_of_strings_alone(arguments):
    assert kerastorch.backend.result_type(*arguments) == keras.backend.result_type(*arguments)


@pytest.mark.parametrize("dtype", STRONG + [int, float, bool, complex, str, "int", "string",
                                            np.float32, np.dtype("int16"), torch.float64,
                                            torch.uint8, "float8_e4m3fn", None])
def test_standardize_dtype(dtype):
    assert kerastorch.backend.standardize_dtype(dtype) == keras.backend.standardize_dtype(dtype)


@pytest.mark.parametrize("dtype", STRONG + [int, float, "string", torch.bfloat16])
def test_is_float_and_is_int_dtype(dtype):
    assert kerastorch.backend.is_float_dtype(dtype) == keras.backend.is_float_dtype(dtype)
    assert kerastorch.backend.is_int_dtype(dtype) == keras.backend.is_int_dtype(dtype)


@pytest.mark.parametrize("function", ["standardize_dtype", "is_float_dtype", "is_int_dtype"])
def test_unknown_dtypes_raise_the_same_error(function):
    expected = outcome(getattr(keras.backend, function), "no_such_dtype")
    assert outcome(getattr(kerastorch.backend, function), "no_such_dtype") == expected


@pytest.mark.parametrize("value", [
    [1, 2], [1.0, 2], [True, False], [[1, 2], [3, 4]], [np.float64(1.0), 2], 3, 3.5, True,
    2**40, np.zeros(2), np.ones(2, "int16"), np.float32(1.0), [], 1j,
])
def test_inferred_dtype_is_keras_convert_to_tensor_dtype(value, floatx):
    expected = keras.backend.standardize_dtype(keras.ops.convert_to_tensor(value).dtype)
    assert dtypes.standardize_dtype(kerastorch.backend.tensors.infer_dtype(value)) == expected

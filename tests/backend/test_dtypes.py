"""Unit tests of Keras's type promotion (`result_type`) and dtype inference."""

import numpy as np
import pytest
import torch

from kerastorch.backend import config, dtypes, tensors


@pytest.fixture
def floatx16():
    saved = config.floatx()
    config.set_floatx("float16")
    yield
    config.set_floatx(saved)


@pytest.mark.parametrize("arguments, expected", [
    (("int32", "float32"), "float32"),
    (("bfloat16", float), "bfloat16"),
    (("bfloat16", "float16"), "float32"),
    (("int8", int), "int8"),
    (("uint8", "int8"), "int16"),
    (("int64", "float16"), "float16"),
    (("bool", int), "int32"),
    (("bool", "bool"), "bool"),
    ((int, float), "float32"),
    (("float64",), "float32"),
    (("int64", "int32"), "int32"),
    (("uint64", "uint8"), "uint32"),
    (("complex128", "float32"), "complex64"),
    ((torch.float16, np.dtype("int16")), "float16"),
    ((None, "int32"), "float32"),
    ((), "float32"),
])
def test_result_type(arguments, expected):
    assert dtypes.result_type(*arguments) == expected


def test_weak_types_take_the_precision_of_floatx(floatx16):
    assert dtypes.result_type(int) == "int16"
    assert dtypes.result_type(float) == "float16"
    assert dtypes.result_type("int8", float) == "float16"
    assert dtypes.result_type() == "float16"


def test_the_cache_follows_floatx(floatx16):
    assert dtypes.result_type(int, float) == "float16"
    config.set_floatx("float32")
    assert dtypes.result_type(int, float) == "float32"


@pytest.mark.parametrize("arguments, message", [
    (("float8_e4m3fn", "float32"), "There is no implicit conversions from float8 dtypes"),
    (("string", "int32"), "dtype='string' is not a valid dtype for Keras type promotion."),
    (("nothing",), "Invalid dtype: nothing"),
])
def test_result_type_errors(arguments, message):
    with pytest.raises(ValueError, match=message):
        dtypes.result_type(*arguments)


@pytest.mark.parametrize("dtype, expected", [
    ("int8", True), ("uint64", True), ("bool", False), ("float32", False), (torch.int64, True),
])
def test_is_int_dtype(dtype, expected):
    assert dtypes.is_int_dtype(dtype) is expected


def test_string_is_a_dtype_name_without_a_torch_dtype():
    assert dtypes.standardize_dtype(str) == dtypes.standardize_dtype("string") == "string"
    with pytest.raises(ValueError, match="Unsupported dtype for PyTorch: string"):
        dtypes.to_torch_dtype("string")


@pytest.mark.parametrize("name", ["float8_e4m3fn", "float8_e5m2", "uint32", "complex128"])
def test_every_name_maps_to_a_torch_dtype_and_back(name):
    assert dtypes.standardize_dtype(dtypes.to_torch_dtype(name)) == name


@pytest.mark.parametrize("value, expected", [
    ([1, 2], "int32"), ([1, 2.5], "float32"), ([[True], [False]], "bool"), (2**31, "int64"),
    (-(2**31), "int32"), (np.zeros(2), "float64"), (torch.zeros(2, dtype=torch.int8), "int8"),
    (2.5, "float32"), (1j, "complex64"), (np.float16(1), "float16"), ([], "float32"),
])
def test_infer_dtype(value, expected):
    assert tensors.infer_dtype(value) == expected


def test_infer_dtype_of_python_floats_follows_floatx(floatx16):
    assert tensors.infer_dtype(2.5) == "float16"
    assert tensors.infer_dtype([2.5]) == "float16"

"""Element-wise `kerastorch.ops`: graph nodes, argument conversion, errors, gradients."""

import numpy as np
import pytest
import torch

import kerastorch
from kerastorch import ops
from kerastorch.ops.numpy import elementwise
from kerastorch.ops.tensor_args import cast_operands, operands, tensor_operands


# ----------------------------------------------------------------- graph nodes
@pytest.mark.parametrize("call, class_name, config", [
    (lambda x: ops.round(x, decimals=2), "Round", {"decimals": 2}),
    (lambda x: round(x, 1), "Round", {"decimals": 1}),
    (lambda x: ops.clip(x, -1.0, 2.0), "Clip", {"x_min": -1.0, "x_max": 2.0}),
    (lambda x: ops.isclose(x, x, rtol=0.1, equal_nan=True), "Isclose", {"equal_nan": True}),
    (lambda x: ops.nan_to_num(x, nan=3.0, posinf=9.0), "NanToNum",
     {"nan": 3.0, "posinf": 9.0, "neginf": None}),
    (lambda x: ops.abs(x), "Absolute", {}),
    (lambda x: ops.conj(x), "Conjugate", {}),
    (lambda x: ops.true_divide(x, 2), "TrueDivide", {}),
    (lambda x: ops.divide_no_nan(x, x), "DivideNoNan", {}),
    (lambda x: ops.left_shift(ops.floor_divide(x, 1), 1), "LeftShift", {}),
    (lambda x: ops.logaddexp2(x, x), "Logaddexp2", {}),
])
def test_symbolic_call_records_keras_node(call, class_name, config):
    x = kerastorch.Input((3,), dtype="int32" if class_name == "LeftShift" else "float32")
    output = call(x)
    layer = output._keras_history[0]
    assert type(layer).__name__ == class_name
    assert type(layer).__module__ == "kerastorch.ops.operation"
    received = layer.get_config()
    assert received.pop("name") == layer.name
    assert received == config
    assert type(layer).from_config(layer.get_config()).get_config() == layer.get_config()


def test_functional_model_replays_ops_with_constants():
    x = kerastorch.Input((4,), name="x")
    y = kerastorch.Input((4,), name="y")
    output = ops.where(x > y, ops.square(x - 1.5), ops.maximum(y, np.float32(0.25)))
    model = kerastorch.Model([x, y], ops.clip(output, 0.0, 3.0))
    a, b = torch.randn(5, 4), torch.randn(5, 4)
    expected = torch.clip(torch.where(a > b, (a - 1.5) ** 2, torch.maximum(b, torch.tensor(0.25))),
                          0.0, 3.0)
    torch.testing.assert_close(model([a, b]), expected)


@pytest.mark.parametrize("shapes, expected", [
    (((None, 1), (3,)), (None, 3)),
    (((None, 4), (1, 4)), (None, 4)),
    (((None, None), (2, 1)), (2, None)),
    (((5, 1, 3), (None, 1)), (5, None, 3)),
])
def test_symbolic_broadcasting_with_unknown_sizes(shapes, expected):
    first, second = (kerastorch.KerasTensor(shape) for shape in shapes)
    assert ops.add(first, second).shape == expected
    assert ops.greater(first, second).shape == expected


def test_symbolic_broadcasting_of_incompatible_shapes_raises():
    with pytest.raises(ValueError, match="Cannot broadcast shape"):
        ops.multiply(kerastorch.KerasTensor((None, 3)), kerastorch.KerasTensor((4,)))


def test_broadcast_shape_skips_numbers_and_reads_lists():
    values = [kerastorch.KerasTensor((None, 1)), 2.0, [torch.ones(3), None]]
    assert elementwise.broadcast_shape(values) == (None, 3)


def test_where_with_condition_only_gives_indices():
    condition = torch.tensor([[True, False], [False, True]])
    np.testing.assert_array_equal(ops.where(condition).numpy(), [[0, 1], [0, 1]])
    spec = ops.where(kerastorch.KerasTensor((None, 2), dtype="bool"))
    assert (spec.shape, spec.dtype) == ((2, None), "int64")


# ----------------------------------------------------------------------- errors
@pytest.mark.parametrize("symbolic", [False, True])
def test_where_needs_both_branches_or_none(symbolic):
    condition = kerastorch.KerasTensor((3,), dtype="bool") if symbolic else torch.ones(3) > 0
    with pytest.raises(ValueError, match="`x1` and `x2` either both"):
        ops.where(condition, torch.ones(3))


@pytest.mark.parametrize("choice", [torch.ones(2), kerastorch.KerasTensor((2,))])
def test_select_needs_lists(choice):
    with pytest.raises(ValueError, match="condlist and choicelist must be lists"):
        ops.select("not a list", [choice])


def test_select_needs_non_empty_lists():
    with pytest.raises(ValueError, match="condlist and choicelist must not be empty"):
        ops.select([], [])


def test_fabs_rejects_complex_and_ldexp_float_exponents():
    with pytest.raises(TypeError, match="fabs does not support complex"):
        ops.fabs(torch.tensor([1 + 1j]))
    with pytest.raises(TypeError, match="ldexp exponent must be an integer"):
        ops.ldexp(torch.ones(2), torch.ones(2))


# ------------------------------------------------------------ argument handling
def test_operands_keep_tensors_and_weak_numbers():
    x = torch.ones(2, dtype=torch.float16)
    assert operands(x, x) == (x, x)
    assert operands(x, 2.5)[1] == 2.5
    assert operands(torch.ones(2, dtype=torch.int8), 3)[1] == 3


@pytest.mark.parametrize("tensor_dtype, number, dtype", [
    (torch.bool, 1, torch.int32),       # torch would give int64
    (torch.bool, 1.5, torch.float32),
    (torch.int32, 1.5, torch.float32),
    (torch.float32, 1j, torch.complex64),
])
def test_operands_convert_numbers_as_keras(tensor_dtype, number, dtype):
    _, converted = operands(torch.zeros(2, dtype=tensor_dtype), number)
    assert (converted.dtype, converted.ndim) == (dtype, 0)


def test_a_first_number_becomes_a_tensor_on_the_other_device():
    x = torch.ones(2, dtype=torch.int8)
    first, _ = operands(5, x)
    assert (first.dtype, first.device, first.ndim) == (torch.int32, x.device, 0)
    assert ops.less(5, x).tolist() == [False, False]


def test_tensor_and_cast_operands():
    x = torch.ones(2, dtype=torch.float16)
    assert tensor_operands(x, 2.0)[1].dtype == torch.float32
    a, b = cast_operands(x, 3, torch.float64)
    assert (a.dtype, b.dtype, b.item()) == (torch.float64, torch.float64, 3.0)


def test_numpy_and_list_inputs_convert_as_keras():
    assert ops.add(np.ones(2), np.ones(2)).dtype == torch.float64
    assert ops.add([1.0, 2.0], [1, 2]).dtype == torch.float32
    assert ops.add(1, 2).dtype == torch.int32
    assert ops.multiply(torch.tensor([True, False]), 3).dtype == torch.int32


def test_results_are_tensors_for_number_inputs():
    assert isinstance(ops.exp(0.0), torch.Tensor)
    assert ops.maximum(1, 2.5).item() == 2.5


# -------------------------------------------------------------------- gradients
@pytest.mark.parametrize("function", [
    lambda x: ops.divide_no_nan(x, torch.tensor([0.0, 2.0, 4.0])),
    lambda x: ops.maximum(x, 0.5),
    lambda x: ops.clip(x, 0.0, 1.5),
    lambda x: ops.logaddexp(x, 1.0),
    lambda x: ops.hypot(x, 3.0),
    lambda x: ops.where(x > 1, ops.sqrt(x), ops.square(x)),
])
def test_gradients_flow_and_are_finite(function):
    x = torch.tensor([0.5, 1.0, 2.0], requires_grad=True)
    function(x).sum().backward()
    assert x.grad is not None and torch.isfinite(x.grad).all()


def test_float16_ops_compute_on_the_cpu():
    x = torch.tensor([0.25, -1.5, 2.0], dtype=torch.float16)
    assert ops.clip(x, -1.0, 1.0).dtype == torch.float16
    assert ops.ceil(x).dtype == torch.float16
    assert ops.logaddexp(x, x).dtype == torch.float16
    assert ops.arctan2(x, x).dtype == torch.float16

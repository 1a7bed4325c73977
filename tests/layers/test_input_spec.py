"""Unit tests of `InputSpec` and the input checks of `Layer.__call__`."""

import re

import pytest
import torch

import kerastorch
from kerastorch.layers import InputSpec, Layer


class Checked(Layer):
    """Returns its input; checks it against the `InputSpec` it is given."""

    def __init__(self, spec, **kwargs):
        super().__init__(**kwargs)
        self.input_spec = spec

    def call(self, inputs):
        return inputs


def eager(shape, dtype=torch.float32):
    return torch.zeros(shape, dtype=dtype)


def symbolic(shape, dtype="float32"):
    return kerastorch.Input(batch_shape=(None,) + tuple(shape[1:]), dtype=dtype)


BOTH = pytest.mark.parametrize("make", [eager, symbolic], ids=["eager", "symbolic"])
PREFIX = 'Input 0 of layer "checked" is incompatible with the layer: '

# (spec, input shape, message after the prefix; the received shape's batch
# dimension is written "B" and reads 2 for eager inputs, None for symbolic ones)
FAILING = [
    (InputSpec(ndim=2), (2, 3, 4),
     "expected ndim=2, found ndim=3. Full shape received: (B, 3, 4)"),
    (InputSpec(ndim=3), (2, 3),
     "expected ndim=3, found ndim=2. Full shape received: (B, 3)"),
    (InputSpec(min_ndim=3), (2, 3),
     "expected min_ndim=3, found ndim=2. Full shape received: (B, 3)"),
    (InputSpec(max_ndim=2), (2, 3, 4),
     "expected max_ndim=2, found ndim=3. Full shape received: (B, 3, 4)"),
    (InputSpec(axes={-1: 5}), (2, 3),
     "expected axis -1 of input shape to have value 5, but received input with shape (B, 3)"),
    (InputSpec(axes={1: 4}), (2, 3, 4),
     "expected axis 1 of input shape to have value 4, but received input with shape "
     "(B, 3, 4)"),
    (InputSpec(axes={2: 5}), (2, 3),
     "expected axis 2 of input shape to have value 5, but received input with shape (B, 3)"),
    (InputSpec(shape=(None, 4)), (2, 5),
     "expected shape=(None, 4), found shape=(B, 5)"),
    (InputSpec(shape=(None, 4)), (2, 4, 1),
     "expected ndim=2, found ndim=3. Full shape received: (B, 4, 1)"),
    (InputSpec(min_ndim=2, axes={-1: 8}), (2, 7),
     "expected axis -1 of input shape to have value 8, but received input with shape (B, 7)"),
]


def expected_message(template, make):
    return PREFIX + template.replace("B", "2" if make is eager else "None")


@BOTH
@pytest.mark.parametrize("spec, shape, template", FAILING)
def test_incompatible_inputs_raise_naming_layer_expectation_and_shape(make, spec, shape,
                                                                      template):
    with pytest.raises(ValueError) as error:
        Checked(spec, name="checked")(make(shape))
    assert str(error.value) == expected_message(template, make)


PASSING = [
    (InputSpec(ndim=2), (2, 3)),
    (InputSpec(min_ndim=2), (2, 3, 4)),
    (InputSpec(max_ndim=3), (2, 3)),
    (InputSpec(axes={-1: 3}), (2, 3)),
    (InputSpec(axes={-1: None}), (2, 7)),
    (InputSpec(shape=(None, 3)), (2, 3)),
    (InputSpec(shape=(None, None, 4)), (2, 9, 4)),
    (InputSpec(ndim=3, allow_last_axis_squeeze=True), (2, 3)),
    (None, (2,)),
    ([None], (2, 3)),
]


@BOTH
@pytest.mark.parametrize("spec, shape", PASSING)
def test_compatible_inputs_pass_through(make, spec, shape):
    x = make(shape)
    out = Checked(spec, name="checked")(x)
    assert tuple(out.shape) == tuple(x.shape)


def test_unknown_dimensions_of_symbolic_inputs_are_accepted():
    x = kerastorch.Input(batch_shape=(None, None, None))
    spec = InputSpec(shape=(4, 5, 6), axes={-1: 6})
    assert Checked(spec, name="checked")(x).shape == (None, None, None)


@pytest.mark.parametrize("spec_dtype, given, found", [
    ("int32", torch.float32, "float32"),
    ("float32", torch.int64, "int64"),
    ("bool", torch.int32, "int32"),
])
def test_dtype_is_checked(spec_dtype, given, found):
    layer = Checked(InputSpec(dtype=spec_dtype), name="checked", autocast=False)
    with pytest.raises(ValueError) as error:
        layer(torch.zeros(2, 3, dtype=given))
    assert str(error.value) == f"{PREFIX}expected dtype={spec_dtype}, found dtype={found}"
    with pytest.raises(ValueError, match=f"expected dtype={spec_dtype}"):
        layer(kerastorch.Input((3,), dtype=found))
    matching = torch.zeros(2, 3, dtype=kerastorch.backend.dtypes.to_torch_dtype(spec_dtype))
    assert layer(matching) is matching


def test_several_specs_check_several_inputs_by_position():
    spec = [InputSpec(ndim=2), InputSpec(ndim=3)]
    layer = Checked(spec, name="checked")
    layer([torch.zeros(1, 2), torch.zeros(1, 2, 3)])
    with pytest.raises(ValueError) as error:
        layer([torch.zeros(1, 2), torch.zeros(1, 2)])
    assert str(error.value).startswith(
        'Input 1 of layer "checked" is incompatible with the layer: expected ndim=3, '
        "found ndim=2.")


def test_number_of_inputs_must_match_number_of_specs():
    layer = Checked([InputSpec(ndim=2), InputSpec(ndim=2)], name="checked")
    with pytest.raises(ValueError, match=re.escape(
            'Layer "checked" expects 2 input(s), but it received 3 input tensors.')):
        layer([torch.zeros(1, 2)] * 3)


def test_optional_input_may_be_none():
    layer = Checked([InputSpec(ndim=2), InputSpec(ndim=2, optional=True)], name="checked")
    assert layer([torch.zeros(1, 2), None])[1] is None
    with pytest.raises(ValueError, match=re.escape(
            "Inputs to a layer should be tensors. Got 'None' (of type <class 'NoneType'>) "
            "as input for layer 'checked'.")):
        Checked([InputSpec(ndim=2), InputSpec(ndim=2)], name="checked")(
            [torch.zeros(1, 2), None])


def test_shape_sets_ndim():
    spec = InputSpec(shape=[None, 3, 4])
    assert spec.shape == (None, 3, 4) and spec.ndim == 3


@pytest.mark.parametrize("kwargs, text", [
    ({"ndim": 2}, "InputSpec(ndim=2)"),
    ({"min_ndim": 2, "axes": {-1: 3}}, "InputSpec(min_ndim=2, axes={-1: 3})"),
    ({"dtype": "int32", "shape": (None, 2)}, "InputSpec(dtype=int32, shape=(None, 2), ndim=2)"),
    ({}, "InputSpec()"),
])
def test_repr_lists_the_constraints_set(kwargs, text):
    assert repr(InputSpec(**kwargs)) == text


@pytest.mark.parametrize("kwargs", [
    {"ndim": 2}, {"min_ndim": 2, "axes": {-1: 3}}, {"shape": (None, 4), "dtype": "float32"},
    {"max_ndim": 4},
])
def test_config_round_trip(kwargs):
    spec = InputSpec(**kwargs)
    rebuilt = InputSpec.from_config(spec.get_config())
    assert rebuilt.get_config() == spec.get_config()
    assert set(spec.get_config()) == {"dtype", "shape", "ndim", "max_ndim", "min_ndim", "axes"}


def test_dense_input_spec_pins_the_last_axis_once_built():
    dense = kerastorch.layers.Dense(3, name="checked")
    assert dense.input_spec.min_ndim == 2 and not dense.input_spec.axes
    dense(torch.zeros(2, 4))
    assert dense.input_spec.axes == {-1: 4}
    with pytest.raises(ValueError) as error:
        dense(torch.zeros(2, 5))
    assert str(error.value) == expected_message(
        "expected axis -1 of input shape to have value 4, but received input with shape (2, 5)",
        eager)
    assert dense(torch.zeros(2, 7, 4)).shape == (2, 7, 3)


def test_public_names():
    assert kerastorch.InputSpec is kerastorch.layers.InputSpec is InputSpec

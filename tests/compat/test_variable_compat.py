"""`keras.Variable` side by side: construction, dtype inference, assignment, operators, errors, training.

kerastorch's Variable is a `torch.nn.Parameter`, so its `dtype` is a torch
dtype where Keras's is a string: dtypes are compared by their Keras names.
"""

import copy

import keras
import numpy as np
import pytest
import torch

import kerastorch


def make(lib, initializer, **kwargs):
    if callable(initializer) and not isinstance(initializer, (np.ndarray, torch.Tensor)):
        initializer = initializer(lib)
    return lib.Variable(initializer, **kwargs)


def describe(variable):
    """Everything Keras exposes about a variable, in comparable form."""
    return {
        "dtype": keras.backend.standardize_dtype(variable.dtype),
        "shape": tuple(variable.shape),
        "ndim": variable.ndim,
        "value": np.asarray(variable).tolist(),
        "numpy": variable.numpy().tolist(),
        "name": variable.name,
        "path": variable.path,
        "trainable": variable.trainable,
        "requires_grad": variable.value.requires_grad,
        "aggregation": variable.aggregation,
        "synchronization": variable.synchronization,
        "repr": repr(variable),
    }


CONSTRUCTIONS = {
    "float32 array": (np.arange(6, dtype="float32").reshape(2, 3), {}),
    "float64 array": (np.linspace(0, 1, 4), {}),
    "float list": ([1.5, 2.5], {}),
    "mixed list": ([1, 2.5], {}),
    "int list": ([1, 2], {"trainable": False}),
    "python int": (3, {"trainable": False}),
    "python float": (3.5, {}),
    "python bool": (True, {"trainable": False}),
    "numpy int64": (np.int64(7), {"trainable": False}),
    "torch float64": (torch.tensor([1.0, 2.0], dtype=torch.float64), {}),
    "dtype given": (np.ones(3), {"dtype": "float16"}),
    "int dtype given": (np.ones(3), {"dtype": "int32", "trainable": False}),
    "initializer name": ("ones", {"shape": (2, 2)}),
    "initializer object": (lambda lib: lib.initializers.Constant(0.5), {"shape": [3]}),
    "callable": (lambda lib: (lambda shape, dtype: np.full(shape, 2.0)), {"shape": (2,),
                                                                          "dtype": "float64"}),
    "shape ignored with a value": (np.ones(2, "float32"), {"shape": (5,)}),
    "non-trainable": (np.ones(2, "float32"), {"trainable": False}),
    "options": (np.ones(2, "float32"), {"aggregation": "sum", "synchronization": "on_read"}),
    "None options": (np.ones(2, "float32"), {"aggregation": None, "synchronization": None}),
}


@pytest.mark.parametrize("case", list(CONSTRUCTIONS))
def test_construction(case):
    initializer, kwargs = CONSTRUCTIONS[case]
    expected = describe(make(keras, initializer, name="v", **kwargs))
    received = describe(make(kerastorch, initializer, name="v", **kwargs))
    assert received == expected


def test_default_names_count_like_keras():
    names = []
    for lib in (keras, kerastorch):
        lib.backend.clear_session(free_memory=False)
        names.append([lib.Variable(1.0).name for _ in range(3)])
    assert names[0] == names[1] == ["variable", "variable_1", "variable_2"]


def pair(value=(1.0, 2.0, 3.0), dtype="float32", **kwargs):
    return [lib.Variable(np.array(value, dtype), name="v", **kwargs) for lib in (keras, kerastorch)]


UPDATES = {
    "assign array": lambda v: v.assign(np.array([4.0, 5.0, 6.0], "float32")),
    "assign float64 array": lambda v: v.assign(np.array([4.0, 5.0, 6.0])),
    "assign list": lambda v: v.assign([7, 8, 9]),
    "assign tensor": lambda v: v.assign(torch.tensor([0.5, 0.25, 0.125])),
    "assign_add scalar": lambda v: v.assign_add(1.5),
    "assign_add array": lambda v: v.assign_add(np.array([1.0, -1.0, 2.0], "float32")),
    "assign_add broadcast tensor": lambda v: v.assign_add(torch.tensor([2.0])),
    "assign_sub scalar": lambda v: v.assign_sub(0.5),
    "assign_sub list": lambda v: v.assign_sub([1.0, 1.0, 1.0]),
}


@pytest.mark.parametrize("case", list(UPDATES))
def test_updates(case):
    keras_var, kt_var = pair()
    UPDATES[case](keras_var)
    UPDATES[case](kt_var)
    assert describe(kt_var) == describe(keras_var)


@pytest.mark.parametrize("update, value", [
    ("assign_add", 1.5), ("assign_sub", 0.5), ("assign_add", [0.5, 1.5, 2.5]),
    ("assign", [2.7, -1.2, 3.9]),
])
def test_updates_of_integer_variables(update, value):
    keras_var, kt_var = pair((1, 2, 3), "int32", trainable=False)
    getattr(keras_var, update)(value)
    getattr(kt_var, update)(value)
    assert describe(kt_var) == describe(keras_var)


def test_scalar_variable_assign_number():
    keras_var, kt_var = (lib.Variable(1.0, name="s") for lib in (keras, kerastorch))
    keras_var.assign(4.0)
    kt_var.assign(4.0)
    assert describe(kt_var) == describe(keras_var)


def test_updates_stay_in_place():
    _, kt_var = pair()
    storage = kt_var.data_ptr()
    assert kt_var.assign_add(1.0) is kt_var
    kt_var.assign([0.0, 0.0, 0.0])
    kt_var.assign_sub(torch.ones(3))
    assert kt_var.data_ptr() == storage
    assert kt_var.is_leaf and kt_var.grad_fn is None
    assert kt_var.numpy().tolist() == [-1.0, -1.0, -1.0]


@pytest.mark.parametrize("update, value, error", [
    ("assign", 1.0, ValueError),
    ("assign", np.ones(4, "float32"), ValueError),
    ("assign", np.ones((1, 3), "float32"), ValueError),
    ("assign_add", np.ones((2, 3), "float32"), ValueError),
    ("assign_add", np.ones(5, "float32"), RuntimeError),
])
def test_update_shape_errors(update, value, error):
    messages = []
    for variable in pair():
        with pytest.raises(error) as info:
            getattr(variable, update)(value)
        messages.append(str(info.value))
    if error is ValueError:
        assert all("must match. variable.shape=(3,)" in message for message in messages)


@pytest.mark.parametrize("initializer, kwargs", [
    ("ones", {}),
    ("zeros", {"shape": (None, 2)}),
    (np.ones(2), {"name": "a/b"}),
    (np.ones(2), {"name": 3}),
    (np.ones(2), {"aggregation": "max"}),
    (np.ones(2), {"synchronization": "sometimes"}),
])
def test_construction_errors(initializer, kwargs):
    messages = []
    for lib in (keras, kerastorch):
        with pytest.raises(ValueError) as info:
            lib.Variable(initializer, **kwargs)
        messages.append(str(info.value).split(" Received")[0])
    assert messages[0] == messages[1]


def test_bool_is_an_error():
    for variable in pair():
        with pytest.raises(TypeError, match="A Keras Variable cannot be used as a boolean."):
            bool(variable)


OPERATIONS = {
    "add": lambda v: v + 1,
    "radd": lambda v: 1 + v,
    "sub": lambda v: v - 0.5,
    "rsub": lambda v: 2 - v,
    "mul": lambda v: v * 3,
    "rmul": lambda v: 3 * v,
    "truediv": lambda v: v / 4,
    "rtruediv": lambda v: 1 / v,
    "floordiv": lambda v: v // 2,
    "mod": lambda v: v % 2,
    "pow": lambda v: v ** 2,
    "rpow": lambda v: 2 ** v,
    "neg": lambda v: -v,
    "abs": lambda v: abs(v),
    "matmul": lambda v: v @ torch.ones(3, 2),
    "rmatmul": lambda v: torch.ones(2, 3) @ v,
    "getitem": lambda v: v[1:],
    "lt": lambda v: v < 2,
    "ge": lambda v: v >= 2,
    "eq": lambda v: v == 2,
    "tensor add": lambda v: v + torch.ones(3),
    "numpy add": lambda v: v + np.ones(3, "float32"),
    "torch.sum": lambda v: torch.sum(v),
    "torch.exp": lambda v: torch.exp(v),
    "torch.where": lambda v: torch.where(v > 1, v, 0.0),
}


@pytest.mark.parametrize("name", list(OPERATIONS))
def test_operators_return_plain_tensors_with_keras_values(name):
    keras_var, kt_var = pair()
    expected = OPERATIONS[name](keras_var)
    received = OPERATIONS[name](kt_var)
    assert type(received) is torch.Tensor
    assert type(expected) is torch.Tensor
    assert received.dtype == expected.dtype
    np.testing.assert_allclose(received.detach().numpy(), expected.detach().numpy(),
                               rtol=1e-6, atol=1e-6)


def test_gradients_flow_through_operations():
    keras_var, kt_var = pair()
    for variable in (keras_var, kt_var):
        (variable.value * variable.value).sum().backward()
    np.testing.assert_allclose(kt_var.grad.numpy(), keras_var.value.grad.numpy())


def test_trainable_setter_turns_gradients_off_and_on():
    states = []
    for variable in pair():
        variable.trainable = False
        states.append((variable.trainable, variable.value.requires_grad))
        variable.trainable = True
        states.append((variable.trainable, variable.value.requires_grad))
    assert states[:2] == states[2:] == [(False, False), (True, True)]


def test_numpy_is_a_copy():
    for variable in pair():
        array = variable.numpy()
        variable.assign([9.0, 9.0, 9.0])
        assert array.tolist() == [1.0, 2.0, 3.0]
        assert np.asarray(variable, dtype="float64").dtype == np.float64


def test_variable_does_not_share_memory_with_its_initial_array():
    array = np.zeros(3, "float32")
    variable = kerastorch.Variable(array)
    variable.assign([1.0, 1.0, 1.0])
    assert array.tolist() == [0.0, 0.0, 0.0]


def test_path_inside_a_layer_build():
    paths = []
    for lib in (keras, kerastorch):
        class Scale(lib.layers.Layer):
            def build(self, input_shape):
                self.w = lib.Variable(np.ones(input_shape[-1:], "float32"), name="w")

            def call(self, x):
                return x * self.w

        model = lib.Sequential([lib.Input((3,)), Scale(name="scale")], name="outer")
        paths.append(model.layers[0].w.path)
    assert paths[0] == paths[1] == "outer/scale/w"


@pytest.mark.parametrize("optimizer", ["SGD", "Adam", "RMSprop"])
def test_optimizer_steps_on_variables(optimizer):
    gradients = [np.array([0.5, -1.0, 2.0], "float32"), np.array([1.0, 0.0, -0.5], "float32")]
    results = []
    for lib in (keras, kerastorch):
        variable = lib.Variable(np.array([1.0, 2.0, 3.0], "float32"), name="w")
        opt = getattr(lib.optimizers, optimizer)(learning_rate=0.1)
        for gradient in gradients:
            opt.apply_gradients([(torch.tensor(gradient), variable)])
        results.append(variable.numpy())
    np.testing.assert_allclose(results[1], results[0], rtol=1e-5, atol=1e-6)


def test_copies_and_pickles_keep_the_keras_attributes():
    import pickle

    variable = kerastorch.Variable(np.ones(2, "float32"), name="w", trainable=False,
                                   aggregation="mean")
    for clone in (copy.deepcopy(variable), pickle.loads(pickle.dumps(variable))):
        assert type(clone) is kerastorch.Variable
        assert describe(clone) == describe(variable)
        clone.assign_add(1.0)
        assert variable.numpy().tolist() == [1.0, 1.0]

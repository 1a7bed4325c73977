"""Unit tests of `kerastorch.backend`: config, device, dtypes, dtype policies, names,
random seeding, `clear_session` and tensor conversion."""

import os
import random

import numpy as np
import pytest
import torch

import kerastorch
from kerastorch import backend
from kerastorch.backend import config, device, dtype_policy, dtypes, naming, session, tensors
from kerastorch.backend import random as kt_random


@pytest.fixture
def restore_config():
    saved = (config.floatx(), config.epsilon(), config.image_data_format())
    yield
    config.set_floatx(saved[0])
    config.set_epsilon(saved[1])
    config.set_image_data_format(saved[2])
    session.clear_session(free_memory=False)


# ------------------------------------------------------------------ config
def test_defaults_are_keras_defaults():
    assert backend.backend() == "torch"
    assert backend.floatx() == "float32"
    assert backend.epsilon() == 1e-7
    assert backend.image_data_format() == "channels_last"


def test_public_config_names_are_the_backend_ones():
    for name in ("floatx", "set_floatx", "epsilon", "set_epsilon", "image_data_format",
                 "set_image_data_format", "backend"):
        assert getattr(kerastorch.config, name) is getattr(backend, name)


@pytest.mark.parametrize("value", ["float16", "bfloat16", "float64", "float32"])
def test_set_floatx_changes_new_weights_and_conversions(restore_config, value):
    backend.set_floatx(value)
    assert backend.floatx() == value
    layer = kerastorch.layers.Dense(2)
    layer.build((None, 3))
    assert {w.dtype for w in layer.weights} == {dtypes.to_torch_dtype(value)}
    assert tensors.convert_to_tensor(np.ones(2)).dtype == dtypes.to_torch_dtype(value)


@pytest.mark.parametrize("setter, value, message", [
    (config.set_floatx, "int32", "Unknown `floatx` value: int32"),
    (config.set_image_data_format, "channels_middle",
     "Received: data_format=channels_middle"),
])
def test_invalid_config_values_raise(restore_config, setter, value, message):
    with pytest.raises(ValueError, match=message):
        setter(value)


def test_set_epsilon_and_image_data_format(restore_config):
    backend.set_epsilon(1e-4)
    assert backend.epsilon() == 1e-4
    backend.set_image_data_format("CHANNELS_FIRST")
    assert backend.image_data_format() == "channels_first"
    assert config.standardize_data_format(None) == "channels_first"
    assert kerastorch.layers.Flatten().data_format == "channels_first"


@pytest.mark.parametrize("given, expected", [
    (None, "channels_last"), ("channels_first", "channels_first"),
    ("Channels_Last", "channels_last"),
])
def test_standardize_data_format(given, expected):
    assert config.standardize_data_format(given) == expected


def test_standardize_data_format_rejects_unknown_values():
    with pytest.raises(ValueError, match="Received: data_format=nhwc"):
        config.standardize_data_format("nhwc")


# ------------------------------------------------------------------ device
def test_tests_run_on_the_cpu_device():
    assert os.environ["KERASTORCH_DEVICE"] == "cpu"
    assert backend.get_device() == torch.device("cpu")


def test_set_device_changes_where_new_weights_go():
    saved = device._DEVICE
    try:
        backend.set_device("meta")
        assert backend.get_device() == torch.device("meta")
        layer = kerastorch.layers.Dense(2)
        layer.build((None, 3))
        assert {w.device.type for w in layer.weights} == {"meta"}
    finally:
        device._DEVICE = saved
    assert backend.get_device() == torch.device("cpu")


def test_device_is_read_from_the_environment_once(monkeypatch):
    monkeypatch.setattr(device, "_DEVICE", None)
    monkeypatch.setenv("KERASTORCH_DEVICE", "meta")
    assert device.get_device() == torch.device("meta")
    monkeypatch.setenv("KERASTORCH_DEVICE", "cpu")
    assert device.get_device() == torch.device("meta")


# ------------------------------------------------------------------ dtypes
@pytest.mark.parametrize("given, expected", [
    (None, "float32"),
    ("float32", "float32"),
    (torch.float64, "float64"),
    (torch.bfloat16, "bfloat16"),
    (np.float16, "float16"),
    (np.dtype("int32"), "int32"),
    ("torch.int8", "int8"),
    ("double", "float64"),
    ("float", "float32"),
    ("half", "float16"),
    (int, "int32"),
    ("int", "int32"),
    (float, "float32"),
    (bool, "bool"),
    ("uint8", "uint8"),
    ("complex64", "complex64"),
])
def test_standardize_dtype(given, expected):
    assert dtypes.standardize_dtype(given) == expected


@pytest.mark.parametrize("given", ["float8", "no_such_dtype", np.dtype("U3")])
def test_standardize_dtype_rejects_unknown_dtypes(given):
    with pytest.raises(ValueError, match="Invalid dtype"):
        dtypes.standardize_dtype(given)


@pytest.mark.parametrize("given, expected", [
    ("float32", torch.float32), ("int64", torch.int64), (torch.int16, torch.int16),
    (None, torch.float32), (np.bool_, torch.bool),
])
def test_to_torch_dtype(given, expected):
    assert dtypes.to_torch_dtype(given) is expected


@pytest.mark.parametrize("given, expected", [
    ("float16", True), ("bfloat16", True), (torch.float64, True), ("int32", False),
    ("bool", False), ("uint8", False),
])
def test_is_float_dtype(given, expected):
    assert dtypes.is_float_dtype(given) is expected


# ----------------------------------------------------------- dtype policies
@pytest.mark.parametrize("name, compute, variable", [
    ("float32", "float32", "float32"),
    ("float64", "float64", "float64"),
    ("bfloat16", "bfloat16", "bfloat16"),
    ("mixed_float16", "float16", "float32"),
    ("mixed_bfloat16", "bfloat16", "float32"),
])
def test_dtype_policy_dtypes(name, compute, variable):
    policy = kerastorch.DTypePolicy(name)
    assert (policy.name, policy.compute_dtype, policy.variable_dtype) == (name, compute,
                                                                         variable)
    assert repr(policy) == f'<DTypePolicy "{name}">'
    assert kerastorch.DTypePolicy.from_config(policy.get_config()).name == name


def test_dtype_policy_name_must_be_a_string():
    with pytest.raises(TypeError, match="'name' must be a string.*Received: name=3"):
        kerastorch.DTypePolicy(3)


@pytest.mark.parametrize("given, expected", [
    (None, "float32"),
    ("float64", "float64"),
    (kerastorch.DTypePolicy("mixed_float16"), "mixed_float16"),
    ({"module": "keras", "class_name": "DTypePolicy", "config": {"name": "bfloat16"}},
     "bfloat16"),
    (torch.float16, "float16"),
    (np.float64, "float64"),
])
def test_get_policy_accepts_every_form_of_layer_dtype(given, expected):
    assert dtype_policy.get_policy(given).name == expected


def test_global_dtype_policy_applies_to_new_layers(restore_config):
    kerastorch.config.set_dtype_policy("mixed_bfloat16")
    assert kerastorch.config.dtype_policy().name == "mixed_bfloat16"
    layer = kerastorch.layers.Dense(2)
    assert (layer.compute_dtype, layer.variable_dtype) == ("bfloat16", "float32")
    assert kerastorch.DTypePolicy().name == "mixed_bfloat16"


def test_default_policy_follows_floatx(restore_config):
    backend.set_floatx("float64")
    assert dtype_policy.dtype_policy().name == "float64"
    assert kerastorch.layers.Dense(2).dtype == "float64"


# ------------------------------------------------------------------- names
@pytest.mark.parametrize("given, expected", [
    ("Dense", "dense"), ("InputLayer", "input_layer"), ("MyCustomLayer", "my_custom_layer"),
    ("Conv2D", "conv2d"), ("LSTMCell", "lstm_cell"), ("HTTPServer", "http_server"),
])
def test_to_snake_case(given, expected):
    assert naming.to_snake_case(given) == expected


def test_uniquify_counts_per_name_and_reset_forgets():
    naming.reset_names()
    assert [naming.uniquify("thing") for _ in range(3)] == ["thing", "thing_1", "thing_2"]
    assert naming.uniquify("other") == "other"
    assert naming.auto_name("MyThing") == "my_thing"
    naming.reset_names()
    assert naming.uniquify("thing") == "thing"


def test_clear_session_resets_names_and_runs_hooks(monkeypatch):
    calls = []
    monkeypatch.setattr(session, "_RESET_HOOKS", [lambda: calls.append("reset")])
    kerastorch.layers.Dense(1)
    backend.clear_session()
    assert calls == ["reset"]
    assert kerastorch.layers.Dense(1).name == "dense"
    session.register_reset_hook(lambda: calls.append("second"))
    backend.clear_session(free_memory=False)
    assert calls == ["reset", "reset", "second"]


# ------------------------------------------------------------------ random
def test_set_random_seed_seeds_python_numpy_and_torch():
    def draw():
        return random.random(), np.random.rand(), torch.rand(1).item()

    kerastorch.utils.set_random_seed(1234)
    first = draw()
    kerastorch.utils.set_random_seed(1234)
    assert draw() == first


def test_set_random_seed_makes_unseeded_initializers_repeat():
    kerastorch.utils.set_random_seed(7)
    first = kerastorch.layers.Dense(4)
    first.build((None, 3))
    kerastorch.utils.set_random_seed(7)
    second = kerastorch.layers.Dense(4)
    second.build((None, 3))
    torch.testing.assert_close(first.kernel, second.kernel)


@pytest.mark.parametrize("seed", [1.5, "1", None])
def test_set_random_seed_rejects_non_integers(seed):
    with pytest.raises(ValueError, match=f"Received: seed={seed}"):
        kt_random.set_random_seed(seed)


def test_make_generator():
    assert kt_random.make_generator(None) is None
    first = torch.rand(3, generator=kt_random.make_generator(5))
    second = torch.rand(3, generator=kt_random.make_generator(5))
    torch.testing.assert_close(first, second)
    assert kt_random.make_generator(5).device == torch.device("cpu")


# ----------------------------------------------------------------- tensors
@pytest.mark.parametrize("value, dtype, expected", [
    (np.ones(3, "float64"), None, torch.float32),
    (np.ones(3, "float16"), None, torch.float16),
    (np.ones(3, "int32"), None, torch.int32),
    ([1.0, 2.0], None, torch.float32),
    ([1, 2], None, torch.int64),
    (3.5, None, torch.float32),
    (True, None, torch.bool),
    (np.ones(3, "float64"), "float64", torch.float64),
    ([1, 2], "float16", torch.float16),
    (torch.ones(2, dtype=torch.float64), None, torch.float64),
    (torch.ones(2, dtype=torch.float64), "bfloat16", torch.bfloat16),
])
def test_convert_to_tensor_dtypes(value, dtype, expected):
    result = tensors.convert_to_tensor(value, dtype=dtype)
    assert isinstance(result, torch.Tensor)
    assert result.dtype == expected
    assert result.device == backend.get_device()
    np.testing.assert_array_equal(result.float().numpy(), np.asarray(value, "float32"))


def test_convert_to_tensor_float64_follows_floatx(restore_config):
    backend.set_floatx("float16")
    assert tensors.convert_to_tensor(np.zeros(2)).dtype == torch.float16
    assert tensors.convert_to_tensor([0.5]).dtype == torch.float16


def test_convert_to_tensor_shares_memory_with_numpy_on_cpu():
    array = np.zeros(3, "float32")
    tensors.convert_to_tensor(array)[0] = 1.0
    assert array[0] == 1.0


def test_convert_to_tensor_honours_the_device_argument():
    assert tensors.convert_to_tensor([1.0], device="meta").device == torch.device("meta")


@pytest.mark.parametrize("value", [
    torch.ones(2, requires_grad=True), np.ones(2), [1.0, 1.0], 1.0,
])
def test_convert_to_numpy(value):
    result = backend.convert_to_numpy(value)
    assert isinstance(result, np.ndarray)
    np.testing.assert_array_equal(result, np.ones(np.shape(result)))

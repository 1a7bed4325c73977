"""Keras's config format: built-ins, functions, arrays, registered and custom objects, safe mode."""

import json

import numpy as np
import pytest
import torch

import kerastorch
from kerastorch import activations
from kerastorch import initializers
from kerastorch import layers
from kerastorch import losses
from kerastorch import metrics
from kerastorch import optimizers
from kerastorch.saving import object_registration
from kerastorch.saving import serialization_lib
from kerastorch.saving.serialization_lib import SafeModeScope
from kerastorch.saving.serialization_lib import deserialize_keras_object
from kerastorch.saving.serialization_lib import in_safe_mode
from kerastorch.saving.serialization_lib import serialize_keras_object


@pytest.fixture(autouse=True)
def clean_registry():
    """Registrations made by a test are forgotten after it."""
    objects = dict(object_registration._GLOBAL_CUSTOM_OBJECTS)
    names = dict(object_registration._GLOBAL_CUSTOM_NAMES)
    yield
    object_registration._GLOBAL_CUSTOM_OBJECTS.clear()
    object_registration._GLOBAL_CUSTOM_OBJECTS.update(objects)
    object_registration._GLOBAL_CUSTOM_NAMES.clear()
    object_registration._GLOBAL_CUSTOM_NAMES.update(names)


def round_trip(obj, **kwargs):
    """Serializes, goes through JSON (as a saved file does) and deserializes."""
    return deserialize_keras_object(json.loads(json.dumps(serialize_keras_object(obj))),
                                    **kwargs)


class Scaler:
    """A plain custom class with a config."""

    def __init__(self, factor=1.0):
        self.factor = factor

    def get_config(self):
        return {"factor": self.factor}

    @classmethod
    def from_config(cls, config):
        return cls(**config)


def double(x):
    return 2 * x


# ------------------------------------------------------------------- built-ins
@pytest.mark.parametrize(
    "make, module, class_name",
    [
        (lambda: losses.MeanSquaredError(), "keras.losses", "MeanSquaredError"),
        (lambda: optimizers.Adam(learning_rate=0.01, beta_1=0.8), "keras.optimizers", "Adam"),
        (lambda: initializers.GlorotUniform(seed=3), "keras.initializers", "GlorotUniform"),
        (lambda: metrics.BinaryAccuracy(threshold=0.3), "keras.metrics", "BinaryAccuracy"),
        (lambda: layers.Dense(3, activation="relu", name="d"), "keras.layers", "Dense"),
    ],
    ids=["loss", "optimizer", "initializer", "metric", "layer"],
)
def test_built_in_objects_round_trip(make, module, class_name):
    obj = make()
    config = serialize_keras_object(obj)
    assert (config["module"], config["class_name"], config["registered_name"]) == (
        module, class_name, None)
    rebuilt = round_trip(obj)
    assert type(rebuilt) is type(obj)
    assert serialize_keras_object(rebuilt) == config


@pytest.mark.parametrize(
    "function, name",
    [
        (activations.relu, "relu"),
        (activations.softmax, "softmax"),
        (losses.mean_squared_error, "mean_squared_error"),
        (losses.sparse_categorical_crossentropy, "sparse_categorical_crossentropy"),
    ],
)
def test_built_in_functions_round_trip(function, name):
    assert serialize_keras_object(function) == {
        "module": "builtins", "class_name": "function", "config": name,
        "registered_name": "function"}
    assert round_trip(function) is function


@pytest.mark.parametrize(
    "array",
    [
        np.arange(6, dtype="float32").reshape(2, 3),
        np.array([1, 2, 3], dtype="int64"),
        np.array([[True], [False]]),
        np.array([0.5], dtype="float16"),
    ],
)
def test_numpy_arrays_round_trip(array):
    config = serialize_keras_object(array)
    assert config == {"class_name": "__numpy__",
                      "config": {"value": array.tolist(), "dtype": str(array.dtype)}}
    rebuilt = round_trip(array)
    assert isinstance(rebuilt, np.ndarray) and rebuilt.dtype == array.dtype
    np.testing.assert_array_equal(rebuilt, array)


@pytest.mark.parametrize(
    "value, expected",
    [(np.float32(2.5), 2.5), (np.int64(3), 3), (np.array(4.0), 4.0), (np.bool_(True), True)],
)
def test_numpy_scalars_become_python_numbers(value, expected):
    serialized = serialize_keras_object(value)
    assert serialized == expected and type(serialized) is type(expected)


def test_tensors_round_trip():
    tensor = torch.tensor([[1.0, 2.0]], requires_grad=True)
    config = serialize_keras_object(tensor)
    assert config == {"class_name": "__tensor__",
                      "config": {"value": [[1.0, 2.0]], "dtype": "float32"}}
    rebuilt = round_trip(tensor)
    assert isinstance(rebuilt, torch.Tensor) and rebuilt.dtype == torch.float32
    assert rebuilt.tolist() == [[1.0, 2.0]] and not rebuilt.requires_grad


def test_structures_round_trip():
    value = {"act": activations.relu, "items": [1, "mse", None, 2.5, True],
             "nested": {"array": np.zeros(2, "int32"), "loss": losses.MeanAbsoluteError()}}
    rebuilt = round_trip(value)
    assert rebuilt["act"] is activations.relu
    assert rebuilt["items"] == [1, "mse", None, 2.5, True]
    assert rebuilt["nested"]["array"].tolist() == [0, 0]
    assert isinstance(rebuilt["nested"]["loss"], losses.MeanAbsoluteError)


def test_tuples_serialize_as_tuples_and_come_back_as_lists():
    assert serialize_keras_object((1, activations.relu))[0] == 1
    assert isinstance(serialize_keras_object((1, 2)), tuple)
    assert deserialize_keras_object((1, 2)) == [1, 2]


def test_a_config_written_by_keras_deserializes():
    # As Keras 3.15 writes a Dense layer (other keys omitted).
    config = {
        "module": "keras.layers", "class_name": "Dense", "registered_name": None,
        "config": {
            "name": "dense", "trainable": True, "units": 2, "activation": "tanh",
            "use_bias": False,
            "kernel_initializer": {"module": "keras.initializers", "class_name": "Zeros",
                                   "config": {}, "registered_name": None},
        },
    }
    layer = deserialize_keras_object(config)
    assert isinstance(layer, layers.Dense)
    assert (layer.units, layer.use_bias, layer.activation) == (2, False, activations.tanh)
    assert isinstance(layer.kernel_initializer, initializers.Zeros)


# ---------------------------------------------------------- registered objects
def test_registered_class_round_trips_by_its_registered_name():
    registered = kerastorch.saving.register_keras_serializable(package="MyPkg")(Scaler)
    assert registered is Scaler
    assert object_registration.get_custom_objects()["MyPkg>Scaler"] is Scaler
    config = serialize_keras_object(Scaler(3.0))
    assert config == {"module": __name__, "class_name": "Scaler", "config": {"factor": 3.0},
                      "registered_name": "MyPkg>Scaler"}
    rebuilt = round_trip(Scaler(3.0))
    assert isinstance(rebuilt, Scaler) and rebuilt.factor == 3.0


def test_registered_name_can_be_chosen():
    kerastorch.saving.register_keras_serializable("MyPkg", name="Times")(Scaler)
    assert serialize_keras_object(Scaler())["registered_name"] == "MyPkg>Times"
    # The registered name wins over the class name when loading.
    config = {**serialize_keras_object(Scaler(2.0)), "class_name": "Renamed"}
    assert deserialize_keras_object(config).factor == 2.0


def test_registered_function_round_trips_by_its_registered_name():
    kerastorch.saving.register_keras_serializable(package="MyPkg")(double)
    # Keras's format: the registered name goes in `config` (as Keras 3.15 writes it).
    assert serialize_keras_object(double) == {
        "module": "builtins", "class_name": "function", "config": "MyPkg>double",
        "registered_name": "function"}
    assert round_trip(double) is double


def test_registered_objects_resolve_inside_built_in_configs():
    kerastorch.saving.register_keras_serializable(package="MyPkg")(double)
    layer = layers.Dense(2, activation=double)
    rebuilt = round_trip(layer)
    assert rebuilt.activation is double


def test_registering_a_class_without_get_config_raises():
    class NoConfig:
        pass

    with pytest.raises(ValueError, match=r"Cannot register a class that does not have a "
                                         r"get_config\(\) method\."):
        kerastorch.saving.register_keras_serializable()(NoConfig)


# -------------------------------------------------------------- custom_objects
def test_unregistered_class_is_named_for_custom_objects():
    # As Keras writes it: `registered_name` is the class name, the key users give.
    config = serialize_keras_object(Scaler(4.0))
    assert config["registered_name"] == "Scaler" and config["module"] == __name__
    rebuilt = deserialize_keras_object(config, custom_objects={"Scaler": Scaler})
    assert isinstance(rebuilt, Scaler) and rebuilt.factor == 4.0
    assert deserialize_keras_object(config, {"Scaler": Scaler}).factor == 4.0  # positional


def test_classes_from_main_have_no_module(monkeypatch):
    monkeypatch.setattr(Scaler, "__module__", "__main__")
    config = serialize_keras_object(Scaler())
    assert config["module"] is None and config["class_name"] == "Scaler"
    assert isinstance(deserialize_keras_object(config, custom_objects={"Scaler": Scaler}),
                      Scaler)


def test_unregistered_function_resolves_through_custom_objects():
    config = serialize_keras_object(double)
    assert config["config"] == "double"
    assert deserialize_keras_object(config, custom_objects={"double": double}) is double
    assert deserialize_keras_object("double", custom_objects={"double": double}) is double


def test_custom_objects_reach_nested_configs():
    config = serialize_keras_object({"scalers": [Scaler(1.0), Scaler(2.0)]})
    rebuilt = deserialize_keras_object(config, custom_objects={"Scaler": Scaler})
    assert [s.factor for s in rebuilt["scalers"]] == [1.0, 2.0]


@pytest.mark.parametrize(
    "config, kind, name",
    [
        ({"module": "my_module", "class_name": "Foo", "config": {}, "registered_name": "Foo"},
         "class", "Foo"),
        ({"module": "keras.layers", "class_name": "NoSuchLayer", "config": {},
          "registered_name": None}, "class", "NoSuchLayer"),
        ({"module": "builtins", "class_name": "function", "config": "no_such_fn",
          "registered_name": "function"}, "function", "no_such_fn"),
        ({"module": "builtins", "class_name": "function", "config": "Pkg>missing",
          "registered_name": "function"}, "function", "Pkg>missing"),
    ],
    ids=["custom_class", "unknown_built_in", "function", "registered_function"],
)
def test_unknown_objects_say_how_to_make_them_known(config, kind, name):
    with pytest.raises(TypeError) as info:
        deserialize_keras_object(config)
    message = str(info.value)
    assert message.startswith(f"Could not locate {kind} '{name}'. ")
    assert "`@keras.saving.register_keras_serializable()`" in message
    assert "`custom_objects`" in message
    assert f"Full object config: {config}" in message


def test_unknown_class_is_found_once_passed():
    config = {"module": "my_module", "class_name": "Scaler", "config": {"factor": 5.0},
              "registered_name": "Scaler"}
    assert deserialize_keras_object(config, custom_objects={"Scaler": Scaler}).factor == 5.0


@pytest.mark.parametrize("config", ["no_such_thing", object()])
def test_uninterpretable_configs(config):
    with pytest.raises(ValueError, match="Could not interpret serialized object: "):
        deserialize_keras_object(config)


def test_unexpected_keyword_arguments():
    with pytest.raises(TypeError, match=r"Unexpected keyword argument\(s\): \['module_object'\]"):
        deserialize_keras_object({}, module_object={})


def test_module_objects_resolve_names():
    assert deserialize_keras_object("double", module_objects={"double": double}) is double
    config = {"class_name": "Scaler", "config": {"factor": 6.0}}
    assert deserialize_keras_object(config, module_objects={"Scaler": Scaler}).factor == 6.0


# ------------------------------------------------------------- resolve_identifier
@pytest.mark.parametrize(
    "identifier, expected",
    [
        (None, None),
        ("mse", losses.mean_squared_error),
        (losses.mean_absolute_error, losses.mean_absolute_error),
    ],
)
def test_resolve_identifier(identifier, expected):
    assert serialization_lib.resolve_identifier(
        identifier, losses.ALL_OBJECTS_DICT, "loss") is expected


def test_resolve_identifier_instantiates_classes_and_configs():
    resolved = serialization_lib.resolve_identifier(
        losses.MeanSquaredError, losses.ALL_OBJECTS_DICT, "loss")
    assert isinstance(resolved, losses.MeanSquaredError)
    resolved = serialization_lib.resolve_identifier(
        {"class_name": "MeanAbsoluteError", "config": {}}, losses.ALL_OBJECTS_DICT, "loss")
    assert isinstance(resolved, losses.MeanAbsoluteError)


@pytest.mark.parametrize("identifier", [3, "no_such_loss"])
def test_resolve_identifier_errors(identifier):
    with pytest.raises(ValueError, match=f"Could not interpret loss identifier: {identifier}"):
        serialization_lib.resolve_identifier(identifier, losses.ALL_OBJECTS_DICT, "loss")


# ------------------------------------------------------------------ safe mode
class SafeModeProbe(Scaler):
    """Records whether its `from_config` ran in safe mode."""

    seen = []

    @classmethod
    def from_config(cls, config):
        cls.seen.append(in_safe_mode())
        return cls(**config)


def test_safe_mode_scopes_nest_and_restore():
    assert in_safe_mode()
    with SafeModeScope(False) as scope:
        assert isinstance(scope, SafeModeScope) and not in_safe_mode()
        with SafeModeScope(True):
            assert in_safe_mode()
        assert not in_safe_mode()
    assert in_safe_mode()
    with pytest.raises(RuntimeError):
        with SafeModeScope(False):
            raise RuntimeError("inside")
    assert in_safe_mode()


@pytest.mark.parametrize(
    "scope, safe_mode, expected",
    [(None, True, True), (None, False, False), (False, True, False), (True, False, True)],
    ids=["default", "argument", "scope_allows", "scope_refuses"],
)
def test_from_config_runs_under_the_effective_safe_mode(scope, safe_mode, expected):
    SafeModeProbe.seen.clear()
    config = serialize_keras_object(SafeModeProbe())
    custom = {"SafeModeProbe": SafeModeProbe}
    if scope is None:
        deserialize_keras_object(config, custom_objects=custom, safe_mode=safe_mode)
    else:
        with SafeModeScope(scope):
            deserialize_keras_object(config, custom_objects=custom, safe_mode=safe_mode)
    assert SafeModeProbe.seen == [expected]
    assert in_safe_mode()


def test_lambdas_load_only_outside_safe_mode():
    config = json.loads(json.dumps(serialize_keras_object(layers.Lambda(lambda x: x + 1))))
    with pytest.raises(ValueError, match="deserialization of a `Lambda` layer whose `function` "
                                         "is a Python lambda"):
        deserialize_keras_object(config)
    for rebuilt in (deserialize_keras_object(config, safe_mode=False),
                    _in_scope(config)):
        assert rebuilt(torch.tensor([1.0])).tolist() == [2.0]


def _in_scope(config):
    with SafeModeScope(False):
        return deserialize_keras_object(config)


def test_enable_unsafe_deserialization_allows_lambdas(monkeypatch):
    monkeypatch.setattr(serialization_lib, "_SAFE_MODE", [None])
    config = json.loads(json.dumps(serialize_keras_object(layers.Lambda(lambda x: x + 1))))
    kerastorch.config.enable_unsafe_deserialization()
    assert not in_safe_mode()
    assert deserialize_keras_object(config)(torch.tensor([1.0])).tolist() == [2.0]


# ------------------------------------------------------------ special values
@pytest.mark.parametrize("value", [b"bytes", slice(1, None, 2), Ellipsis],
                         ids=["bytes", "slice", "ellipsis"])
def test_bytes_slices_and_ellipsis_round_trip(value):
    assert serialize_keras_object(value)["class_name"] in ("__bytes__", "__slice__",
                                                           "__ellipsis__")
    assert round_trip(value) == value


def test_a_class_without_from_config_is_refused():
    config = {"module": None, "class_name": "Plain", "config": {}, "registered_name": "Plain"}
    with pytest.raises(TypeError, match="missing a `from_config\\(\\)` method"):
        deserialize_keras_object(config, custom_objects={"Plain": object})


# ------------------------------------------------------- build and compile
def test_build_config_builds_the_object():
    layer = layers.Dense(3)
    layer.build((None, 4))
    rebuilt = round_trip(layer)
    assert rebuilt.built and [tuple(w.shape) for w in rebuilt.weights] == [(4, 3), (3,)]


def test_compile_config_compiles_the_model_and_builds_its_optimizer():
    model = kerastorch.Sequential([kerastorch.Input(shape=(2,)), layers.Dense(1)])
    model.compile(optimizer=optimizers.SGD(momentum=0.9), loss="mse", metrics=["mae"])
    rebuilt = round_trip(model)
    assert rebuilt.compiled and rebuilt.get_compile_config() == model.get_compile_config()
    assert rebuilt.optimizer.built
    assert [tuple(v.shape) for v in rebuilt.optimizer.variables] == [(), (), (2, 1), (1,)]


def test_a_custom_compile_is_not_called_on_loading():
    class CustomCompile(kerastorch.Sequential):
        def compile(self, *args, **kwargs):
            raise AssertionError("not to be called")

    model = kerastorch.Sequential([kerastorch.Input(shape=(2,)), layers.Dense(1)])
    model.compile(loss="mse")
    config = serialize_keras_object(model)
    with pytest.warns(UserWarning, match="`compile\\(\\)` was not called as part of model "
                                         "loading"):
        rebuilt = deserialize_keras_object(config, custom_objects={"Sequential": CustomCompile})
    assert not rebuilt.compiled


# ------------------------------------------------------------ shared objects
def test_objects_met_twice_are_shared_in_a_sharing_scope():
    scaler = Scaler(3.0)
    structure = {"first": scaler, "second": scaler, "other": Scaler(3.0)}
    assert "shared_object_id" not in json.dumps(serialize_keras_object(structure))
    with serialization_lib.ObjectSharingScope():
        config = json.loads(json.dumps(serialize_keras_object(structure)))
    assert config["first"]["shared_object_id"] == config["second"]["shared_object_id"]
    assert "shared_object_id" not in config["other"]
    with serialization_lib.ObjectSharingScope():
        rebuilt = deserialize_keras_object(config, custom_objects={"Scaler": Scaler})
    assert rebuilt["first"] is rebuilt["second"] and rebuilt["other"] is not rebuilt["first"]
    unshared = deserialize_keras_object(config, custom_objects={"Scaler": Scaler})
    assert unshared["first"] is not unshared["second"]

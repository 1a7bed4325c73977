"""`kerastorch.regularizers` / `kerastorch.constraints` against real Keras."""

import keras
import numpy as np
import pytest

import kerastorch
from tests.compat.twins import assert_same_weights, copy_weights

SHAPES = [(5,), (4, 6), (7, 3), (3, 3, 4, 8)]

REGULARIZERS = {
    "L1": {"l1": 0.3},
    "L2": {"l2": 0.07},
    "L1L2": {"l1": 0.02, "l2": 0.05},
    "L1L2_default": {},
    "OrthogonalRegularizer": {"factor": 0.2},
    "OrthogonalRegularizer_columns": {"factor": 0.1, "mode": "columns"},
}

CONSTRAINTS = {
    "MaxNorm": {"max_value": 1.5},
    "MaxNorm_axes": {"max_value": 0.8, "axis": [0, 1, 2]},
    "MinMaxNorm": {"min_value": 0.5, "max_value": 1.2, "rate": 0.7},
    "MinMaxNorm_axis1": {"min_value": 0.2, "max_value": 0.4, "axis": 1},
    "NonNeg": {},
    "UnitNorm": {},
    "UnitNorm_last": {"axis": -1},
}


def _class_name(key):
    return key.split("_")[0]


def _inputs(shape, seed):
    return np.random.default_rng(seed).normal(size=shape).astype("float32")


@pytest.mark.parametrize("key", sorted(REGULARIZERS))
@pytest.mark.parametrize("shape", SHAPES)
def test_regularizer_values_match(key, shape):
    name, kwargs = _class_name(key), REGULARIZERS[key]
    if name == "OrthogonalRegularizer" and len(shape) != 2:
        pytest.skip("rank 2 only")
    x = _inputs(shape, seed=len(shape))
    # A tensor for Keras: its numpy `normalize` misplaces the norms for axis=0.
    keras_x = keras.ops.convert_to_tensor(x)
    expected = keras.ops.convert_to_numpy(getattr(keras.regularizers, name)(**kwargs)(keras_x))
    received = getattr(kerastorch.regularizers, name)(**kwargs)(x)
    np.testing.assert_allclose(received.detach().numpy(), expected, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("key", sorted(CONSTRAINTS))
@pytest.mark.parametrize("shape", SHAPES)
def test_constraint_values_match(key, shape):
    name, kwargs = _class_name(key), CONSTRAINTS[key]
    axis = kwargs.get("axis", 0)
    if max(np.atleast_1d(axis)) >= len(shape):
        pytest.skip("axis out of range for this rank")
    x = _inputs(shape, seed=10 + len(shape))
    expected = keras.ops.convert_to_numpy(getattr(keras.constraints, name)(**kwargs)(x))
    received = getattr(kerastorch.constraints, name)(**kwargs)(x)
    np.testing.assert_allclose(received.numpy(), expected, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("package, table", [("regularizers", REGULARIZERS),
                                            ("constraints", CONSTRAINTS)])
def test_configs_and_serialization_match(package, table):
    for key, kwargs in table.items():
        name = _class_name(key)
        expected = getattr(getattr(keras, package), name)(**kwargs)
        received = getattr(getattr(kerastorch, package), name)(**kwargs)
        assert received.get_config() == expected.get_config(), key
        serialized = getattr(kerastorch, package).serialize(received)
        assert serialized == getattr(keras, package).serialize(expected), key
        rebuilt = getattr(kerastorch, package).deserialize(serialized)
        assert rebuilt.get_config() == expected.get_config(), key


@pytest.mark.parametrize("package", ["regularizers", "constraints"])
def test_public_names_match(package):
    public = lambda module: {n for n in dir(module) if not n.startswith("_")}
    expected = public(getattr(keras, package))
    assert expected <= public(getattr(kerastorch, package))
    for name in expected - {"get", "serialize", "deserialize"}:
        keras_obj = getattr(getattr(keras, package), name)
        kt_obj = getattr(getattr(kerastorch, package), name)
        assert kt_obj.__name__ == keras_obj.__name__, name


@pytest.mark.parametrize("package", ["regularizers", "constraints"])
def test_get_of_every_name_matches(package):
    keras_pkg, kt_pkg = getattr(keras, package), getattr(kerastorch, package)
    from keras.src import constraints as src_constraints
    from keras.src import regularizers as src_regularizers

    keras_names = {"regularizers": src_regularizers, "constraints": src_constraints}[package]
    names = set(keras_names.ALL_OBJECTS_DICT) | {n for n in dir(keras_pkg) if not n.startswith("_")}
    names |= {"l1_l2", "nope"}
    for name in sorted(names - {"get", "serialize", "deserialize"}):
        try:
            expected = keras_pkg.get(name)
        except ValueError:
            with pytest.raises(ValueError):
                kt_pkg.get(name)
            continue
        received = kt_pkg.get(name)
        assert type(received).__name__ == type(expected).__name__, name
        if type(expected).__name__ not in ("Regularizer",):
            assert received.get_config() == expected.get_config(), name


@pytest.mark.parametrize(
    "make",
    [lambda m: m.regularizers.L1(-1.0), lambda m: m.regularizers.L2(float("nan")),
     lambda m: m.regularizers.L1L2(l1=float("inf")), lambda m: m.regularizers.L2("0.1"),
     lambda m: m.regularizers.OrthogonalRegularizer(-0.1),
     lambda m: m.regularizers.OrthogonalRegularizer(mode="diagonal"),
     lambda m: m.regularizers.OrthogonalRegularizer()(np.ones((2, 2, 2), "float32")),
     lambda m: m.regularizers.Regularizer().get_config(),
     lambda m: m.regularizers.get(3), lambda m: m.constraints.get("max")],
)
def test_errors_match(make):
    with pytest.raises(Exception) as expected:
        make(keras)
    with pytest.raises(type(expected.value)):
        make(kerastorch)


def test_fit_with_regularizers_and_constraint_matches_keras():
    def build(lib):
        return lib.Sequential([
            lib.Input(shape=(6,)),
            lib.layers.Dense(5, activation="tanh", kernel_regularizer="l2",
                             bias_regularizer=lib.regularizers.L1(0.1),
                             kernel_constraint=lib.constraints.MaxNorm(1.0)),
            lib.layers.Dense(2),
        ])

    keras.utils.set_random_seed(0)
    keras_model, kt_model = build(keras), build(kerastorch)
    copy_weights(keras_model, kt_model)
    rng = np.random.default_rng(0)
    x = rng.normal(size=(64, 6)).astype("float32")
    y = rng.normal(size=(64, 2)).astype("float32")
    histories = []
    for lib, model in ((keras, keras_model), (kerastorch, kt_model)):
        model.compile(optimizer=lib.optimizers.SGD(learning_rate=0.1), loss="mse")
        histories.append(model.fit(x, y, batch_size=16, epochs=2, shuffle=False, verbose=0))
    expected, received = histories
    assert list(received.history) == list(expected.history)
    for key in expected.history:
        np.testing.assert_allclose(received.history[key], expected.history[key], rtol=1e-5,
                                   atol=1e-6, err_msg=key)
    assert_same_weights(keras_model, kt_model, rtol=1e-5, atol=1e-6)
    assert len(kt_model.losses) == len(keras_model.losses) == 2
    for e, r in zip(keras_model.losses, kt_model.losses):
        np.testing.assert_allclose(r.detach().numpy(), keras.ops.convert_to_numpy(e),
                                   rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("regularizer", ["l1", "l2"])
def test_activity_regularizer_matches_keras(regularizer):
    def build(lib):
        return lib.Sequential([
            lib.Input((6,)),
            lib.layers.Dense(4, activation="tanh", activity_regularizer=regularizer),
            lib.layers.Dense(1),
        ])

    rng = np.random.default_rng(7)
    x = rng.normal(size=(40, 6)).astype("float32")
    y = rng.normal(size=(40, 1)).astype("float32")
    keras_model, kt_model = build(keras), build(kerastorch)
    kt_model.set_weights(keras_model.get_weights())
    assert kt_model.layers[0].get_config() == {
        **keras_model.layers[0].get_config(), "name": kt_model.layers[0].name}
    for model in (keras_model, kt_model):
        model.compile(optimizer="sgd", loss="mse")
    expected = keras_model.fit(x, y, batch_size=8, epochs=2, shuffle=False, verbose=0)
    received = kt_model.fit(x, y, batch_size=8, epochs=2, shuffle=False, verbose=0)
    np.testing.assert_allclose(received.history["loss"], expected.history["loss"], rtol=1e-5)
    kt_model(x[:5])
    keras_model(x[:5])
    assert len(kt_model.losses) == len(keras_model.losses)

"""Legacy HDF5 (`.h5`) model and weights files: tf.keras 2 fixtures, and exchanges with Keras 3.

The fixtures in `tests/fixtures/legacy_h5/` were written by tf.keras 2.21
(`make_fixtures.py`): each model loads with tf.keras's predictions, its
optimizer state, and trains on as Keras 3 trains it. Files written by
kerastorch and by Keras 3 hold the same attributes and arrays and load in the
other library.
"""

import copy
import json
import pathlib
import warnings

import h5py
import keras
import numpy as np
import pytest
from keras.src.legacy.saving import saving_utils

import kerastorch
from kerastorch.saving import legacy_config
from tests.compat.twins import assert_same_weights

FIXTURES = pathlib.Path(__file__).parents[1] / "fixtures" / "legacy_h5"
NAMES = ["mlp", "convnet", "two_inputs", "sequence", "nested"]


def _io(name):
    data = np.load(f"{FIXTURES}/{name}_io.npz")
    x = [data["x0"], data["x1"]] if "x0" in data else data["x"]
    return x, data["y"], data["predictions"]


def _load(name, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return kerastorch.models.load_model(f"{FIXTURES}/{name}.h5", **kwargs)


def _assert_predictions(model, name):
    x, _, expected = _io(name)
    np.testing.assert_allclose(model.predict(x, verbose=0), expected, rtol=1e-6, atol=1e-7)


# The fixtures' architectures written again with kerastorch (same layer names).
def _mlp(lib):
    return lib.Sequential([
        lib.Input(shape=(8,)),
        lib.layers.Dense(16, activation="relu", name="dense"),
        lib.layers.BatchNormalization(name="batch_normalization"),
        lib.layers.Dropout(0.2, name="dropout"),
        lib.layers.Dense(3, activation="softmax", name="dense_1"),
    ])


def _convnet(lib):
    inputs = lib.Input(shape=(12, 12, 2), name="image")
    x = lib.layers.Conv2D(4, 3, activation="relu", name="conv")(inputs)
    x = lib.layers.Flatten(name="flatten")(lib.layers.MaxPooling2D(2, name="pool")(x))
    return lib.Model(inputs, lib.layers.Dense(2, activation="softmax", name="head")(x))


def _two_inputs(lib):
    a, b = lib.Input(shape=(4,), name="a"), lib.Input(shape=(6,), name="b")
    shared = lib.layers.Dense(5, activation="tanh", name="shared")
    merged = lib.layers.concatenate([shared(lib.layers.Dense(5, name="pa")(a)),
                                     shared(lib.layers.Dense(5, name="pb")(b))])
    return lib.Model([a, b], lib.layers.Dense(1, name="out")(merged))


def _sequence(lib):
    tokens = lib.Input(shape=(6,), dtype="int32", name="tokens")
    x = lib.layers.Embedding(20, 8, mask_zero=True, name="embed")(tokens)
    x = lib.layers.Bidirectional(lib.layers.LSTM(4, return_sequences=True), name="bilstm")(x)
    x = lib.layers.LayerNormalization(name="norm")(
        lib.layers.MultiHeadAttention(2, 4, name="mha")(x, x))
    x = lib.layers.GRU(5, name="gru")(x)
    return lib.Model(tokens, lib.layers.Dense(3, activation="softmax", name="head")(x))


def _nested(lib):
    inner = lib.Sequential([lib.Input(shape=(8,)), lib.layers.Dense(6, name="inner_dense"),
                            lib.layers.LeakyReLU(negative_slope=0.2, name="leaky")],
                           name="inner")
    x = lib.Input(shape=(8,), name="x")
    h = lib.layers.BatchNormalization(name="bn")(lib.layers.Reshape((3, 2), name="reshape")(
        inner(x)))
    h = lib.layers.Concatenate(name="concat")([lib.layers.Flatten(name="flat")(h), x])
    return lib.Model(x, lib.layers.Dense(1, name="logit")(h))


BUILDERS = {"mlp": _mlp, "convnet": _convnet, "two_inputs": _two_inputs,
            "sequence": _sequence, "nested": _nested}


# ------------------------------------------------------------ tf.keras files
@pytest.mark.parametrize("name", NAMES)
def test_keras2_model_file_loads_with_tf_keras_predictions(name):
    model = _load(name)
    _assert_predictions(model, name)
    assert model.compiled
    with h5py.File(f"{FIXTURES}/{name}.h5", "r") as f:
        saved = {key: np.asarray(f["optimizer_weights"][key])
                 for key in f["optimizer_weights"].attrs["weight_names"]}
    iteration = next(v for k, v in saved.items() if k.endswith(("iteration:0", "iter:0")))
    assert int(model.optimizer.iterations) == int(iteration) > 0
    # Every slot of the saved state is restored (the learning rate comes from the config).
    restored = sorted(float(np.abs(v.detach().cpu().numpy()).sum())
                      for v in model.optimizer.variables[2:])
    expected = sorted(float(np.abs(v).sum()) for k, v in saved.items() if v.ndim)
    np.testing.assert_allclose(restored, expected, rtol=1e-6)


@pytest.mark.parametrize("name", NAMES)
def test_keras2_model_file_compile_arguments(name):
    model = _load(name)
    with h5py.File(f"{FIXTURES}/{name}.h5", "r") as f:
        optimizer_config = json.loads(f.attrs["training_config"])["optimizer_config"]
    expected = optimizer_config["config"]
    config = model.optimizer.get_config()
    assert type(model.optimizer).__name__ == expected["name"]
    assert config["learning_rate"] == pytest.approx(expected["learning_rate"], rel=1e-7)
    if name == "nested":  # A `tf.keras.optimizers.legacy.SGD`, with a loss object.
        assert config["momentum"] == pytest.approx(0.9)
        assert type(model.loss).__name__ == "BinaryCrossentropy"
        assert model.loss.get_config()["from_logits"] is True
        assert model.loss.get_config()["reduction"] == "sum_over_batch_size"
    uncompiled = _load(name, compile=False)
    assert not uncompiled.compiled
    _assert_predictions(uncompiled, name)


@pytest.mark.parametrize("name", NAMES)
def test_keras2_weights_file_loads_into_rebuilt_architecture(name):
    for by_name in (False, True):
        model = BUILDERS[name](kerastorch)
        model.load_weights(f"{FIXTURES}/{name}_weights.h5", by_name=by_name)
        _assert_predictions(model, name)
    model = BUILDERS[name](kerastorch)
    model.load_weights(f"{FIXTURES}/{name}.h5")  # The weights of a model file.
    _assert_predictions(model, name)


@pytest.mark.parametrize("name", NAMES)
def test_loaded_model_trains_on_as_keras_does(name, tmp_path):
    """One more step from the restored state, in kerastorch and in Keras 3 (same state)."""
    model = _load(name)
    model.save(tmp_path / "model.keras")  # Keras 3 gets the same weights and optimizer state.
    reference = keras.models.load_model(tmp_path / "model.keras")
    if name == "mlp":  # Dropout draws differ between the libraries.
        model.get_layer("dropout").rate = reference.get_layer("dropout").rate = 0.0
    x, y, _ = _io(name)
    steps = int(model.optimizer.iterations)
    received = model.train_on_batch(x, y, return_dict=True)
    expected = reference.train_on_batch(x, y, return_dict=True)
    assert sorted(received) == sorted(expected)
    for key in expected:
        np.testing.assert_allclose(received[key], expected[key], rtol=1e-6, err_msg=key)
    assert int(model.optimizer.iterations) == steps + 1
    assert_same_weights(reference, model, rtol=1e-5, atol=1e-7)


# ------------------------------------------------- exchanges with Keras 3
# Every name given, so that both libraries write the same paths.
def _sequential_mlp(lib):
    model = lib.Sequential([lib.Input(shape=(8,), name="x"),
                            lib.layers.Dense(16, activation="relu", name="hidden"),
                            lib.layers.BatchNormalization(name="norm"),
                            lib.layers.Dense(3, name="logits")], name="mlp")
    return model, {"loss": lib.losses.SparseCategoricalCrossentropy(from_logits=True),
                   "metrics": ["accuracy"]}


def _functional_two_inputs(lib):
    a, b = lib.Input(shape=(8,), name="a"), lib.Input(shape=(3,), name="b")
    h = lib.layers.Concatenate(name="concat")([lib.layers.Dense(6, activation="tanh",
                                                                name="hidden")(a), b])
    return lib.Model([a, b], lib.layers.Dense(3, name="logits")(h), name="two_inputs"), {
        "loss": lib.losses.SparseCategoricalCrossentropy(from_logits=True),
        "metrics": [lib.metrics.SparseCategoricalAccuracy(name="acc")]}


def _functional_nested(lib):
    inner = lib.Sequential([lib.Input(shape=(8,), name="inner_x"),
                            lib.layers.Dense(5, activation="relu", name="inner_dense")],
                           name="inner")
    x = lib.Input(shape=(8,), name="x")
    out = lib.layers.Dense(3, name="logits")(lib.layers.Concatenate(name="concat")([inner(x), x]))
    return lib.Model(x, out, name="nested"), {
        "loss": lib.losses.SparseCategoricalCrossentropy(from_logits=True)}


EXCHANGED = [_sequential_mlp, _functional_two_inputs, _functional_nested]


def _data(builder):
    rng = np.random.default_rng(0)
    x = rng.normal(size=(32, 8)).astype("float32")
    if builder is _functional_two_inputs:
        x = [x, rng.normal(size=(32, 3)).astype("float32")]
    return x, rng.integers(0, 3, size=(32,))


def _trained(builder, lib):
    model, compile_kwargs = builder(lib)
    model.compile(optimizer=lib.optimizers.Adam(learning_rate=0.01, name="adam"),
                  **compile_kwargs)
    x, y = _data(builder)
    model.fit(x, y, batch_size=8, epochs=1, shuffle=False, verbose=0)
    return model, x, y


def _optimizer_state(model):
    return [np.asarray(keras.ops.convert_to_numpy(v)) if not hasattr(v, "detach")
            else v.detach().cpu().numpy() for v in model.optimizer.variables]


@pytest.mark.parametrize("builder", EXCHANGED, ids=lambda b: b.__name__)
def test_keras_h5_model_loads_and_trains_on_in_kerastorch(builder, tmp_path):
    model, x, y = _trained(builder, keras)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model.save(tmp_path / "model.h5")
    loaded = kerastorch.models.load_model(tmp_path / "model.h5")
    np.testing.assert_allclose(loaded.predict(x, verbose=0), model.predict(x, verbose=0),
                               rtol=1e-5, atol=1e-6)
    expected, received = _optimizer_state(model), _optimizer_state(loaded)
    assert [v.shape for v in received] == [v.shape for v in expected]
    for e, r in zip(expected, received):
        np.testing.assert_array_equal(r, e)
    history = loaded.fit(x, y, batch_size=8, epochs=1, shuffle=False, verbose=0).history
    reference = model.fit(x, y, batch_size=8, epochs=1, shuffle=False, verbose=0).history
    assert sorted(history) == sorted(reference)
    for key in reference:
        np.testing.assert_allclose(history[key], reference[key], rtol=1e-5, err_msg=key)


@pytest.mark.parametrize("builder", EXCHANGED, ids=lambda b: b.__name__)
def test_kerastorch_h5_model_loads_in_keras_as_keras_own(builder, tmp_path):
    """Keras loads kerastorch's file as it loads its own file of the same model.

    (Keras 3 builds the optimizer of a loaded `.h5` model on the model's own
    top-level variables, none for these models, so only the step counter
    of the saved optimizer state is restored, from either file.)
    """
    model, x, _ = _trained(builder, kerastorch)
    twin, _ = builder(keras)
    twin.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01, name="adam"),
                 **builder(keras)[1])
    twin.optimizer.build(twin.trainable_variables)
    twin.set_weights(model.get_weights())
    twin.optimizer.set_weights(_optimizer_state(model))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model.save(tmp_path / "kerastorch.h5")
        twin.save(tmp_path / "keras.h5")
        loaded = keras.models.load_model(tmp_path / "kerastorch.h5")
        reference = keras.models.load_model(tmp_path / "keras.h5")
    predictions = np.asarray(loaded.predict(x, verbose=0))
    np.testing.assert_array_equal(predictions, np.asarray(reference.predict(x, verbose=0)))
    np.testing.assert_allclose(predictions, model.predict(x, verbose=0), rtol=1e-5, atol=1e-6)
    assert type(loaded.loss).__name__ == type(reference.loss).__name__
    received, expected = _optimizer_state(loaded), _optimizer_state(reference)
    assert [v.shape for v in received] == [v.shape for v in expected]
    for e, r in zip(expected, received):
        np.testing.assert_array_equal(r, e)
    assert int(received[0]) == int(model.optimizer.iterations) == 4


def _attributes(path) -> dict:
    """The file's JSON attributes (decoded) and `{dataset path: array}`."""
    arrays, attributes = {}, {}
    with h5py.File(path, "r") as f:
        def visit(name, obj):
            if isinstance(obj, h5py.Dataset):
                arrays[name] = np.asarray(obj)
            for key, value in obj.attrs.items():
                attributes[f"{name}@{key}"] = [str(v) for v in np.atleast_1d(value)]
        f.visititems(visit)
        for key, value in f.attrs.items():
            attributes[f"@{key}"] = json.loads(value) if key.endswith("config") else value
    return attributes, arrays


@pytest.mark.parametrize("builder", EXCHANGED, ids=lambda b: b.__name__)
def test_h5_files_match_keras(builder, tmp_path):
    """Same model (same weights and state): the same attributes, paths and arrays."""
    keras_model, _, _ = _trained(builder, keras)
    kt_model, _ = builder(kerastorch)
    kt_model.compile(optimizer=kerastorch.optimizers.Adam(learning_rate=0.01, name="adam"),
                     **builder(kerastorch)[1])
    kt_model.optimizer.build(kt_model.trainable_weights)
    kt_model.set_weights(keras_model.get_weights())
    kt_model.optimizer.set_weights(_optimizer_state(keras_model))
    files = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for lib, model in ((keras, keras_model), (kerastorch, kt_model)):
            model.save(tmp_path / f"{lib.__name__}.h5")
            files[lib] = _attributes(tmp_path / f"{lib.__name__}.h5")
    (expected_attrs, expected), (received_attrs, received) = files[keras], files[kerastorch]
    assert expected_attrs["@backend"] == received_attrs["@backend"] == "torch"
    assert received_attrs == expected_attrs
    assert sorted(received) == sorted(expected)
    for path in expected:
        np.testing.assert_array_equal(received[path], expected[path], err_msg=path)
        # Keras's step counter is int32, kerastorch's int64 (as in `.keras` files).
        dtypes = ("int32", "int64") if path == "optimizer_weights/adam/iteration" else None
        assert (str(expected[path].dtype), str(received[path].dtype)) == \
            (dtypes or (str(expected[path].dtype),) * 2)


@pytest.mark.parametrize("builder", EXCHANGED, ids=lambda b: b.__name__)
def test_h5_weights_file_loads_in_keras(builder, tmp_path):
    model, _ = builder(kerastorch)
    model.save_weights(tmp_path / "weights.h5")
    for by_name in (False, True):
        target, _ = builder(keras)
        target.load_weights(tmp_path / "weights.h5", by_name=by_name)
        assert_same_weights(target, model, rtol=0, atol=0)
    source, _ = builder(keras)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        source.save(tmp_path / "keras_model.h5")
    target, _ = builder(kerastorch)
    target.load_weights(tmp_path / "keras_model.h5")
    assert_same_weights(source, target, rtol=0, atol=0)


def _renamed_mlp(lib, units=3, extra=False):
    layers = [lib.Input(shape=(8,)), lib.layers.Dense(4, name="first")]
    if extra:
        layers.append(lib.layers.Dense(4, name="unsaved"))
    layers.append(lib.layers.Dense(units, name="last"))
    return lib.Sequential(layers)


@pytest.mark.parametrize("lib", [keras, kerastorch], ids=lambda lib: lib.__name__)
def test_by_name_and_skip_mismatch_behave_as_in_keras(lib, tmp_path):
    source = _renamed_mlp(kerastorch)
    source.save_weights(tmp_path / "weights.h5")
    # By name, a layer absent from the file keeps its weights.
    target = _renamed_mlp(lib, extra=True)
    unsaved = [np.array(w) for w in target.get_layer("unsaved").get_weights()]
    target.load_weights(tmp_path / "weights.h5", by_name=True)
    np.testing.assert_array_equal(target.get_layer("last").get_weights()[0],
                                  source.get_layer("last").get_weights()[0])
    for e, r in zip(unsaved, target.get_layer("unsaved").get_weights()):
        np.testing.assert_array_equal(r, e)
    with pytest.raises(ValueError, match="Layer count mismatch"):
        _renamed_mlp(lib, extra=True).load_weights(tmp_path / "weights.h5")
    # A different shape raises, or is skipped with a warning.
    with pytest.raises(ValueError, match="Shape mismatch"):
        _renamed_mlp(lib, units=5).load_weights(tmp_path / "weights.h5")
    target = _renamed_mlp(lib, units=5)
    with pytest.warns(UserWarning, match="Skipping loading weights"):
        target.load_weights(tmp_path / "weights.h5", skip_mismatch=True)
    np.testing.assert_array_equal(target.get_layer("first").get_weights()[0],
                                  source.get_layer("first").get_weights()[0])
    assert target.get_layer("last").get_weights()[0].shape == (4, 5)


# ------------------------------------------------------- Keras 2 configs
def _keras2_layer_configs():
    with open(f"{FIXTURES}/keras2_layer_configs.json") as f:
        return json.load(f)


# Keras 3 fails on these Keras 2 arguments; kerastorch's conversion drops them (see
# `legacy_config._DROPPED_ARGUMENTS`), and Keras 3 reads the converted config.
KERAS3_REFUSES = {"Conv2DTranspose", "SeparableConv2D", "DepthwiseConv2D", "SpatialDropout2D",
                  "MultiHeadAttention", "SimpleRNN", "LSTM", "GRU", "Bidirectional",
                  "ConvLSTM2D"}


@pytest.mark.parametrize("entry", _keras2_layer_configs(), ids=lambda e: e["class_name"])
def test_keras2_layer_config_gives_keras3_layer(entry):
    layer = kerastorch.layers.deserialize(
        legacy_config.model_config_from_legacy(copy.deepcopy(entry)))
    received = json.loads(json.dumps(layer.get_config()))
    if entry["class_name"] in KERAS3_REFUSES:
        with pytest.raises((ValueError, TypeError)):
            saving_utils.model_from_config(copy.deepcopy(entry))
        converted = legacy_config.model_config_from_legacy(copy.deepcopy(entry))
        reference = keras.layers.deserialize({**converted, "module": "keras.layers"})
    else:
        reference = saving_utils.model_from_config(copy.deepcopy(entry))
    expected = json.loads(json.dumps(reference.get_config()))
    if entry["class_name"] == "LayerNormalization":
        # Keras 3 drops a Keras 2 `axis` of several axes (normalizing the last only).
        assert expected["axis"] == -1 and received["axis"] == entry["config"]["axis"]
        expected["axis"] = received["axis"]
    assert received == expected


def test_keras2_arguments_are_translated():
    entries = {e["class_name"]: e for e in _keras2_layer_configs()}
    convert = legacy_config.model_config_from_legacy
    assert convert(copy.deepcopy(entries["LeakyReLU"]))["config"]["negative_slope"] == \
        pytest.approx(0.1)
    lstm = convert(copy.deepcopy(entries["LSTM"]))["config"]
    assert "time_major" not in lstm and "implementation" not in lstm
    nested = convert(copy.deepcopy(entries["Bidirectional"]))["config"]["layer"]["config"]
    assert "time_major" not in nested
    assert convert(copy.deepcopy(entries["BatchNormalization"]))["config"]["axis"] == 1
    time_major = copy.deepcopy(entries["GRU"])
    time_major["config"]["time_major"] = True
    with pytest.raises(ValueError, match="time_major=True"):
        convert(time_major)

"""The `.keras` format: what is written, what comes back, and atomic writes."""

import io
import json
import os
import zipfile

import numpy as np
import pytest
import torch

import kerastorch
from kerastorch.saving import saveable_walk, saving_lib
from kerastorch.saving.serialization_lib import serialize_keras_object
from tests.saving.conftest import make_mlp


def assert_same_state(expected, received):
    assert len(received.weights) == len(expected.weights)
    for e, r in zip(expected.get_weights(), received.get_weights()):
        np.testing.assert_array_equal(r, e)
    if expected.optimizer is not None:
        assert len(received.optimizer.variables) == len(expected.optimizer.variables)
        for e, r in zip(expected.optimizer.variables, received.optimizer.variables):
            np.testing.assert_array_equal(r.cpu().numpy(), e.cpu().numpy())


def test_archive_holds_metadata_config_and_weights(trained_mlp, tmp_path):
    trained_mlp.save(tmp_path / "model.keras")
    with zipfile.ZipFile(tmp_path / "model.keras") as archive:
        assert archive.namelist() == ["metadata.json", "config.json", "model.weights.h5"]
        metadata = json.loads(archive.read("metadata.json"))
        config = json.loads(archive.read("config.json"))
    assert metadata["keras_version"] == saving_lib.KERAS_VERSION
    assert metadata["kerastorch_version"] == kerastorch.__version__
    assert set(metadata) == {"keras_version", "date_saved", "kerastorch_version"}
    assert config == json.loads(json.dumps(serialize_keras_object(trained_mlp)))
    assert config["compile_config"]["loss"] == "sparse_categorical_crossentropy"
    assert config["compile_config"]["optimizer"]["class_name"] == "Adam"


@pytest.mark.parametrize("save", ["path", "str", "folder", "file_object"])
def test_round_trip_restores_weights_optimizer_and_compile(trained_mlp, data, tmp_path, save):
    if save == "folder":
        trained_mlp.save(tmp_path / "model", zipped=False)
        assert sorted(os.listdir(tmp_path / "model")) == [
            "config.json", "metadata.json", "model.weights.h5"]
        loaded = kerastorch.saving.load_model(tmp_path / "model")
    elif save == "file_object":
        buffer = io.BytesIO()
        kerastorch.saving.save_model(trained_mlp, buffer)
        buffer.seek(0)
        loaded = kerastorch.saving.load_model(buffer)
    else:
        path = tmp_path / "model.keras"
        trained_mlp.save(path if save == "path" else str(path))
        loaded = kerastorch.models.load_model(str(path) if save == "str" else path)
    assert type(loaded) is kerastorch.Sequential and loaded.compiled
    assert isinstance(loaded.optimizer, kerastorch.optimizers.Adam)
    assert loaded.optimizer.get_config() == trained_mlp.optimizer.get_config()
    assert loaded.get_compile_config() == trained_mlp.get_compile_config()
    assert_same_state(trained_mlp, loaded)
    np.testing.assert_array_equal(loaded.predict(data[0], verbose=0),
                                  trained_mlp.predict(data[0], verbose=0))


def test_training_resumes_exactly_where_it_stopped(trained_mlp, data, tmp_path):
    trained_mlp.save(tmp_path / "model.keras")
    loaded = kerastorch.saving.load_model(tmp_path / "model.keras")
    expected = trained_mlp.fit(*data, batch_size=8, epochs=2, shuffle=False, verbose=0)
    received = loaded.fit(*data, batch_size=8, epochs=2, shuffle=False, verbose=0)
    assert received.history == expected.history
    assert_same_state(trained_mlp, loaded)
    assert int(loaded.optimizer.iterations) == 12


def test_compile_false_gives_an_uncompiled_model(trained_mlp, tmp_path):
    trained_mlp.save(tmp_path / "model.keras")
    loaded = kerastorch.saving.load_model(tmp_path / "model.keras", compile=False)
    assert not loaded.compiled and loaded.optimizer is None
    assert_same_state(make_uncompiled_twin(trained_mlp), loaded)


def make_uncompiled_twin(model):
    twin = make_mlp()
    twin.set_weights(model.get_weights())
    return twin


def test_uncompiled_and_unbuilt_models(tmp_path):
    model = make_mlp()
    model.save(tmp_path / "model.keras")
    loaded = kerastorch.saving.load_model(tmp_path / "model.keras")
    assert not loaded.compiled
    assert_same_state(model, loaded)
    unbuilt = kerastorch.Sequential([kerastorch.layers.Dense(2)])
    with pytest.warns(UserWarning, match="has not yet been built"):
        unbuilt.save(tmp_path / "unbuilt.keras")
    assert not kerastorch.saving.load_model(tmp_path / "unbuilt.keras").built


def test_functional_multi_input_and_nested_models_round_trip(tmp_path):
    inner_input = kerastorch.Input(shape=(5,))
    inner = kerastorch.Model(inner_input, kerastorch.layers.Dense(2)(inner_input))
    a = kerastorch.Input(shape=(3,), name="a")
    b = kerastorch.Input(shape=(2,), name="b")
    h = kerastorch.layers.Concatenate()([a, b])
    outputs = [kerastorch.layers.Dense(1, name="out")(inner(h)),
               kerastorch.Sequential([kerastorch.layers.Dense(4)])(h)]
    model = kerastorch.Model([a, b], outputs)
    model.compile(optimizer="rmsprop", loss=["mse", "mae"])
    x = [np.ones((4, 3), "float32"), np.ones((4, 2), "float32")]
    model.fit(x, [np.ones((4, 1)), np.ones((4, 4))], verbose=0)
    model.save(tmp_path / "model.keras")
    loaded = kerastorch.saving.load_model(tmp_path / "model.keras")
    assert isinstance(loaded.optimizer, kerastorch.optimizers.RMSprop)
    assert_same_state(model, loaded)
    for e, r in zip(model.predict(x, verbose=0), loaded.predict(x, verbose=0)):
        np.testing.assert_array_equal(r, e)


@kerastorch.saving.register_keras_serializable(package="saving_lib_test")
class Centering(kerastorch.layers.Layer):
    """A layer whose state (an adapted mean) is not a weight, saved through Keras's hooks."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.mean = np.zeros(3, "float32")
        self.dense = kerastorch.layers.Dense(2)

    def build(self, input_shape):
        self.dense.build(input_shape)

    def adapt(self, data):
        self.mean = data.mean(axis=0)

    def call(self, x):
        return self.dense(x - torch.as_tensor(self.mean, device=x.device))

    def save_own_variables(self, store):
        super().save_own_variables(store)
        store["mean"] = self.mean

    def load_own_variables(self, store):
        super().load_own_variables({key: store[key] for key in store if key != "mean"})
        self.mean = store["mean"]


def test_save_and_load_own_variables_hooks_carry_extra_state(tmp_path):
    inputs = kerastorch.Input(shape=(3,))
    model = kerastorch.Model(inputs, Centering()(inputs))
    model.layers[1].adapt(np.arange(6, dtype="float32").reshape(2, 3))
    model.save(tmp_path / "model.keras")
    loaded = kerastorch.saving.load_model(tmp_path / "model.keras")
    np.testing.assert_array_equal(loaded.layers[1].mean, [1.5, 2.5, 3.5])
    x = np.ones((2, 3), "float32")
    np.testing.assert_array_equal(loaded.predict(x, verbose=0), model.predict(x, verbose=0))


def test_failed_save_leaves_the_previous_file_intact(trained_mlp, tmp_path, monkeypatch):
    path = tmp_path / "model.keras"
    trained_mlp.save(path)
    before = path.read_bytes()
    saved_layers = []

    def failing_save(layer, store):
        saved_layers.append(layer)
        if len(saved_layers) == 2:
            raise OSError("disk full")
        kerastorch.layers.Layer.save_own_variables(layer, store)

    monkeypatch.setattr(kerastorch.layers.Dense, "save_own_variables", failing_save,
                        raising=False)
    trained_mlp.fit(*_some_data(), verbose=0)
    with pytest.raises(OSError, match="disk full"):
        trained_mlp.save(path)
    assert len(saved_layers) == 2  # It failed midway, after a first layer was written.
    assert path.read_bytes() == before
    assert os.listdir(tmp_path) == ["model.keras"]  # No temporary file left.
    kerastorch.saving.load_model(path)


def _some_data():
    return np.ones((8, 4), "float32"), np.zeros((8,), "int64")


def test_atomic_write_replaces_only_on_success(tmp_path):
    path = tmp_path / "file.bin"
    path.write_bytes(b"old")
    with pytest.raises(RuntimeError), saving_lib.atomic_write(path) as f:
        f.write(b"new, half written")
        raise RuntimeError("crash")
    assert path.read_bytes() == b"old" and os.listdir(tmp_path) == ["file.bin"]
    with saving_lib.atomic_write(path) as f:
        f.write(b"new")
    assert path.read_bytes() == b"new" and os.listdir(tmp_path) == ["file.bin"]


def test_atomic_write_gives_default_permissions(tmp_path):
    reference = tmp_path / "reference"
    reference.write_bytes(b"")
    with saving_lib.atomic_write(tmp_path / "atomic") as f:
        f.write(b"")
    assert os.stat(tmp_path / "atomic").st_mode == os.stat(reference).st_mode


def test_weights_file_round_trip_and_objects_to_skip(trained_mlp, tmp_path):
    trained_mlp.save_weights(tmp_path / "model.weights.h5")
    twin = make_mlp()
    twin.compile(optimizer=kerastorch.optimizers.Adam(learning_rate=0.01),
                 loss="sparse_categorical_crossentropy")
    twin.optimizer.build(twin.trainable_weights)
    twin.load_weights(tmp_path / "model.weights.h5")
    assert_same_state(trained_mlp, twin)

    skipped = make_mlp()
    before = skipped.layers[0].get_weights()
    kerastorch.saving.load_weights(skipped, tmp_path / "model.weights.h5",
                                   objects_to_skip=[skipped.layers[0]])
    for e, r in zip(before, skipped.layers[0].get_weights()):
        np.testing.assert_array_equal(r, e)
    for e, r in zip(trained_mlp.layers[2].get_weights(), skipped.layers[2].get_weights()):
        np.testing.assert_array_equal(r, e)


def test_weights_load_from_a_keras_file(trained_mlp, tmp_path):
    trained_mlp.save(tmp_path / "model.keras")
    twin = make_mlp()
    twin.load_weights(tmp_path / "model.keras")
    assert_same_state(make_uncompiled_twin(trained_mlp), twin)


def test_bfloat16_weights_round_trip(tmp_path):
    model = kerastorch.Sequential([kerastorch.Input(shape=(3,)),
                                   kerastorch.layers.Dense(2, dtype="bfloat16")])
    model.save_weights(tmp_path / "model.weights.h5")
    twin = kerastorch.Sequential([kerastorch.Input(shape=(3,)),
                                  kerastorch.layers.Dense(2, dtype="bfloat16")])
    twin.load_weights(tmp_path / "model.weights.h5")
    for e, r in zip(model.weights, twin.weights):
        assert r.dtype == torch.bfloat16
        assert torch.equal(r, e)


def test_shared_layer_is_saved_once_and_stays_shared(tmp_path):
    shared = kerastorch.layers.Dense(3, name="shared")
    a, b = kerastorch.Input(shape=(3,)), kerastorch.Input(shape=(3,))
    first = kerastorch.Model(a, shared(a))
    second = kerastorch.Model(b, shared(b))
    x = kerastorch.Input(shape=(3,))
    model = kerastorch.Model(x, kerastorch.layers.Add()([first(x), second(x)]))
    paths = [path for path, _ in saveable_walk.state_paths(model)]
    assert paths.count("layers/functional/layers/dense") == 1
    assert "layers/functional_1/layers/dense" not in paths
    model.save(tmp_path / "model.keras")
    config = json.loads(zipfile.ZipFile(tmp_path / "model.keras").read("config.json"))
    assert "shared_object_id" in json.dumps(config)
    loaded = kerastorch.saving.load_model(tmp_path / "model.keras")
    assert loaded.layers[1].layers[1] is loaded.layers[2].layers[1]
    assert_same_state(model, loaded)

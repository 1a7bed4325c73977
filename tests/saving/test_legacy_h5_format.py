"""Legacy `.h5` files written and read by kerastorch: round trips, options and damaged files."""

import json
import pathlib
import shutil

import h5py
import numpy as np
import pytest

import kerastorch
from kerastorch.saving import legacy_h5_format
from tests.saving.conftest import make_mlp

FIXTURES = pathlib.Path(__file__).parents[1] / "fixtures" / "legacy_h5"
FIXTURE = FIXTURES / "mlp.h5"


def _save(model, path, **kwargs):
    with pytest.warns(UserWarning, match="HDF5 file"):
        model.save(path, **kwargs)


def _state(model):
    return [v.detach().cpu().numpy() for v in model.optimizer.variables]


def test_round_trip_restores_the_state_and_training_goes_on_identically(trained_mlp, data,
                                                                        tmp_path):
    _save(trained_mlp, tmp_path / "model.h5")
    loaded = kerastorch.models.load_model(tmp_path / "model.h5")
    assert loaded.get_config() == trained_mlp.get_config()
    for e, r in zip(trained_mlp.get_weights(), loaded.get_weights()):
        np.testing.assert_array_equal(r, e)
    for e, r in zip(_state(trained_mlp), _state(loaded)):
        np.testing.assert_array_equal(r, e)
    expected = trained_mlp.fit(*data, batch_size=8, shuffle=False, verbose=0).history
    received = loaded.fit(*data, batch_size=8, shuffle=False, verbose=0).history
    assert received == expected


def test_without_optimizer_the_model_loads_uncompiled(trained_mlp, data, tmp_path):
    _save(trained_mlp, tmp_path / "model.h5", include_optimizer=False)
    with h5py.File(tmp_path / "model.h5", "r") as f:
        assert "training_config" not in f.attrs and "optimizer_weights" not in f
    with pytest.warns(UserWarning, match="No training configuration found"):
        loaded = kerastorch.models.load_model(tmp_path / "model.h5")
    assert not loaded.compiled
    np.testing.assert_array_equal(loaded.predict(data[0], verbose=0),
                                  trained_mlp.predict(data[0], verbose=0))


def test_uncompiled_model_and_open_h5py_files(data, tmp_path):
    model = make_mlp()
    with h5py.File(tmp_path / "model.h5", "w") as f:
        legacy_h5_format.save_model_to_hdf5(model, f)
    with h5py.File(tmp_path / "model.h5", "r") as f:
        assert sorted(f) == ["model_weights"]
        loaded = legacy_h5_format.load_model_from_hdf5(f, compile=False)
    np.testing.assert_array_equal(loaded.predict(data[0], verbose=0),
                                  model.predict(data[0], verbose=0))


def test_save_creates_folders_and_a_failed_save_keeps_the_previous_file(trained_mlp, tmp_path):
    path = tmp_path / "new" / "folder" / "model.h5"
    _save(trained_mlp, path)
    before = path.read_bytes()

    class Broken(kerastorch.Sequential):
        def get_config(self):
            raise RuntimeError("no config")

    broken = Broken([kerastorch.Input(shape=(4,)), kerastorch.layers.Dense(2)])
    with pytest.raises(RuntimeError, match="no config"), pytest.warns(UserWarning):
        broken.save(path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == ["model.h5"]


def test_weights_files_by_position_and_by_name(trained_mlp, data, tmp_path):
    trained_mlp.save_weights(tmp_path / "weights.h5")
    with h5py.File(tmp_path / "weights.h5", "r") as f:
        assert "model_config" not in f.attrs and "layer_names" in f.attrs
    for by_name in (False, True):
        model = make_mlp()
        for layer, trained in zip(model.layers, trained_mlp.layers):
            layer.name = trained.name
        model.load_weights(tmp_path / "weights.h5", by_name=by_name)
        np.testing.assert_array_equal(model.predict(data[0], verbose=0),
                                      trained_mlp.predict(data[0], verbose=0))


def test_long_attribute_lists_are_chunked(tmp_path):
    names = [f"layer_{i:05d}_{'x' * 40}".encode() for i in range(2000)]
    with h5py.File(tmp_path / "attrs.h5", "w") as f:
        legacy_h5_format.save_attributes_to_hdf5_group(f, "layer_names", names)
        assert "layer_names" not in f.attrs and "layer_names1" in f.attrs
    with h5py.File(tmp_path / "attrs.h5", "r") as f:
        assert legacy_h5_format.load_attributes_from_hdf5_group(f, "layer_names") == \
            [n.decode() for n in names]
    with h5py.File(tmp_path / "too_long.h5", "w") as f, \
            pytest.raises(RuntimeError, match="larger than 64512 bytes"):
        legacy_h5_format.save_attributes_to_hdf5_group(f, "names", [b"x" * 70000])


def test_unmatched_keras2_optimizer_state_warns_and_keeps_a_fresh_optimizer(tmp_path):
    path = tmp_path / "model.h5"
    shutil.copy(FIXTURE, path)
    with h5py.File(path, "a") as f:
        group = f["optimizer_weights"]
        names = [n.decode() if hasattr(n, "decode") else n for n in group.attrs["weight_names"]]
        names[1] = "Adam/unknown/dense/kernel:0"
        group.attrs["weight_names"] = np.array([n.encode() for n in names])
        group["Adam/unknown/dense/kernel:0"] = np.asarray(group["Adam/m/dense/kernel:0"])
    with pytest.warns(UserWarning, match="Error in loading the saved optimizer state"):
        model = kerastorch.models.load_model(path)
    assert int(model.optimizer.iterations) == 0


def _edit(path, edit):
    shutil.copy(FIXTURE, path)
    with h5py.File(path, "a") as f:
        edit(f)


def _truncate(path):
    data = FIXTURE.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _set_attribute(group_name, name, value):
    def edit(f):
        f[group_name].attrs[name] = value
    return edit


def _delete(name):
    def edit(f):
        del f[name]
    return edit


DAMAGED = {
    "truncated": _truncate,
    "garbage": lambda path: path.write_bytes(b"garbage" * 100),
    "empty": lambda path: path.write_bytes(b""),
    "missing_dataset": lambda p: _edit(p, _delete("model_weights/dense/dense/kernel:0")),
    "missing_layer_group": lambda p: _edit(p, _delete("model_weights/dense")),
    "missing_model_weights": lambda p: _edit(p, _delete("model_weights")),
    "missing_optimizer_slot": lambda p: _edit(p, _delete("optimizer_weights/Adam/m/dense")),
    "bad_model_config_json": lambda p: _edit(p, _set_attribute("/", "model_config", "{")),
    "bad_training_config_json": lambda p: _edit(p, _set_attribute("/", "training_config", "x")),
    "unknown_weight_name": lambda p: _edit(
        p, _set_attribute("model_weights/dense", "weight_names", np.array([b"x:0", b"y:0"]))),
    "scalar_weight_names": lambda p: _edit(
        p, _set_attribute("model_weights/dense", "weight_names", 5)),
}


@pytest.mark.parametrize("damage", sorted(DAMAGED))
def test_damaged_files_raise_a_clear_value_error(damage, tmp_path):
    path = tmp_path / "model.h5"
    DAMAGED[damage](path)
    with pytest.raises(ValueError, match="not a valid legacy Keras HDF5 file.*Cause: "):
        kerastorch.models.load_model(path)
    model = make_mlp()
    if damage in ("truncated", "garbage", "empty", "missing_model_weights"):
        with pytest.raises(ValueError, match="truncated or damaged"):
            model.load_weights(path)


@pytest.mark.parametrize(
    "filename, error, message",
    [
        ("mlp_weights.h5", ValueError, "No model config found in the file"),
        ("missing.h5", FileNotFoundError, "missing.h5"),
    ],
)
def test_not_a_model_file(filename, error, message):
    with pytest.raises(error, match=message):
        kerastorch.models.load_model(FIXTURES / filename)


def test_weights_that_do_not_fit_the_model():
    model = kerastorch.Sequential([kerastorch.Input(shape=(8,)), kerastorch.layers.Dense(2)])
    with pytest.raises(ValueError, match="Layer count mismatch .* expected 1 layers, found 3"):
        model.load_weights(FIXTURES / "mlp_weights.h5")
    wide = kerastorch.Sequential([kerastorch.Input(shape=(8,)), kerastorch.layers.Dense(17),
                                  kerastorch.layers.BatchNormalization(),
                                  kerastorch.layers.Dense(3)])
    before = [w.copy() for w in wide.get_weights()]
    with pytest.raises(ValueError, match=r"Weight expects shape \(8, 17\).*\(8, 16\)"):
        wide.load_weights(FIXTURES / "mlp_weights.h5")
    for e, r in zip(before, wide.get_weights()):  # Nothing was loaded.
        np.testing.assert_array_equal(r, e)


def test_model_config_attribute_is_keras_legacy_json(trained_mlp, tmp_path):
    _save(trained_mlp, tmp_path / "model.h5")
    with h5py.File(tmp_path / "model.h5", "r") as f:
        config = json.loads(f.attrs["model_config"])
        training = json.loads(f.attrs["training_config"])
        assert f.attrs["keras_version"] == "3.15.1" and f.attrs["backend"] == "torch"
    assert config["class_name"] == "Sequential"
    assert [sorted(layer) for layer in config["config"]["layers"]] == \
        [["class_name", "config"]] * 4
    assert training["loss"] == "sparse_categorical_crossentropy"
    assert training["optimizer_config"]["class_name"] == "Adam"

"""The public saving functions: argument checks and the errors Keras raises."""

import io
import json
import zipfile

import numpy as np
import pytest

import kerastorch
from tests.saving.conftest import make_mlp


@pytest.fixture
def saved(trained_mlp, tmp_path):
    path = tmp_path / "model.keras"
    trained_mlp.save(path)
    return path


def _rewrite_archive(source, target, replace=None, drop=()):
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w") as dst:
        for name in src.namelist():
            if name not in drop:
                dst.writestr(name, (replace or {}).get(name, src.read(name)))


# -------------------------------------------------------------- damaged files
def test_not_a_zip_file(tmp_path):
    (tmp_path / "model.keras").write_bytes(b"not a zip archive")
    with pytest.raises(ValueError, match="is not a zip archive .* truncated or damaged"):
        kerastorch.saving.load_model(tmp_path / "model.keras")


def test_truncated_file(saved):
    data = saved.read_bytes()
    saved.write_bytes(data[: len(data) // 2])
    with pytest.raises(ValueError, match="truncated or damaged"):
        kerastorch.saving.load_model(saved)


def test_missing_file(tmp_path):
    with pytest.raises(ValueError, match=r"File not found: filepath=.*nothing\.keras"):
        kerastorch.saving.load_model(tmp_path / "nothing.keras")


@pytest.mark.parametrize(
    "damage",
    [{"replace": {"model.weights.h5": b"garbage" * 20}},
     {"replace": {"config.json": b"{not json"}},
     {"drop": ["config.json"]},
     {"drop": ["model.weights.h5"]}],
    ids=["weights_not_hdf5", "config_not_json", "no_config", "no_weights"],
)
def test_damaged_archive_members_raise_a_clear_error(saved, tmp_path, damage):
    damaged = tmp_path / "damaged.keras"
    _rewrite_archive(saved, damaged, **damage)
    with pytest.raises(ValueError, match=r"Could not read .*damaged\.keras.*not a valid Keras "
                                         r"file") as info:
        kerastorch.saving.load_model(damaged)
    assert "Cause: " in str(info.value)


def test_damaged_weights_file(tmp_path):
    (tmp_path / "model.weights.h5").write_bytes(b"\x89HDF\r\n" + b"\0" * 40)
    with pytest.raises(ValueError, match="not a valid Keras file"):
        make_mlp().load_weights(tmp_path / "model.weights.h5")


@pytest.mark.parametrize(
    "call, error, message",
    [
        (lambda m, d: m.save(d / "model.txt"), ValueError,
         "Invalid filepath extension for saving"),
        (lambda m, d: m.save(d / "model.keras", zipped=False), ValueError,
         "should not end in `.keras`"),
        (lambda m, d: m.save(d / "model.keras", foo=1), ValueError,
         r"not supported: \['foo'\]"),
        (lambda m, d: m.save(d / "model.txt", save_format="tf"), ValueError,
         "`save_format` argument is deprecated"),
        (lambda m, d: m.save_weights(d / "model.weights"), ValueError,
         "must end in `.weights.h5`"),
        (lambda m, d: m.save_weights(d / "m.weights.h5", max_shard_size=1), NotImplementedError,
         "Sharded weights"),
        (lambda m, d: m.load_weights(d / "model.txt"), ValueError, "File format not supported"),
        (lambda m, d: m.load_weights(d / "model.h5"), FileNotFoundError, "model.h5"),
        (lambda m, d: m.load_weights(d / "model.h5", objects_to_skip=[]), ValueError,
         "`objects_to_skip` only supports"),
        (lambda m, d: m.load_weights(d / "model.keras", by_name=True), ValueError,
         "`by_name` only supports"),
        (lambda m, d: m.load_weights(d / "model.keras", objects_to_skip=[]), ValueError,
         "`objects_to_skip` only supports"),
        (lambda m, d: m.load_weights(d / "model.keras", foo=1), ValueError,
         "Invalid keyword arguments"),
        (lambda m, d: kerastorch.saving.load_model(d / "model.txt"), ValueError,
         "File format not supported"),
        (lambda m, d: kerastorch.saving.load_model(d / "model.h5"), FileNotFoundError,
         "model.h5"),
    ],
)
def test_argument_errors(trained_mlp, tmp_path, call, error, message):
    with pytest.raises(error, match=message):
        call(trained_mlp, tmp_path)


def test_unbuilt_models_cannot_save_or_load_weights(tmp_path):
    model = kerastorch.Sequential([kerastorch.layers.Dense(2)])
    with pytest.raises(ValueError, match="has not yet been built"):
        model.save_weights(tmp_path / "model.weights.h5")
    with pytest.raises(ValueError, match="has not yet been built"):
        model.load_weights(tmp_path / "model.weights.h5")


# ------------------------------------------------------ state that does not fit
def test_shape_mismatch_names_the_layer_and_shapes(saved):
    model = make_mlp(hidden=9)
    with pytest.raises(ValueError) as info:
        model.load_weights(saved)
    message = str(info.value)
    first = model.layers[0]
    assert message.startswith("A total of 3 objects could not be loaded. Example error "
                              f"message for object {first!r}:")
    assert (f"variable.shape=(4, 9), Received: value.shape=(4, 8). Target variable: "
            f"{first.name}/kernel") in message
    assert f"List of objects that could not be loaded:\n[{first!r}, " in message


def test_skip_mismatch_warns_and_keeps_the_mismatched_layers(saved, trained_mlp):
    model = make_mlp(hidden=9)
    before = model.get_weights()
    with pytest.warns(UserWarning, match="A total of 3 objects could not be loaded"):
        model.load_weights(saved, skip_mismatch=True)
    for e, r in zip(before, model.get_weights()):
        np.testing.assert_array_equal(r, e)

    grown = kerastorch.Sequential([kerastorch.Input(shape=(4,)),
                                   kerastorch.layers.Dense(8, activation="relu"),
                                   kerastorch.layers.BatchNormalization(),
                                   kerastorch.layers.Dense(5)])
    with pytest.warns(UserWarning, match="1 objects could not be loaded"):
        grown.load_weights(saved, skip_mismatch=True)
    for e, r in zip(trained_mlp.layers[0].get_weights(), grown.layers[0].get_weights()):
        np.testing.assert_array_equal(r, e)


def test_missing_weights_are_reported(tmp_path, saved):
    model = kerastorch.Sequential([kerastorch.Input(shape=(4,)),
                                   kerastorch.layers.Dense(8, activation="relu"),
                                   kerastorch.layers.BatchNormalization(),
                                   kerastorch.layers.Dense(3),
                                   kerastorch.layers.Dense(3)])
    with pytest.raises(ValueError) as info:
        model.load_weights(saved)
    extra = model.layers[3]
    assert (f"Layer '{extra.name}' expected 2 variables, but received 0 variables during "
            "loading. Expected: ['kernel', 'bias']") in str(info.value)


def test_weights_for_a_layer_that_was_never_built(tmp_path):
    source = kerastorch.Sequential([kerastorch.Input(shape=(2,)), kerastorch.layers.Dense(2)])
    source.save_weights(tmp_path / "model.weights.h5")
    target = kerastorch.Sequential([kerastorch.layers.Dense(2)])
    target.built = True  # Claims to be built, but its layer has no weights.
    with pytest.raises(ValueError, match="was never built and thus it doesn't have any "
                                         "variables"):
        target.load_weights(tmp_path / "model.weights.h5")


def test_unknown_class_says_how_to_make_it_known(tmp_path):
    class Unregistered(kerastorch.layers.Dense):
        pass

    inputs = kerastorch.Input(shape=(2,))
    kerastorch.Model(inputs, Unregistered(3)(inputs)).save(tmp_path / "model.keras")
    with pytest.raises(TypeError) as info:
        kerastorch.saving.load_model(tmp_path / "model.keras")
    message = str(info.value)
    assert message.startswith("Could not locate class 'Unregistered'.")
    assert "`custom_objects`" in message and "register_keras_serializable" in message
    loaded = kerastorch.saving.load_model(tmp_path / "model.keras",
                                          custom_objects={"Unregistered": Unregistered})
    assert type(loaded.layers[1]) is Unregistered
    with kerastorch.saving.custom_object_scope({"Unregistered": Unregistered}):
        assert type(kerastorch.saving.load_model(tmp_path / "model.keras").layers[1]) is \
            Unregistered


def test_safe_mode_refuses_lambdas(tmp_path):
    inputs = kerastorch.Input(shape=(2,))
    model = kerastorch.Model(inputs, kerastorch.layers.Lambda(lambda x: x * 2)(inputs))
    model.save(tmp_path / "model.keras")
    with pytest.raises(ValueError, match="safe_mode=False"):
        kerastorch.saving.load_model(tmp_path / "model.keras")
    loaded = kerastorch.saving.load_model(tmp_path / "model.keras", safe_mode=False)
    np.testing.assert_array_equal(loaded.predict(np.ones((1, 2), "float32"), verbose=0),
                                  [[2.0, 2.0]])


def test_overwrite_false_asks_first(trained_mlp, saved, monkeypatch):
    before = saved.read_bytes()
    answers = iter(["maybe", "n"])
    monkeypatch.setattr("builtins.input", lambda prompt: next(answers))
    trained_mlp.fit(np.ones((8, 4), "float32"), np.zeros((8,)), verbose=0)
    trained_mlp.save(saved, overwrite=False)
    assert saved.read_bytes() == before
    monkeypatch.setattr("builtins.input", lambda prompt: "y")
    trained_mlp.save(saved, overwrite=False)
    assert saved.read_bytes() != before


# ------------------------------------------------------------------------ JSON
def test_to_json_and_model_from_json(trained_mlp):
    text = trained_mlp.to_json(indent=2)
    assert text.startswith('{\n  "module": "keras",\n  "class_name": "Sequential"')
    clone = kerastorch.models.model_from_json(text)
    assert type(clone) is kerastorch.Sequential
    assert json.loads(clone.to_json()) == json.loads(text)
    assert [w.shape for w in clone.weights] == [w.shape for w in trained_mlp.weights]
    assert not np.array_equal(clone.get_weights()[0], trained_mlp.get_weights()[0])


def test_file_objects(trained_mlp):
    buffer = io.BytesIO()
    kerastorch.models.save_model(trained_mlp, buffer)
    buffer.seek(0)
    assert zipfile.ZipFile(buffer).namelist()[1] == "config.json"
    buffer.seek(0)
    assert kerastorch.models.load_model(buffer).compiled

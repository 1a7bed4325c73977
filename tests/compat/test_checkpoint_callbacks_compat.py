"""`ModelCheckpoint` and `BackupAndRestore` side by side with Keras 3.

The same model (same initial weights) trains in both libraries with the same
callback: the checkpoint files written (names, epochs chosen, messages) are
the same, and each library loads the other's checkpoints with the same
predictions. `BackupAndRestore` writes Keras's backup files, resumes from a
backup Keras wrote (and Keras from one kerastorch wrote), and a run killed
mid-epoch (SIGKILL, in a subprocess) and resumed ends with the weights of an
uninterrupted run.

Deliberate difference: with an integer `save_freq`, kerastorch resumes at the
batch after the backup (Keras restarts the backed-up epoch from its first
batch, training those batches twice).
"""

import json
import os
import signal
import subprocess
import sys

import keras
import numpy as np
import pytest

import kerastorch
from tests.callbacks import interrupted_fit
from tests.callbacks.interrupted_fit import FIT_KWARGS, build_model
from tests.compat.twins import assert_same_weights, classification_data, copy_weights, mlp_pair


def learnable_data(samples, seed):
    """Labels from a noisy linear rule: validation loss improves for a few epochs, then not."""
    x, _ = classification_data(samples=samples, seed=seed)
    scores = x @ np.random.default_rng(5).normal(size=(8, 3))
    return x, np.argmax(scores + np.random.default_rng(seed + 10).normal(size=(samples, 3)), 1)


X, Y = learnable_data(48, seed=0)
X_VAL, Y_VAL = learnable_data(20, seed=1)
LIBS = {"keras": keras, "kerastorch": kerastorch}


def fit_with_checkpoint(lib, model, folder, pattern, kwargs, epochs=6):
    model.compile(optimizer=lib.optimizers.Adam(learning_rate=0.05),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    callback = lib.callbacks.ModelCheckpoint(os.path.join(folder, pattern), **kwargs)
    model.fit(X, Y, batch_size=16, epochs=epochs, validation_data=(X_VAL, Y_VAL),
              shuffle=False, verbose=0, callbacks=[callback])


@pytest.fixture
def twin_checkpoints(tmp_path, capsys):
    """Runs `fit_with_checkpoint` in both libraries; returns their folders and messages."""

    def run(pattern, kwargs):
        keras.utils.set_random_seed(0)
        models = dict(zip(LIBS, mlp_pair(keras)))
        folders, printed = {}, {}
        for name, lib in LIBS.items():
            folders[name] = str(tmp_path / name)
            os.makedirs(folders[name])
            fit_with_checkpoint(lib, models[name], folders[name], pattern, kwargs)
            printed[name] = capsys.readouterr().out.replace(folders[name], "<dir>")
        return folders, printed

    return run


@pytest.mark.parametrize("pattern, kwargs", [
    ("ckpt-{epoch:02d}-{val_loss:.2f}.keras", dict(save_best_only=True)),
    ("best.keras", dict(monitor="val_accuracy", save_best_only=True, verbose=1)),
    ("w-{epoch:02d}-{batch:02d}.weights.h5", dict(save_weights_only=True, save_freq=3,
                                                   verbose=1)),
    ("e{epoch}-{accuracy:.2f}.weights.h5",
     dict(save_weights_only=True, monitor="val_loss", mode="min", save_best_only=True,
          initial_value_threshold=0.9, verbose=1)),
    ("e{epoch}.keras", dict(monitor="loss", mode="max", save_best_only=True, verbose=1)),
    ("every-{epoch}.keras", dict(verbose=1)),
])  # fmt: skip
def test_model_checkpoint_writes_the_files_keras_writes(twin_checkpoints, pattern, kwargs):
    folders, printed = twin_checkpoints(pattern, kwargs)
    assert sorted(os.listdir(folders["kerastorch"])) == sorted(os.listdir(folders["keras"]))
    assert printed["kerastorch"] == printed["keras"]


def _load(lib, path, reference_model):
    if path.endswith(".keras"):
        return lib.saving.load_model(path)
    model = lib.models.clone_model(reference_model) if lib is keras else mlp_pair(keras)[1]
    model.load_weights(path)
    return model


@pytest.mark.parametrize("pattern, kwargs", [
    ("ckpt-{epoch:02d}-{val_loss:.2f}.keras", dict(save_best_only=True)),
    ("w-{epoch:02d}-{batch:02d}.weights.h5", dict(save_weights_only=True, save_freq=5)),
])  # fmt: skip
def test_checkpoints_load_in_the_other_library(twin_checkpoints, pattern, kwargs):
    folders, _ = twin_checkpoints(pattern, kwargs)
    keras_reference = mlp_pair(keras)[0]
    for name in sorted(os.listdir(folders["keras"])):
        written = {lib: os.path.join(folders[lib], name) for lib in LIBS}
        expected = _load(keras, written["keras"], keras_reference).predict(X, verbose=0)
        for loader in LIBS.values():
            for writer in LIBS:
                predicted = _load(loader, written[writer], keras_reference).predict(X, verbose=0)
                np.testing.assert_allclose(predicted, expected, rtol=1e-5, atol=1e-6,
                                           err_msg=f"{name} by {writer}, read by {loader}")


# ------------------------------------------------------------ BackupAndRestore
def interrupt_callback(lib, batches=None, epoch=None):
    """A `lib` callback raising after `batches` training batches, or at the end of `epoch`."""

    class Interrupt(lib.callbacks.Callback):
        seen = 0

        def on_train_batch_end(self, batch, logs=None):
            self.seen += 1
            if self.seen == batches:
                raise RuntimeError("interrupted")

        def on_epoch_end(self, index, logs=None):
            if index == epoch:
                raise RuntimeError("interrupted")

    return Interrupt()


def twin_models():
    """`interrupted_fit.build_model` in both libraries, with Keras's initial weights."""
    models = {"keras": build_model(keras), "kerastorch": build_model(kerastorch)}
    copy_weights(models["keras"], models["kerastorch"])
    return models


def fit_until_interrupted(lib, model, backup_dir, save_freq, **interrupt):
    backup = lib.callbacks.BackupAndRestore(backup_dir, save_freq=save_freq)
    with pytest.raises(RuntimeError, match="interrupted"):
        model.fit(*interrupted_fit.data(), callbacks=[backup, interrupt_callback(lib, **interrupt)],
                  **FIT_KWARGS)
    return backup


@pytest.mark.parametrize("save_freq, interrupt", [
    ("epoch", dict(epoch=1)),
    ("epoch", dict(batches=13)),
    (3, dict(batches=7)),
    (1, dict(batches=10)),
])  # fmt: skip
def test_backup_files_match_keras(tmp_path, save_freq, interrupt):
    models = twin_models()
    metadata, progress = {}, {}
    for name, lib in LIBS.items():
        backup_dir = tmp_path / name
        backup = fit_until_interrupted(lib, models[name], str(backup_dir), save_freq, **interrupt)
        # kerastorch's `None` is Keras's 0: no batch seen in the epoch yet.
        progress[name] = (backup._current_epoch, backup._last_batch_seen or 0)
        metadata[name] = json.loads((backup_dir / "training_metadata.json").read_text())
        assert sorted(os.listdir(backup_dir)) == ["latest.weights.h5", "training_metadata.json"]
    assert progress["kerastorch"] == progress["keras"]
    extra = metadata["kerastorch"].pop("next_batch")
    assert metadata["kerastorch"] == metadata["keras"]
    assert extra == (0 if save_freq == "epoch" else metadata["keras"]["batch"] + 1)


@pytest.mark.parametrize("writer, reader", [("keras", "kerastorch"), ("kerastorch", "keras")])
def test_resume_from_the_other_librarys_backup(tmp_path, writer, reader):
    backup_dir = str(tmp_path / "backup")
    models = twin_models()
    fit_until_interrupted(LIBS[writer], models[writer], backup_dir, "epoch", epoch=1)
    resumed = build_model(LIBS[reader], seed=11)  # other initial weights: all come from the backup
    history = resumed.fit(*interrupted_fit.data(),
                          callbacks=[LIBS[reader].callbacks.BackupAndRestore(backup_dir)],
                          **FIT_KWARGS)
    assert history.epoch == [2, 3]
    uninterrupted = build_model(keras)
    uninterrupted.fit(*interrupted_fit.data(), **FIT_KWARGS)
    assert_same_weights(uninterrupted, resumed)
    assert int(resumed.optimizer.iterations) == int(uninterrupted.optimizer.iterations)


def test_resume_within_one_process_matches_keras(tmp_path):
    # As Keras's own test: an exception stops `fit`, the same callback resumes it.
    models = twin_models()
    histories = {}
    for name, lib in LIBS.items():
        backup = fit_until_interrupted(lib, models[name], str(tmp_path / name), "epoch",
                                       batches=12)
        history = models[name].fit(*interrupted_fit.data(), callbacks=[backup], **FIT_KWARGS)
        histories[name] = history.history["loss"]
        assert history.epoch == [2, 3]
        assert not os.path.exists(tmp_path / name)
    np.testing.assert_allclose(histories["kerastorch"], histories["keras"], rtol=1e-5)
    assert_same_weights(models["keras"], models["kerastorch"])


@pytest.mark.parametrize("save_freq, kill_at", [
    (2, 9),  # backup after batch 8 (epoch 1, batch 2): resumes at batch 3 of epoch 1
    ("epoch", 13),  # backup at the end of epoch 1: epoch 2 restarts
])  # fmt: skip
def test_killed_fit_resumes_to_the_uninterrupted_weights(tmp_path, save_freq, kill_at):
    backup_dir = str(tmp_path / "backup")
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    env = {**os.environ, "KERASTORCH_DEVICE": "cpu", "PYTHONPATH": root}
    process = subprocess.run(
        [sys.executable, interrupted_fit.__file__, backup_dir, str(save_freq), str(kill_at)],
        env=env, cwd=root, capture_output=True, text=True, timeout=600, check=False)
    assert process.returncode == -signal.SIGKILL, process.stderr
    assert sorted(os.listdir(backup_dir)) == ["latest.weights.h5", "training_metadata.json"]
    resumed = build_model(kerastorch, seed=11)
    history = resumed.fit(
        *interrupted_fit.data(),
        callbacks=[kerastorch.callbacks.BackupAndRestore(backup_dir, save_freq=save_freq)],
        **FIT_KWARGS)
    assert history.epoch == ([1, 2, 3] if save_freq == 2 else [2, 3])
    uninterrupted = build_model(kerastorch)
    uninterrupted.fit(*interrupted_fit.data(), **FIT_KWARGS)
    assert_same_weights(uninterrupted, resumed, rtol=1e-6, atol=1e-7)
    assert not os.path.exists(backup_dir)

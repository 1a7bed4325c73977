import os

import numpy as np
import pytest

import kerastorch
from kerastorch.callbacks import ModelCheckpoint

X = np.random.default_rng(0).normal(size=(24, 4)).astype("float32")
Y = np.random.default_rng(1).integers(0, 2, size=(24,))


def make_model():
    kerastorch.utils.set_random_seed(3)
    model = kerastorch.Sequential([kerastorch.Input(shape=(4,)),
                                   kerastorch.layers.Dense(2, activation="softmax")])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    return model


def drive_epochs(callback, epoch_logs, model=None):
    """Runs the epoch hooks of `fit` with scripted logs; returns the model."""
    model = model or make_model()
    callback.set_model(model)
    callback.on_train_begin()
    for epoch, logs in enumerate(epoch_logs):
        callback.on_epoch_begin(epoch)
        callback.on_epoch_end(epoch, dict(logs))
    return model


@pytest.mark.parametrize("kwargs, message", [
    (dict(filepath="w.keras", save_weights_only=True),
     "When using `save_weights_only=True` in `ModelCheckpoint`, the filepath provided "
     "must end in `.weights.h5` (Keras weights format). Received: filepath=w.keras"),
    (dict(filepath="m.weights"),
     "The filepath provided must end in `.keras` (Keras model format). Received: "
     "filepath=m.weights"),
    (dict(filepath="m.keras", save_freq="batch"),
     "Unrecognized save_freq: batch. Expected save_freq are 'epoch' or integer values"),
    (dict(filepath="m.keras", save_freq=2.5),
     "Unrecognized save_freq: 2.5. Expected save_freq are 'epoch' or integer values"),
])  # fmt: skip
def test_argument_errors(kwargs, message):
    with pytest.raises(ValueError) as info:
        ModelCheckpoint(**kwargs)
    assert str(info.value) == message


def test_accepts_path_like(tmp_path):
    callback = ModelCheckpoint(tmp_path / "m.keras")
    assert callback.filepath == str(tmp_path / "m.keras")


def test_saves_every_epoch_with_formatted_names(tmp_path):
    model = make_model()
    path = str(tmp_path / "sub" / "ckpt-{epoch:02d}-{loss:.3f}.keras")
    history = model.fit(X, Y, epochs=3, verbose=0, callbacks=[ModelCheckpoint(path)])
    expected = [f"ckpt-{e + 1:02d}-{loss:.3f}.keras"
                for e, loss in enumerate(history.history["loss"])]
    assert sorted(os.listdir(tmp_path / "sub")) == expected
    # The last file is the model at the end of training.
    restored = kerastorch.saving.load_model(str(tmp_path / "sub" / expected[-1]))
    np.testing.assert_allclose(restored.predict(X, verbose=0), model.predict(X, verbose=0),
                               rtol=1e-6)


@pytest.mark.parametrize("mode, monitor, values, saved_epochs", [
    ("auto", "val_loss", [1.0, 0.8, 0.9, 0.7], [1, 2, 4]),
    ("min", "val_accuracy", [0.5, 0.6, 0.4, 0.4], [1, 3]),
    ("max", "val_accuracy", [0.5, 0.6, 0.4, 0.7], [1, 2, 4]),
    ("auto", "val_accuracy", [0.5, 0.6, 0.4, 0.7], [1, 2, 4]),  # accuracy goes up
    ("auto", "loss", [2.0, 2.0, 1.0, 3.0], [1, 3]),  # equal is not better
])  # fmt: skip
def test_save_best_only_picks_improving_epochs(tmp_path, mode, monitor, values, saved_epochs):
    model = make_model()
    model.fit(X, Y, epochs=1, verbose=0)  # builds the compiled metrics (for "auto")
    callback = ModelCheckpoint(str(tmp_path / "e{epoch}.weights.h5"), monitor=monitor,
                               mode=mode, save_best_only=True, save_weights_only=True)
    drive_epochs(callback, [{monitor: v} for v in values], model)
    assert sorted(os.listdir(tmp_path)) == [f"e{e}.weights.h5" for e in saved_epochs]


def test_initial_value_threshold_must_be_beaten(tmp_path):
    callback = ModelCheckpoint(str(tmp_path / "e{epoch}.keras"), save_best_only=True,
                               initial_value_threshold=0.5)
    drive_epochs(callback, [{"val_loss": v} for v in [0.9, 0.5, 0.4, 0.45]])
    assert os.listdir(tmp_path) == ["e3.keras"]
    assert callback.best == 0.4


def test_verbose_messages(tmp_path, capsys):
    path = str(tmp_path / "best.keras")
    callback = ModelCheckpoint(path, save_best_only=True, verbose=1)
    drive_epochs(callback, [{"val_loss": v} for v in [0.9, 1.0]])
    assert capsys.readouterr().out == (
        f"\nEpoch 1: val_loss improved from None to 0.90000, saving model to {path}\n"
        f"\nEpoch 1: finished saving model to {path}\n"
        "\nEpoch 2: val_loss did not improve from 0.90000\n")
    callback = ModelCheckpoint(path, verbose=1)
    drive_epochs(callback, [{"val_loss": 1.0}])
    assert capsys.readouterr().out == (f"\nEpoch 1: saving model to {path}\n"
                                       f"\nEpoch 1: finished saving model to {path}\n")


def test_missing_or_non_scalar_monitor_warns_and_saves(tmp_path):
    callback = ModelCheckpoint(str(tmp_path / "e{epoch}.keras"), save_best_only=True)
    with pytest.warns(UserWarning, match="Can save best model only with val_loss available."):
        drive_epochs(callback, [{"loss": 1.0}])
    with pytest.warns(UserWarning, match="Can save best model only when `monitor` is a scalar"):
        drive_epochs(callback, [{"loss": 1.0}, {"val_loss": np.array([1.0, 2.0])}])
    assert sorted(os.listdir(tmp_path)) == ["e1.keras", "e2.keras"]


class ReadOnceLogs(dict):
    """Batch logs that record which keys were read."""

    def __init__(self, *args):
        super().__init__(*args)
        self.read = []

    def __getitem__(self, key):
        self.read.append(key)
        return super().__getitem__(key)

    def get(self, key, default=None):
        if key not in self:
            return default
        return self[key]


def test_integer_save_freq_saves_every_n_batches_and_reads_logs_only_then(tmp_path):
    callback = ModelCheckpoint(str(tmp_path / "e{epoch}-b{batch}-{loss:.1f}.keras"),
                               save_freq=3)
    callback.set_model(make_model())
    callback.on_train_begin()
    read = []
    for epoch in range(2):
        callback.on_epoch_begin(epoch)
        for batch in range(4):
            logs = ReadOnceLogs({"loss": float(batch), "accuracy": 0.5})
            callback.on_train_batch_end(batch, logs)
            read.append(logs.read)
        callback.on_epoch_end(epoch, {"loss": 1.0})
    # Batches 3, 6 of the run: epoch 1 batch 3, epoch 2 batch 2 (1-based in the names).
    assert sorted(os.listdir(tmp_path)) == ["e1-b3-2.0.keras", "e2-b2-1.0.keras"]
    assert read == [[], [], ["loss"], [], [], ["loss"], [], []]


def test_integer_save_freq_counts_batches_of_steps_per_execution(tmp_path):
    callback = ModelCheckpoint(str(tmp_path / "b{batch}.keras"), save_freq=4)
    callback.set_model(make_model())
    callback.on_epoch_begin(0)
    for batch in (1, 3, 5, 7):  # hooks every 2 batches
        callback.on_train_batch_end(batch, {})
    assert sorted(os.listdir(tmp_path)) == ["b4.keras", "b8.keras"]


def test_save_best_only_at_batch_level_works_before_the_first_epoch_end(tmp_path):
    # Keras 3.15 fails here (its comparison is set up at the first epoch end).
    model = make_model()
    callback = ModelCheckpoint(str(tmp_path / "b{batch}.keras"), monitor="loss",
                               save_best_only=True, save_freq=1)
    model.fit(X, Y, batch_size=4, epochs=1, verbose=0, callbacks=[callback])
    assert "b1.keras" in os.listdir(tmp_path)
    assert callback.best is not None


def test_logs_batch_key_wins_over_the_batch_index(tmp_path):
    callback = ModelCheckpoint(str(tmp_path / "b{batch}.keras"), save_freq=1)
    callback.set_model(make_model())
    callback.on_epoch_begin(0)
    callback.on_train_batch_end(0, {"batch": 42})
    assert os.listdir(tmp_path) == ["b42.keras"]


def test_unknown_format_field_raises_key_error(tmp_path):
    path = str(tmp_path / "{epoch}-{val_acc:.2f}.keras")
    callback = ModelCheckpoint(path)
    with pytest.raises(KeyError) as info:
        drive_epochs(callback, [{"val_loss": 1.0}])
    assert info.value.args[0] == (
        f"Failed to format this callback filepath: \"{path}\". Reason: 'val_acc'")


def test_existing_directory_path_raises_io_error(tmp_path):
    (tmp_path / "ckpt.keras").mkdir()
    callback = ModelCheckpoint(str(tmp_path / "ckpt.keras"))
    with pytest.raises(OSError, match="Please specify a non-directory filepath for "
                                      "ModelCheckpoint. Filepath used is an existing "
                                      "directory"):
        drive_epochs(callback, [{"val_loss": 1.0}])


def test_weights_only_checkpoint_restores_weights_and_optimizer(tmp_path):
    model = make_model()
    path = str(tmp_path / "w.weights.h5")
    model.fit(X, Y, epochs=2, verbose=0,
              callbacks=[ModelCheckpoint(path, save_weights_only=True)])
    other = make_model()
    other.optimizer.build(other.trainable_variables)
    other.load_weights(path)
    for saved, loaded in zip(model.get_weights(), other.get_weights()):
        np.testing.assert_array_equal(saved, loaded)
    assert int(other.optimizer.iterations) == int(model.optimizer.iterations) == 2

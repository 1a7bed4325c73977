import json
import os

import numpy as np
import pytest

import kerastorch
from kerastorch.callbacks import BackupAndRestore
from tests.callbacks.interrupted_fit import FIT_KWARGS, STEPS_PER_EPOCH, build_model, data

X, Y = data()


class Interrupt(kerastorch.callbacks.Callback):
    """Raises after `batches` training batches of the run (or at the end of epoch `epoch`)."""

    def __init__(self, batches=None, epoch=None):
        super().__init__()
        self.batches, self.epoch, self.seen = batches, epoch, 0

    def on_train_batch_end(self, batch, logs=None):
        self.seen += 1
        if self.seen == self.batches:
            raise RuntimeError("interrupted")

    def on_epoch_end(self, epoch, logs=None):
        if epoch == self.epoch:
            raise RuntimeError("interrupted")


@pytest.fixture(scope="module")
def uninterrupted():
    model = build_model(kerastorch)
    history = model.fit(X, Y, **FIT_KWARGS)
    return model.get_weights(), history.history["loss"]


def fit_interrupted(backup, interrupt, model=None):
    model = model or build_model(kerastorch)
    with pytest.raises(RuntimeError, match="interrupted"):
        model.fit(X, Y, callbacks=[backup, interrupt], **FIT_KWARGS)
    return model


def assert_weights_equal(received, expected):
    for r, e in zip(received, expected):
        np.testing.assert_allclose(r, e, rtol=1e-6, atol=1e-7)


@pytest.mark.parametrize("kwargs, message", [
    (dict(backup_dir=""), "Empty `backup_dir` argument passed"),
    (dict(backup_dir=None), "Empty `backup_dir` argument passed"),
    (dict(backup_dir="b", save_freq="batch"),
     "Invalid value for argument `save_freq`. Received: save_freq=batch. Expected either "
     "'epoch' or an integer value."),
    (dict(backup_dir="b", save_freq=0.15),
     "Invalid value for argument `save_freq`. Received: save_freq=0.15. Expected either "
     "'epoch' or an integer value."),
])  # fmt: skip
def test_argument_errors(kwargs, message):
    with pytest.raises(ValueError) as info:
        BackupAndRestore(**kwargs)
    assert str(info.value) == message


@pytest.mark.parametrize("save_freq, interrupt, resumed_epochs", [
    ("epoch", dict(epoch=1), [2, 3]),
    ("epoch", dict(batches=7), [1, 2, 3]),  # mid-epoch: the epoch restarts
    (1, dict(batches=7), [1, 2, 3]),  # resumes at batch 2 of epoch 1
    (3, dict(batches=8), [1, 2, 3]),  # backup after batch 6: epoch 1, batch 1
    (2, dict(batches=10), [2, 3]),  # backup after the last batch of epoch 1
])  # fmt: skip
def test_resumed_fit_ends_as_an_uninterrupted_one(tmp_path, uninterrupted, save_freq,
                                                    interrupt, resumed_epochs):
    backup = BackupAndRestore(str(tmp_path / "backup"), save_freq=save_freq)
    model = fit_interrupted(backup, Interrupt(**interrupt))
    history = model.fit(X, Y, callbacks=[backup], **FIT_KWARGS)
    assert history.epoch == resumed_epochs
    assert_weights_equal(model.get_weights(), uninterrupted[0])
    assert int(model.optimizer.iterations) == 4 * STEPS_PER_EPOCH
    assert not os.path.exists(tmp_path / "backup")


def test_resume_with_steps_per_execution(tmp_path, uninterrupted):
    # Batch hooks every 2 batches (ends 1, 3, 5): backups after batches 2, 4 and the epoch.
    backup = BackupAndRestore(str(tmp_path / "backup"), save_freq=2)
    model = build_model(kerastorch, steps_per_execution=2)
    fit_interrupted(backup, Interrupt(batches=4), model)  # backup of epoch 1, batches 0-1
    seen = []
    recorder = kerastorch.callbacks.LambdaCallback(
        on_train_batch_begin=lambda batch, logs: seen.append(batch))
    history = model.fit(X, Y, callbacks=[backup, recorder], **FIT_KWARGS)
    assert history.epoch == [1, 2, 3]
    assert seen[:2] == [2, 4]
    assert_weights_equal(model.get_weights(), uninterrupted[0])


def test_resume_in_a_new_model_restores_optimizer_state(tmp_path, uninterrupted):
    backup_dir = str(tmp_path / "backup")
    fit_interrupted(BackupAndRestore(backup_dir, save_freq=2), Interrupt(batches=13))
    model = build_model(kerastorch, seed=99)  # other initial weights, unbuilt optimizer
    history = model.fit(X, Y, callbacks=[BackupAndRestore(backup_dir, save_freq=2)],
                        **FIT_KWARGS)
    assert history.epoch == [2, 3]
    assert_weights_equal(model.get_weights(), uninterrupted[0])
    # The last epoch's loss is the same too: same weights, same batches.
    np.testing.assert_allclose(history.history["loss"][-1], uninterrupted[1][-1], rtol=1e-6)


def test_backup_files_are_keras_files(tmp_path):
    backup_dir = tmp_path / "backup"
    backup = BackupAndRestore(str(backup_dir), save_freq=3)
    fit_interrupted(backup, Interrupt(batches=7))
    assert sorted(os.listdir(backup_dir)) == ["latest.weights.h5", "training_metadata.json"]
    metadata = json.loads((backup_dir / "training_metadata.json").read_text())
    # Keras's keys (the epoch in progress and the last batch trained), and where to resume.
    assert metadata == {"epoch": 1, "batch": 0, "next_batch": 1}
    assert backup._current_epoch == 1 and backup._last_batch_seen == 1
    weights_only = build_model(kerastorch)
    weights_only.optimizer.build(weights_only.trainable_variables)
    weights_only.load_weights(str(backup_dir / "latest.weights.h5"))
    assert int(weights_only.optimizer.iterations) == 6


def test_epoch_backup_metadata(tmp_path):
    backup_dir = tmp_path / "backup"
    backup = BackupAndRestore(str(backup_dir))
    fit_interrupted(backup, Interrupt(epoch=2))
    metadata = json.loads((backup_dir / "training_metadata.json").read_text())
    assert metadata == {"epoch": 3, "batch": 0, "next_batch": 0}
    assert backup._current_epoch == 3


def test_metadata_without_next_batch_resumes_at_the_epoch_start(tmp_path):
    # As Keras writes it: Keras restarts the saved epoch from its first batch.
    backup_dir = tmp_path / "backup"
    backup = BackupAndRestore(str(backup_dir), save_freq=1, delete_checkpoint=False)
    fit_interrupted(backup, Interrupt(batches=7))
    (backup_dir / "training_metadata.json").write_text(json.dumps({"epoch": 1, "batch": 1}))
    seen = []
    recorder = kerastorch.callbacks.LambdaCallback(
        on_train_batch_begin=lambda batch, logs: seen.append(batch))
    model = build_model(kerastorch)
    model.fit(X, Y, callbacks=[backup, recorder], **{**FIT_KWARGS, "epochs": 2})
    assert seen == list(range(STEPS_PER_EPOCH))


def test_resumed_run_reports_the_remaining_batches(tmp_path):
    backup = BackupAndRestore(str(tmp_path / "backup"), save_freq=1)
    model = fit_interrupted(backup, Interrupt(batches=8))
    seen = []
    recorder = kerastorch.callbacks.LambdaCallback(
        on_train_batch_begin=lambda batch, logs: seen.append(batch))
    model.fit(X, Y, callbacks=[backup, recorder], **{**FIT_KWARGS, "epochs": 2})
    assert seen == [3, 4]


def test_resume_point_is_used_once(tmp_path):
    backup = BackupAndRestore(str(tmp_path / "backup"))
    model = fit_interrupted(backup, Interrupt(epoch=1))
    assert model.fit(X, Y, callbacks=[backup], **FIT_KWARGS).epoch == [2, 3]
    # Keras would start the next `fit` at epoch 2 again (its `_initial_epoch` stays set).
    assert model.fit(X, Y, callbacks=[backup], **FIT_KWARGS).epoch == [0, 1, 2, 3]


def test_delete_checkpoint_false_keeps_the_last_backup(tmp_path):
    backup_dir = tmp_path / "backup"
    model = build_model(kerastorch)
    model.fit(X, Y, callbacks=[BackupAndRestore(str(backup_dir), delete_checkpoint=False)],
              **FIT_KWARGS)
    metadata = json.loads((backup_dir / "training_metadata.json").read_text())
    assert metadata["epoch"] == 4
    # A new fit finds the run complete: no epoch left to train.
    history = model.fit(X, Y, callbacks=[BackupAndRestore(str(backup_dir))], **FIT_KWARGS)
    assert history.epoch == []


def test_double_checkpoint_falls_back_to_the_previous_backup(tmp_path, uninterrupted):
    backup_dir = tmp_path / "backup"
    backup = BackupAndRestore(str(backup_dir), double_checkpoint=True)
    fit_interrupted(backup, Interrupt(epoch=2))
    assert sorted(os.listdir(backup_dir)) == [
        "latest.weights.h5", "latest.weights.h5.bkp", "training_metadata.json",
        "training_metadata.json.bkp"]
    (backup_dir / "latest.weights.h5").write_text("0")  # damaged
    model = build_model(kerastorch)
    history = model.fit(X, Y, callbacks=[backup], **FIT_KWARGS)
    assert history.epoch == [2, 3]  # from the backup of epoch 1's end
    assert_weights_equal(model.get_weights(), uninterrupted[0])


def test_damaged_backup_without_previous_one_raises(tmp_path):
    backup_dir = tmp_path / "backup"
    backup = BackupAndRestore(str(backup_dir))
    fit_interrupted(backup, Interrupt(epoch=1))
    (backup_dir / "latest.weights.h5").write_text("0")
    with pytest.raises(ValueError, match="Could not read"):
        build_model(kerastorch).fit(X, Y, callbacks=[backup], **FIT_KWARGS)


def test_mismatched_model_raises_without_touching_the_backup(tmp_path):
    backup_dir = tmp_path / "backup"
    backup = BackupAndRestore(str(backup_dir), double_checkpoint=True)
    fit_interrupted(backup, Interrupt(epoch=2))
    latest = (backup_dir / "latest.weights.h5").read_bytes()
    other = kerastorch.Sequential([kerastorch.Input(shape=(6,)), kerastorch.layers.Dense(2)])
    other.compile(optimizer="adam", loss="mse")
    with pytest.raises(ValueError, match="could not be loaded"):
        other.fit(X, Y, callbacks=[backup], **FIT_KWARGS)
    assert (backup_dir / "latest.weights.h5").read_bytes() == latest


def test_backup_killed_between_its_renames_is_completed(tmp_path, uninterrupted):
    backup_dir = tmp_path / "backup"
    backup = BackupAndRestore(str(backup_dir), save_freq=1)
    fit_interrupted(backup, Interrupt(batches=7))
    # The state after the weights of batch 7 were renamed into place but not the metadata.
    metadata = backup_dir / "training_metadata.json"
    os.replace(metadata, backup_dir / ".pending_training_metadata.json")
    metadata.write_text(json.dumps({"epoch": 1, "batch": 0, "next_batch": 1}))
    model = build_model(kerastorch)
    model.fit(X, Y, callbacks=[backup], **FIT_KWARGS)
    assert_weights_equal(model.get_weights(), uninterrupted[0])


def test_unbuilt_model_needs_building_only_to_restore(tmp_path):
    def unbuilt():
        model = kerastorch.Sequential([kerastorch.layers.Dense(2)])
        model.compile(optimizer="sgd", loss="mse")
        return model

    backup = BackupAndRestore(str(tmp_path / "backup"))
    with pytest.raises(RuntimeError, match="interrupted"):
        unbuilt().fit(X, Y, callbacks=[backup, Interrupt(epoch=0)], **FIT_KWARGS)
    with pytest.raises(ValueError, match="you model must be built before you call `fit\\(\\)`"):
        unbuilt().fit(X, Y, callbacks=[backup], **FIT_KWARGS)

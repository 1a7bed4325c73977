"""The epoch-level callbacks never read batch logs (no device sync per batch).

Batch logs hold device tensors that a read waits for; these callbacks look at
logs once per epoch. `TerminateOnNaN`, which must check every batch, reads the
loss only.
"""

import pytest

import kerastorch
from kerastorch.callbacks import CallbackList
from kerastorch.callbacks import remote_monitor
from tests.callbacks.scripted import ScriptedModel


class CountingValue:
    """A log value that counts how often it is read as a number."""

    def __init__(self, reads, name):
        self.reads, self.name = reads, name

    def __float__(self):
        self.reads.append(self.name)
        return 1.0


def tensorboard(tmp_path):
    pytest.importorskip("tensorboard")
    return kerastorch.callbacks.TensorBoard(tmp_path, write_graph=False)


CALLBACKS = {
    "EarlyStopping": lambda tmp_path: kerastorch.callbacks.EarlyStopping(monitor="loss"),
    "ReduceLROnPlateau": lambda tmp_path: kerastorch.callbacks.ReduceLROnPlateau("loss"),
    "LearningRateScheduler": lambda tmp_path: kerastorch.callbacks.LearningRateScheduler(
        lambda epoch, lr: lr),
    "CSVLogger": lambda tmp_path: kerastorch.callbacks.CSVLogger(tmp_path / "log.csv"),
    "RemoteMonitor": lambda tmp_path: kerastorch.callbacks.RemoteMonitor(),
    "TensorBoard": tensorboard,
    "TerminateOnNaN": lambda tmp_path: kerastorch.callbacks.TerminateOnNaN(),
}


@pytest.mark.parametrize("name", sorted(CALLBACKS))
def test_batch_logs_are_not_read(name, tmp_path, monkeypatch):
    monkeypatch.setattr(remote_monitor, "requests", type("Requests", (), {
        "post": staticmethod(lambda *args, **kwargs: None)}))
    model = ScriptedModel()
    model.layers = []
    callbacks = CallbackList([CALLBACKS[name](tmp_path)], model=model, verbose=0, epochs=2,
                             steps=3)
    reads = []
    callbacks.on_train_begin()
    for epoch in range(2):
        callbacks.on_epoch_begin(epoch)
        for step in range(3):
            callbacks.on_train_batch_begin(step)
            callbacks.on_train_batch_end(step, {"loss": CountingValue(reads, "loss"),
                                                "accuracy": CountingValue(reads, "accuracy")})
        callbacks.on_epoch_end(epoch, {"loss": 1.0, "accuracy": 0.5})
    callbacks.on_train_end({"loss": 1.0})
    assert reads == (["loss"] * 6 if name == "TerminateOnNaN" else [])

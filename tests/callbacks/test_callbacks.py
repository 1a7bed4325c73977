import time
import types
from collections.abc import Mapping

import numpy as np
import pytest
import torch

from kerastorch.callbacks import Callback
from kerastorch.callbacks import CallbackList
from kerastorch.callbacks import History
from kerastorch.callbacks import ProgbarLogger
from kerastorch.utils.logs_utils import LogsView
from kerastorch.utils.logs_utils import logs_to_python

HOOKS = [
    "on_train_begin", "on_train_end", "on_test_begin", "on_test_end",
    "on_predict_begin", "on_predict_end", "on_epoch_begin", "on_epoch_end",
    "on_batch_begin", "on_batch_end",
    "on_train_batch_begin", "on_train_batch_end", "on_test_batch_begin",
    "on_test_batch_end", "on_predict_batch_begin", "on_predict_batch_end",
]  # fmt: skip


class Recorder(Callback):
    """Records every hook call as `(hook, *args, dict(logs))`."""

    def __init__(self):
        super().__init__()
        self.calls = []

    def __getattribute__(self, name):
        if name in HOOKS:
            parent = super().__getattribute__(name)

            def record(*args, **kwargs):
                *args, logs = args + tuple(kwargs.values())
                self.calls.append((name, *args, dict(logs or {})))
                return parent(*args, logs=logs)

            return record
        return super().__getattribute__(name)


class CountingValue:
    """A log value that counts how often it is converted (a device sync)."""

    reads = 0

    def __init__(self, value):
        self.value = value

    def __float__(self):
        CountingValue.reads += 1
        return self.value


@pytest.fixture
def clock(monkeypatch):
    now = [100.0]
    monkeypatch.setattr(time, "time", lambda: now[0])
    return now


def simulate_fit(callbacks, clock, epochs=2, steps=5, dt=0.2, val_steps=0, logs_for=None):
    """Drives `callbacks` through the hook sequence of `fit`; returns the epoch logs."""
    logs_for = logs_for or (lambda step: {"loss": torch.tensor(1.0 / (step + 1))})
    callbacks.on_train_begin()
    for epoch in range(epochs):
        callbacks.on_epoch_begin(epoch)
        for step in range(steps):
            callbacks.on_train_batch_begin(step)
            clock[0] += dt
            callbacks.on_train_batch_end(step, logs_for(step))
        epoch_logs = {"loss": torch.tensor(0.5 - 0.25 * epoch), "accuracy": torch.tensor(0.75)}
        if val_steps:
            callbacks.on_test_begin()
            for step in range(val_steps):
                callbacks.on_test_batch_begin(step)
                callbacks.on_test_batch_end(step, {"loss": torch.tensor(0.5)})
            callbacks.on_test_end({"loss": torch.tensor(0.5)})
            epoch_logs["val_loss"] = torch.tensor(0.5)
        callbacks.on_epoch_end(epoch, epoch_logs)
    callbacks.on_train_end(epoch_logs)
    return epoch_logs


def test_hook_order_in_fit(clock):
    recorder = Recorder()
    callbacks = CallbackList(
        [recorder], model=types.SimpleNamespace(), verbose=0, epochs=1, steps=2
    )
    simulate_fit(callbacks, clock, epochs=1, steps=2, val_steps=1)
    names = [call[0] for call in recorder.calls]
    assert names == [
        "on_train_begin",
        "on_epoch_begin",
        "on_train_batch_begin", "on_batch_begin",  # legacy alias, called by the base class
        "on_train_batch_end", "on_batch_end",
        "on_train_batch_begin", "on_batch_begin",
        "on_train_batch_end", "on_batch_end",
        "on_test_begin",
        "on_test_batch_begin",
        "on_test_batch_end",
        "on_test_end",
        "on_epoch_end",
        "on_train_end",
    ]  # fmt: skip
    assert recorder.calls[4] == ("on_train_batch_end", 0, {"loss": 1.0})
    assert recorder.calls[-2] == (
        "on_epoch_end", 0, {"accuracy": 0.75, "loss": 0.5, "val_loss": 0.5}
    )  # fmt: skip


def test_predict_hooks_and_params(clock):
    recorder = Recorder()
    model = types.SimpleNamespace()
    callbacks = CallbackList([[recorder]], model=model, verbose=0, epochs=1, steps=1)
    assert recorder.model is model
    assert recorder.params == {"verbose": 0, "epochs": 1, "steps": 1}
    callbacks.on_predict_begin()
    callbacks.on_predict_batch_begin(0)
    callbacks.on_predict_batch_end(0, {"outputs": torch.ones(2, 2)})
    callbacks.on_predict_end()
    assert [c[0] for c in recorder.calls] == [
        "on_predict_begin", "on_predict_batch_begin", "on_predict_batch_end", "on_predict_end"
    ]  # fmt: skip
    np.testing.assert_array_equal(recorder.calls[2][2]["outputs"], np.ones((2, 2)))


def test_history_records_epoch_logs_as_floats(clock):
    model = types.SimpleNamespace()
    callbacks = CallbackList(add_history=True, model=model, verbose=0, epochs=2, steps=3)
    history = model.history
    assert isinstance(history, History)
    simulate_fit(callbacks, clock, epochs=2, steps=3)
    assert history.epoch == [0, 1]
    assert history.history == {"accuracy": [0.75, 0.75], "loss": [0.5, 0.25]}
    assert list(history.history) == ["accuracy", "loss"]
    assert all(type(v) is float for values in history.history.values() for v in values)
    assert model.history is history
    assert history.params == {"verbose": 0, "epochs": 2, "steps": 3}


def test_default_callbacks_added_once():
    history, progbar = History(), ProgbarLogger()
    callbacks = CallbackList([history, progbar], add_history=True, add_progbar=True)
    assert callbacks.callbacks == [history, progbar]
    callbacks = CallbackList(add_history=True, add_progbar=True)
    assert [type(c) for c in callbacks.callbacks] == [History, ProgbarLogger]


def test_progbar_logger_two_epochs_verbose_2(clock, capsys):
    callbacks = CallbackList(add_progbar=True, verbose=2, epochs=2, steps=4)
    simulate_fit(callbacks, clock, epochs=2, steps=4, dt=0.25, val_steps=2)
    assert capsys.readouterr().out == (
        "Epoch 1/2\n"
        "4/4 - 1s - 250ms/step - accuracy: 0.7500 - loss: 0.5000 - val_loss: 0.5000\n"
        "Epoch 2/2\n"
        "4/4 - 1s - 250ms/step - accuracy: 0.7500 - loss: 0.2500 - val_loss: 0.5000\n"
    )


def test_progbar_logger_two_epochs_verbose_1(clock, capsys):
    callbacks = CallbackList(add_progbar=True, verbose=1, epochs=2, steps=4)
    simulate_fit(callbacks, clock, epochs=2, steps=4, dt=0.25)
    out = capsys.readouterr().out
    epochs = out.split("Epoch ")[1:]
    assert [e[:4] for e in epochs] == ["1/2\n", "2/2\n"]
    for text, loss in zip(epochs, ["0.5000", "0.2500"]):
        lines = text.split("\r")[1:]
        assert len(lines) == 5  # 4 batches, then the epoch line
        assert "\x1b[1m1/4\x1b[0m" in lines[0] and "loss: 1.0000" in lines[0]
        assert lines[-1].startswith("\x1b[1m4/4\x1b[0m \x1b[32m" + "━" * 20)
        # Metric order is that of first appearance: "loss" came with the batches.
        expected_end = f" \x1b[1m1s\x1b[0m 250ms/step - loss: {loss} - accuracy: 0.7500\n"
        assert lines[-1].endswith(expected_end)


def test_progbar_logger_unknown_steps_learns_target(clock, capsys):
    callbacks = CallbackList(add_progbar=True, verbose=2, epochs=2, steps=None)
    simulate_fit(callbacks, clock, epochs=2, steps=3)
    out = capsys.readouterr().out
    assert "3/3 - " in out
    assert callbacks.callbacks[0].target == 3


def test_progbar_logger_reads_batch_logs_only_when_it_redraws(clock, capsys):
    CountingValue.reads = 0
    callbacks = CallbackList(add_progbar=True, verbose=1, epochs=1, steps=100)
    # 100 batches 10 ms apart: the bar redraws every 50 ms, so about 1 in 5.
    simulate_fit(
        callbacks, clock, epochs=1, steps=100, dt=0.01,
        logs_for=lambda step: {"loss": CountingValue(1.0), "acc": CountingValue(0.5)},
    )  # fmt: skip
    redraws = capsys.readouterr().out.count("\r") - 1  # minus the epoch-end line
    assert 10 < redraws < 30
    assert CountingValue.reads == 2 * redraws


@pytest.mark.parametrize("verbose", [0, 2])
def test_progbar_logger_reads_no_batch_logs_when_quiet(clock, capsys, verbose):
    CountingValue.reads = 0
    callbacks = CallbackList([History()], add_progbar=True, verbose=verbose, epochs=1, steps=5)
    logs_for = lambda step: {"loss": CountingValue(1.0)}  # noqa: E731
    simulate_fit(callbacks, clock, epochs=1, steps=5, logs_for=logs_for)
    assert CountingValue.reads == 0


def test_evaluate_during_fit_is_silent_but_standalone_evaluate_prints(clock, capsys):
    logger = ProgbarLogger()
    logger.set_params({"verbose": 2, "epochs": 1, "steps": 2})
    logger.on_test_begin()
    logger.on_test_batch_end(0, {"loss": 1.0})
    logger.on_test_batch_end(1, {"loss": 1.0})
    logger.on_test_end({"loss": 0.5})
    assert capsys.readouterr().out.startswith("2/2 - ")
    logger.on_train_begin()
    logger.on_test_begin()
    logger.on_test_end({"loss": 0.5})
    assert capsys.readouterr().out == ""


def test_progbar_logger_count_mode():
    assert ProgbarLogger(count_mode="steps").verbose == 1
    with pytest.raises(ValueError, match="count_mode=samples"):
        ProgbarLogger(count_mode="samples")


def test_progbar_logger_verbose_auto():
    logger = ProgbarLogger()
    logger.set_params({"verbose": "auto", "epochs": 3, "steps": 7})
    assert (logger.verbose, logger.epochs, logger.target) == (1, 3, 7)


def test_logs_to_python_flattens_sorts_and_converts():
    logs = {
        "loss": torch.tensor(0.5),
        "out": {"b_acc": np.float32(0.25), "a_acc": 1},
        "name": "x",
        "vector": torch.tensor([1.0, 2.0]),
    }
    result = logs_to_python(logs)
    assert list(result) == ["loss", "name", "a_acc", "b_acc", "vector"]
    assert result["loss"] == 0.5 and type(result["loss"]) is float
    assert result["a_acc"] == 1.0 and result["b_acc"] == 0.25
    assert result["name"] == "x"
    np.testing.assert_array_equal(result["vector"], [1.0, 2.0])
    assert logs_to_python(None) == {}


def test_logs_view_converts_lazily_and_once():
    CountingValue.reads = 0
    view = LogsView({"b": CountingValue(2.0), "a": CountingValue(1.0)})
    assert list(view) == ["a", "b"] and len(view) == 2
    assert CountingValue.reads == 0
    assert view["b"] == 2.0 and view["b"] == 2.0
    assert CountingValue.reads == 1
    view["c"] = 3.0
    del view["a"]
    assert dict(view) == {"b": 2.0, "c": 3.0}
    assert isinstance(view, Mapping) and dict(LogsView(None)) == {}

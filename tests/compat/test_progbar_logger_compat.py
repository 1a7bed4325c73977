"""ProgbarLogger output, byte for byte, against keras.callbacks.ProgbarLogger.

Both are driven by the same hook sequence under the same fake clock. Keras is
given Python floats; kerastorch is given the 0-d tensors its training loop
produces (the same float32 values).
"""

import io
import sys
import time
import types

import pytest
import torch

import kerastorch.callbacks
from kerastorch.callbacks import ProgbarLogger

keras = pytest.importorskip("keras")


def batch_logs(step, prefix=""):
    # "loss" before "accuracy": CallbackList sorts keys, ProgbarLogger keeps them.
    return {f"{prefix}loss": 1.0 / (step + 1), f"{prefix}accuracy": step / 10.0}


def fit_events(epochs, steps, dt, val_steps=0, steps_known=True):
    events = [(0.0, "on_train_begin", ())]
    t = 0.0
    for epoch in range(epochs):
        events.append((t, "on_epoch_begin", (epoch,)))
        for step in range(steps):
            events.append((t, "on_train_batch_begin", (step,)))
            t += dt
            events.append((t, "on_train_batch_end", (step, batch_logs(step))))
        epoch_logs = batch_logs(steps)
        if val_steps:
            events.append((t, "on_test_begin", ()))
            for step in range(val_steps):
                t += dt / 2
                events.append((t, "on_test_batch_end", (step, batch_logs(step))))
            events.append((t, "on_test_end", (batch_logs(val_steps),)))
            epoch_logs.update(batch_logs(val_steps, prefix="val_"))
        t += dt / 10
        events.append((t, "on_epoch_end", (epoch, epoch_logs)))
    events.append((t, "on_train_end", (batch_logs(steps),)))
    return events


def evaluate_events(steps, dt):
    events = [(0.0, "on_test_begin", ())]
    for step in range(steps):
        events.append(((step + 1) * dt, "on_test_batch_end", (step, batch_logs(step))))
    events.append((steps * dt, "on_test_end", (batch_logs(steps),)))
    return events


def predict_events(steps, dt):
    events = [(0.0, "on_predict_begin", ())]
    for step in range(steps):
        outputs = {"outputs": torch.ones(2, 3).numpy()}
        events.append(((step + 1) * dt, "on_predict_batch_end", (step, outputs)))
    events.append((steps * dt, "on_predict_end", ()))
    return events


def as_tensors(args):
    """Replaces each float log value by a 0-d float32 tensor."""
    out = []
    for arg in args:
        if isinstance(arg, dict):
            arg = {k: torch.tensor(v) if isinstance(v, float) else v for k, v in arg.items()}
        out.append(arg)
    return tuple(out)


def as_float32_floats(args):
    """The same values as Python floats, rounded to float32 like the tensors."""
    out = []
    for arg in args:
        if isinstance(arg, dict):
            arg = {k: float(torch.tensor(v)) if isinstance(v, float) else v for k, v in arg.items()}
        out.append(arg)
    return tuple(out)


def drive(make_callback, events, convert, monkeypatch):
    """Creates the callback under a fake clock, replays `events`, returns stdout bytes."""
    clock = [500.0]
    monkeypatch.setattr(time, "time", lambda: clock[0])
    out = io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    callback = make_callback()
    for t, hook, args in events:
        clock[0] = 500.0 + t
        getattr(callback, hook)(*convert(args))
    monkeypatch.undo()
    return out.getvalue().encode("utf-8")


PARAMS = [
    {"verbose": 1, "epochs": 2, "steps": 5},
    {"verbose": 2, "epochs": 2, "steps": 5},
    {"verbose": 0, "epochs": 2, "steps": 5},
    {"verbose": "auto", "epochs": 1, "steps": 5},
    {"verbose": 1, "epochs": 3, "steps": None},
    {"verbose": 2, "epochs": 2, "steps": None},
]

RUNS = {
    "fit_slow": lambda: fit_events(2, 5, dt=0.2),
    "fit_fast_with_validation": lambda: fit_events(2, 5, dt=0.02, val_steps=3),
    "fit_three_epochs": lambda: fit_events(3, 5, dt=0.07, val_steps=2),
    "evaluate": lambda: evaluate_events(5, 0.03),
    "predict": lambda: predict_events(5, 0.1),
}


def _params_id(params):
    return "-".join(f"{k}{v}" for k, v in params.items())


def _make(cls, params):
    def make():
        callback = cls()
        callback.set_model(types.SimpleNamespace())
        callback.set_params(dict(params))
        return callback

    return make


@pytest.mark.parametrize("run", sorted(RUNS))
@pytest.mark.parametrize("params", PARAMS, ids=_params_id)
def test_progbar_logger_same_bytes_as_keras(monkeypatch, run, params):
    events = RUNS[run]()
    ours = drive(_make(ProgbarLogger, params), events, as_tensors, monkeypatch)
    theirs = drive(
        _make(keras.callbacks.ProgbarLogger, params), events, as_float32_floats, monkeypatch
    )
    assert ours == theirs


@pytest.mark.parametrize("params", PARAMS[:2], ids=_params_id)
def test_callback_list_progbar_same_bytes_as_keras(monkeypatch, params):
    """Through CallbackList: keys sorted, validation folded into the epoch line."""
    events = fit_events(2, 5, dt=0.2, val_steps=2)

    def make(callbacks_module):
        # A callback with its own batch hooks: Keras then runs the hooks in
        # order on this thread, not on its async thread pool, so its clock
        # readings follow the script.
        class BatchHooks(callbacks_module.Callback):
            def on_train_batch_end(self, batch, logs=None):
                pass

            def on_test_batch_end(self, batch, logs=None):
                pass

        return lambda: callbacks_module.CallbackList(
            [BatchHooks()], add_progbar=True, model=types.SimpleNamespace(), **params
        )

    ours = drive(make(kerastorch.callbacks), events, as_tensors, monkeypatch)
    theirs = drive(make(keras.callbacks), events, as_float32_floats, monkeypatch)
    assert ours == theirs
    assert b"accuracy: " in ours and ours.index(b"accuracy: ") < ours.index(b"loss: ")

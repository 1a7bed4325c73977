"""Callbacks see what Keras's callbacks see: the same hooks, indices, logs, params.

A recording callback is defined for each library (a subclass of its
`keras.callbacks.Callback`); both record every hook call (name, epoch / batch
index, how `logs` was passed, its keys and values) and every `set_model` /
`set_params`, through the same calls on models with the same weights.

One deliberate difference: batch-level `logs` are a lazy `Mapping` in
kerastorch, not a `dict` (each value is read off the device only when a
callback reads it, so batches nobody looks at cost no device sync). They hold
the same keys and Python floats, and support the dict reads callbacks use.
"""

import json
from collections.abc import Mapping

import keras
import numpy as np
import pytest

import kerastorch
from tests.compat.twins import classification_data, mlp_pair

RUN_HOOKS = ["on_train_begin", "on_train_end", "on_test_begin", "on_test_end",
             "on_predict_begin", "on_predict_end"]
INDEXED_HOOKS = ["on_epoch_begin", "on_epoch_end", "on_batch_begin", "on_batch_end",
                 "on_train_batch_begin", "on_train_batch_end", "on_test_batch_begin",
                 "on_test_batch_end", "on_predict_batch_begin", "on_predict_batch_end"]

X, Y = classification_data(samples=64)
X_VAL, Y_VAL = classification_data(samples=20, seed=1)


def make_recorder_class(lib):
    """A `lib.callbacks.Callback` subclass recording every hook call."""

    class Recorder(lib.callbacks.Callback):
        def __init__(self, stop_at=None):
            super().__init__()
            self.calls = []
            self.stop_at = stop_at  # (hook, index): set `model.stop_training` there

        def set_model(self, model):
            self.calls.append(("set_model", model))
            super().set_model(model)

        def set_params(self, params):
            self.calls.append(("set_params", dict(params)))
            super().set_params(params)

        def _record(self, hook, index, args, kwargs):
            passed = "keyword" if "logs" in kwargs else "position" if args else "none"
            logs = kwargs.get("logs", args[0] if args else None)
            values = None
            if logs is not None:
                assert isinstance(logs, Mapping)
                values = {key: logs[key] for key in logs}
                for key, value in values.items():
                    assert isinstance(value, (float, np.ndarray)), (hook, key, type(value))
            params = dict(self.params) if self.params else self.params
            self.calls.append((hook, index, passed, values, params, self.model))
            if self.stop_at == (hook, index):
                self.model.stop_training = True

    def run_hook(hook):
        def method(self, *args, **kwargs):
            self._record(hook, None, args, kwargs)
            getattr(lib.callbacks.Callback, hook)(self, *args, **kwargs)

        return method

    def indexed_hook(hook):
        def method(self, index, *args, **kwargs):
            self._record(hook, index, args, kwargs)
            getattr(lib.callbacks.Callback, hook)(self, index, *args, **kwargs)

        return method

    for hook in RUN_HOOKS:
        setattr(Recorder, hook, run_hook(hook))
    for hook in INDEXED_HOOKS:
        setattr(Recorder, hook, indexed_hook(hook))
    return Recorder


RECORDERS = {keras: make_recorder_class(keras), kerastorch: make_recorder_class(kerastorch)}


def compiled_pair(optimizer="sgd"):
    keras_model, kt_model = mlp_pair(keras)
    for model in (keras_model, kt_model):
        model.compile(optimizer=optimizer, loss="sparse_categorical_crossentropy",
                      metrics=["accuracy"])
    return keras_model, kt_model


def comparable(calls, model):
    """The calls with the model replaced by whether it is `model`, values set aside."""
    shape, values = [], []
    for call in calls:
        if call[0] == "set_model":
            shape.append(("set_model", call[1] is model))
        elif call[0] == "set_params":
            shape.append(call)
        else:
            hook, index, passed, logs, params, seen_model = call
            keys = None if logs is None else list(logs)
            shape.append((hook, index, passed, keys, params, seen_model is model))
            values.append(logs)
    return shape, values


def assert_same_calls(expected, keras_model, received, kt_model):
    expected_shape, expected_values = comparable(expected, keras_model)
    received_shape, received_values = comparable(received, kt_model)
    assert received_shape == expected_shape
    for index, (e, r) in enumerate(zip(expected_values, received_values)):
        for key in e or {}:
            np.testing.assert_allclose(r[key], e[key], rtol=1e-5, atol=1e-6,
                                       err_msg=f"{received_shape[index]}: {key}")


SCRIPTS = {
    "fit_validation_data_evaluate_predict": lambda model, cb: (
        model.fit(X, Y, batch_size=16, epochs=2, shuffle=False, verbose=0,
                  validation_data=(X_VAL, Y_VAL), callbacks=[cb]),
        model.evaluate(X_VAL, Y_VAL, batch_size=8, verbose=0, callbacks=[cb]),
        model.predict(X_VAL, batch_size=8, verbose=0, callbacks=[cb]),
    ),
    "fit_validation_split_freq": lambda model, cb: model.fit(
        X, Y, batch_size=16, epochs=3, validation_split=0.25, validation_freq=2,
        shuffle=False, verbose=0, callbacks=[cb]),
    "fit_steps_per_epoch_runs_out": lambda model, cb: model.fit(
        X, Y, batch_size=16, epochs=3, steps_per_epoch=3, validation_data=(X_VAL, Y_VAL),
        validation_steps=1, shuffle=False, verbose=0, callbacks=[cb]),
    "fit_initial_epoch_sample_weight": lambda model, cb: model.fit(
        X, Y, sample_weight=np.linspace(0.5, 1.5, 64).astype("float32"), batch_size=16,
        epochs=3, initial_epoch=1, shuffle=False, verbose=0, callbacks=[cb]),
    "fit_verbose_1_and_2": lambda model, cb: (
        model.fit(X, Y, batch_size=32, epochs=1, shuffle=False, verbose=1, callbacks=[cb]),
        model.fit(X, Y, batch_size=32, epochs=2, shuffle=False, verbose=2, callbacks=[cb]),
        model.evaluate(X, Y, batch_size=32, callbacks=[cb]),
        model.predict(X, batch_size=32, callbacks=[cb]),
    ),
    "evaluate_predict_steps": lambda model, cb: (
        model.evaluate(X, Y, batch_size=16, steps=2, verbose=0, callbacks=[cb]),
        model.evaluate(X, Y, batch_size=16, steps=6, verbose=0, callbacks=[cb]),
        model.predict(X, batch_size=16, steps=3, verbose=0, callbacks=[cb]),
    ),
    "single_batch_methods_call_no_hooks": lambda model, cb: (
        cb.set_model(model),
        model.train_on_batch(X[:16], Y[:16]),
        model.test_on_batch(X[:16], Y[:16]),
        model.predict_on_batch(X[:16]),
        model.fit(X, Y, batch_size=32, epochs=1, shuffle=False, verbose=0, callbacks=[cb]),
    ),
}


@pytest.mark.parametrize("script", sorted(SCRIPTS))
def test_hook_calls_match_keras(script):
    keras_model, kt_model = compiled_pair()
    expected, received = RECORDERS[keras](), RECORDERS[kerastorch]()
    keras_result = SCRIPTS[script](keras_model, expected)
    kt_result = SCRIPTS[script](kt_model, received)
    assert_same_calls(expected.calls, keras_model, received.calls, kt_model)
    if script == "single_batch_methods_call_no_hooks":
        # train_on_batch & co call no callbacks; only the fit at the end does.
        assert received.calls[1][0] == "set_model" and received.calls[2][0] == "set_params"
    # The returned values follow the same calls.
    for e, r in zip(keras_result if isinstance(keras_result, tuple) else (keras_result,),
                    kt_result if isinstance(kt_result, tuple) else (kt_result,)):
        if isinstance(e, keras.callbacks.History):
            assert r.params == e.params and r.epoch == e.epoch
            assert list(r.history) == list(e.history)
        elif e is not None and not isinstance(e, keras.callbacks.History):
            np.testing.assert_allclose(r, e, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("stop_at", [
    ("on_train_begin", None),
    ("on_epoch_begin", 1),
    ("on_train_batch_begin", 2),
    ("on_train_batch_end", 1),
    ("on_batch_end", 3),  # the last batch of the epoch
    ("on_test_end", None),  # during validation: stops after this epoch
    ("on_epoch_end", 0),
    ("on_epoch_end", 1),
], ids=lambda s: f"{s[0]}-{s[1]}")
def test_stop_training_stops_where_keras_stops(stop_at):
    keras_model, kt_model = compiled_pair()
    histories = []
    for lib, model in ((keras, keras_model), (kerastorch, kt_model)):
        recorder = RECORDERS[lib](stop_at=stop_at)
        history = model.fit(X, Y, batch_size=16, epochs=5, shuffle=False, verbose=0,
                            validation_data=(X_VAL, Y_VAL), callbacks=[recorder])
        histories.append((recorder, history))
    (expected, expected_history), (received, received_history) = histories
    assert_same_calls(expected.calls, keras_model, received.calls, kt_model)
    assert received_history.epoch == expected_history.epoch
    assert len(received_history.epoch) < 5
    for key in expected_history.history:
        np.testing.assert_allclose(received_history.history[key],
                                   expected_history.history[key], rtol=1e-5, atol=1e-6)
    # `fit` starts again after a stop.
    assert kt_model.stop_training is keras_model.stop_training is True
    kt_model.fit(X, Y, batch_size=32, epochs=2, verbose=0)
    assert len(kt_model.history.epoch) == 2


def test_params_and_model_match_keras():
    keras_model, kt_model = compiled_pair()
    seen = {}
    for lib, model in ((keras, keras_model), (kerastorch, kt_model)):
        recorder = RECORDERS[lib]()
        runs = [
            model.fit(X, Y, batch_size=10, epochs=3, verbose="auto", callbacks=[recorder],
                      validation_split=0.2, shuffle=False) and dict(recorder.params),
            model.fit(X, Y, epochs=2, steps_per_epoch=5, verbose=2, callbacks=[recorder],
                      shuffle=False) and dict(recorder.params),
            model.evaluate(X, Y, verbose=0, callbacks=[recorder]) and dict(recorder.params),
            model.evaluate(X, Y, steps=7, verbose=1, callbacks=[recorder])
            and dict(recorder.params),
            model.predict(X, batch_size=5, verbose=2, callbacks=[recorder]) is not None
            and dict(recorder.params),
        ]
        assert recorder.model is model
        seen[lib] = runs
    assert seen[kerastorch] == seen[keras]
    assert seen[kerastorch][0] == {"verbose": "auto", "epochs": 3, "steps": 6}


def test_history_matches_keras():
    keras_model, kt_model = compiled_pair(optimizer="adam")
    results = {}
    for lib, model in ((keras, keras_model), (kerastorch, kt_model)):
        first = model.fit(X, Y, batch_size=16, epochs=2, shuffle=False, verbose=0,
                          validation_data=(X_VAL, Y_VAL))
        assert isinstance(first, lib.callbacks.History)
        assert model.history is first
        # A History passed in is used (and kept across fits); fit returns it.
        own = lib.callbacks.History()
        second = model.fit(X, Y, batch_size=16, epochs=3, initial_epoch=1, shuffle=False,
                           verbose=0, callbacks=[own])
        third = model.fit(X, Y, batch_size=32, epochs=1, shuffle=False, verbose=2,
                          callbacks=[own])
        assert second is own and third is own and model.history is own
        results[lib] = [(h.history, h.epoch, h.params) for h in (first, own)]
    for (e_history, e_epoch, e_params), (r_history, r_epoch, r_params) in zip(
            results[keras], results[kerastorch]):
        assert r_epoch == e_epoch and r_params == e_params
        assert list(r_history) == list(e_history)
        for key in e_history:
            assert all(type(v) is float for v in r_history[key])
            np.testing.assert_allclose(r_history[key], e_history[key], rtol=1e-5, atol=1e-6)
    assert results[kerastorch][1][1] == [0]  # `epoch` restarts each fit, `history` grows
    assert len(results[kerastorch][1][0]["loss"]) == 3


def test_logs_changed_by_a_callback_reach_the_next_ones():
    """A callback that adds to the epoch logs (as LearningRateScheduler does) is seen by
    History; batch logs written by one callback are seen by the next."""
    results = {}
    keras_model, kt_model = compiled_pair()
    for lib, model in ((keras, keras_model), (kerastorch, kt_model)):
        class AddsLogs(lib.callbacks.Callback):
            def on_epoch_end(self, epoch, logs=None):
                logs["double_loss"] = 2 * logs["loss"]

            def on_train_batch_end(self, batch, logs=None):
                logs["batch_index"] = float(batch)

        class ReadsLogs(lib.callbacks.Callback):
            seen = []

            def on_train_batch_end(self, batch, logs=None):
                self.seen.append((logs["batch_index"], sorted(logs)))

        reader = ReadsLogs()
        reader.seen = []
        history = model.fit(X, Y, batch_size=16, epochs=2, shuffle=False, verbose=0,
                            callbacks=[AddsLogs(), reader])
        results[lib] = (history.history, reader.seen)
    (e_history, e_seen), (r_history, r_seen) = results[keras], results[kerastorch]
    assert r_seen == e_seen
    assert list(r_history) == list(e_history) == ["accuracy", "loss", "double_loss"]
    np.testing.assert_allclose(r_history["double_loss"], e_history["double_loss"], rtol=1e-5)


def test_batch_logs_read_like_keras_dicts():
    """Running averages, as floats, through the dict reads callbacks use."""
    keras_model, kt_model = compiled_pair()
    reads = {}
    for lib, model in ((keras, keras_model), (kerastorch, kt_model)):
        class Reads(lib.callbacks.Callback):
            def __init__(self):
                super().__init__()
                self.reads = []

            def on_train_batch_end(self, batch, logs=None):
                copied = logs.copy()
                assert dict(logs) == copied == {**logs} and logs == copied
                assert "loss" in logs and "val_loss" not in logs and len(logs) == 2
                assert logs.get("val_loss") is None and logs.get("val_loss", 1.0) == 1.0
                assert list(logs.keys()) == sorted(logs) == ["accuracy", "loss"]
                assert all(type(v) is float for v in logs.values())
                assert json.loads(json.dumps(copied)) == copied
                self.reads.append((logs["loss"], logs.get("accuracy"), list(logs.items())))

        callback = Reads()
        model.fit(X, Y, batch_size=8, epochs=2, shuffle=False, verbose=0, callbacks=[callback])
        reads[lib] = callback.reads
    assert len(reads[kerastorch]) == len(reads[keras]) == 16
    for (e_loss, e_acc, e_items), (r_loss, r_acc, r_items) in zip(reads[keras],
                                                                   reads[kerastorch]):
        np.testing.assert_allclose([r_loss, r_acc], [e_loss, e_acc], rtol=1e-5, atol=1e-6)
        assert [k for k, _ in r_items] == [k for k, _ in e_items]
    # Running averages over the epoch: the last batch's logs are the epoch's.
    history = kt_model.history.history
    np.testing.assert_allclose([reads[kerastorch][7][0], reads[kerastorch][15][0]],
                               history["loss"], rtol=1e-6)

"""Keras's other callbacks, side by side: EarlyStopping, ReduceLROnPlateau, LearningRateScheduler,
CSVLogger, TerminateOnNaN, LambdaCallback, SwapEMAWeights, RemoteMonitor.

Each test trains the same MLP (same initial weights, SGD, `shuffle=False`) in Keras and in
kerastorch with the callback under test, and compares what the callback did: the
histories, when training stopped, the weights, learning rates, files written, requests
posted, hook calls and the messages printed (`verbose=1` callbacks, silent `fit`).
"""

import csv
import json
import warnings
from typing import NamedTuple

import keras
import numpy as np
import pytest
import requests

import kerastorch
from kerastorch.callbacks import remote_monitor as kt_remote_monitor
from tests.compat.twins import assert_same_weights, classification_data, mlp_pair

X, Y = classification_data(samples=64)
X_VAL, Y_VAL = classification_data(samples=32, seed=1)
LIBS = (keras, kerastorch)
EPOCHS = 8


class Run(NamedTuple):
    model: object
    callbacks: list
    history: object
    printed: str


def sgd(lib):
    return lib.optimizers.SGD(0.5)


def fit_one(lib, model, callbacks, optimizer=sgd, validation=True, x=X, epochs=EPOCHS):
    model.compile(optimizer=optimizer(lib), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    return model.fit(x, Y, batch_size=16, epochs=epochs, shuffle=False, verbose=0,
                     validation_data=(X_VAL, Y_VAL) if validation else None, callbacks=callbacks)


def train_both(make_callbacks, capsys, **fit_kwargs):
    """Fits the twin models with `make_callbacks(lib)`; returns the Keras and kerastorch `Run`s."""
    runs = []
    for lib, model in zip(LIBS, mlp_pair(keras)):
        callbacks = make_callbacks(lib)
        capsys.readouterr()
        history = fit_one(lib, model, callbacks, **fit_kwargs)
        runs.append(Run(model, callbacks, history, capsys.readouterr().out))
    return runs


def raised_by_both(make_callbacks, exception, **fit_kwargs):
    """Fits the twins expecting `exception` from each library; returns both messages."""
    messages = []
    for lib, model in zip(LIBS, mlp_pair(keras)):
        with pytest.raises(exception) as info:
            fit_one(lib, model, make_callbacks(lib), **fit_kwargs)
        messages.append(str(info.value))
    return messages


def warnings_of_both(make_callbacks, text, **fit_kwargs):
    """Fits the twins; returns, for each library, the warnings whose message contains `text`."""
    found = []
    for lib, model in zip(LIBS, mlp_pair(keras)):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            fit_one(lib, model, make_callbacks(lib), **fit_kwargs)
        found.append([str(w.message) for w in caught if text in str(w.message)])
    return found


def assert_same_run(expected, received):
    """Same epochs, history keys and values, weights and printed messages."""
    assert received.history.epoch == expected.history.epoch
    assert list(received.history.history) == list(expected.history.history)
    for key, values in expected.history.history.items():
        np.testing.assert_allclose(received.history.history[key], values, rtol=1e-5, atol=1e-6,
                                   err_msg=key)
    assert_same_weights(expected.model, received.model)
    assert received.printed == expected.printed


def learning_rate(optimizer):
    return float(keras.ops.convert_to_numpy(optimizer.learning_rate))


# ------------------------------------------------------------------ EarlyStopping
EARLY_STOPPING = {
    "val_loss_restore": (dict(patience=2, verbose=1, restore_best_weights=True), True),
    "loss_min_delta": (dict(monitor="loss", min_delta=0.02, patience=1, verbose=1), True),
    "val_accuracy_max": (dict(monitor="val_accuracy", mode="max", patience=1, verbose=1), True),
    "accuracy_auto": (dict(monitor="accuracy", patience=1, verbose=1), True),
    "baseline_not_beaten": (
        dict(baseline=1.0, patience=3, restore_best_weights=True, verbose=1), True),
    "baseline_beaten": (dict(baseline=1.2, patience=2, verbose=1), True),
    "start_from_epoch": (dict(start_from_epoch=4, verbose=1), True),
    "restore_without_stopping": (
        dict(patience=20, restore_best_weights=True, verbose=1), False),
}


@pytest.mark.parametrize("name", sorted(EARLY_STOPPING))
def test_early_stopping_matches_keras(name, capsys):
    kwargs, stops = EARLY_STOPPING[name]
    expected, received = train_both(lambda lib: [lib.callbacks.EarlyStopping(**kwargs)], capsys)
    assert (len(expected.history.epoch) < EPOCHS) == stops  # the scenario does what it claims
    assert_same_run(expected, received)
    keras_cb, kt_cb = expected.callbacks[0], received.callbacks[0]
    for attribute in ("stopped_epoch", "best_epoch", "wait", "min_delta"):
        assert getattr(kt_cb, attribute) == getattr(keras_cb, attribute), attribute
    np.testing.assert_allclose(kt_cb.best, keras_cb.best, rtol=1e-5)


def test_early_stopping_missing_monitor_warns_like_keras():
    expected, received = warnings_of_both(lambda lib: [lib.callbacks.EarlyStopping()],
                                          "Early stopping", validation=False, epochs=2)
    assert received == expected and len(expected) == 2


def test_reduce_lr_on_plateau_missing_monitor_warns_like_keras():
    expected, received = warnings_of_both(lambda lib: [lib.callbacks.ReduceLROnPlateau()],
                                          "Learning rate reduction", validation=False, epochs=2)
    assert received == expected and len(expected) == 2


@pytest.mark.parametrize("callback", ["EarlyStopping", "ReduceLROnPlateau"])
def test_monitor_errors_match_keras(callback):
    keras_message, kt_message = raised_by_both(
        lambda lib: [getattr(lib.callbacks, callback)(monitor="val_unknown")], ValueError)
    assert kt_message == keras_message
    messages = []
    for lib in LIBS:
        with pytest.warns(UserWarning) as caught:
            getattr(lib.callbacks, callback)(mode="sideways")
        messages.append([str(w.message) for w in caught])
    assert messages[1] == messages[0]


# -------------------------------------------------------------- ReduceLROnPlateau
REDUCE_LR = {
    "val_loss": dict(factor=0.5, patience=1, verbose=1),
    "loss_cooldown": dict(monitor="loss", factor=0.2, patience=1, cooldown=2, min_delta=0.02,
                          verbose=1),
    "min_lr_floor": dict(monitor="loss", factor=0.1, patience=0, min_lr=0.004, min_delta=0.5,
                         verbose=1),
    "val_accuracy_max": dict(monitor="val_accuracy", mode="max", factor=0.5, patience=1,
                             verbose=1),
}


@pytest.mark.parametrize("name", sorted(REDUCE_LR))
def test_reduce_lr_on_plateau_matches_keras(name, capsys):
    expected, received = train_both(
        lambda lib: [lib.callbacks.ReduceLROnPlateau(**REDUCE_LR[name])], capsys)
    assert "reducing learning rate" in expected.printed
    assert_same_run(expected, received)
    assert learning_rate(received.model.optimizer) == learning_rate(expected.model.optimizer)
    keras_cb, kt_cb = expected.callbacks[0], received.callbacks[0]
    assert (kt_cb.wait, kt_cb.cooldown_counter) == (keras_cb.wait, keras_cb.cooldown_counter)


def test_reduce_lr_on_plateau_rejects_factor_like_keras():
    messages = []
    for lib in LIBS:
        with pytest.raises(ValueError) as info:
            lib.callbacks.ReduceLROnPlateau(factor=1.0)
        messages.append(str(info.value))
    assert messages[1] == messages[0]


# ---------------------------------------------------------- LearningRateScheduler
SCHEDULES = {
    "epoch_and_lr": lambda epoch, lr: lr * 0.5 if epoch % 2 else lr,
    "epoch_only": lambda epoch: 0.4 / (epoch + 1),
    "numpy_float32": lambda epoch, lr: np.float32(lr * 0.9),
}


@pytest.mark.parametrize("name", sorted(SCHEDULES))
@pytest.mark.parametrize("verbose", [0, 1])
def test_learning_rate_scheduler_matches_keras(name, verbose, capsys):
    expected, received = train_both(
        lambda lib: [lib.callbacks.LearningRateScheduler(SCHEDULES[name], verbose=verbose)],
        capsys, epochs=4)
    assert "learning_rate" in expected.history.history
    assert_same_run(expected, received)
    assert learning_rate(received.model.optimizer) == learning_rate(expected.model.optimizer)


def test_learning_rate_scheduler_rejects_non_float_like_keras():
    keras_message, kt_message = raised_by_both(
        lambda lib: [lib.callbacks.LearningRateScheduler(lambda epoch: 1)], ValueError)
    assert kt_message == keras_message


# --------------------------------------------------------------------- CSVLogger
def read_csv(path, separator=","):
    with open(path, newline="") as f:
        return list(csv.reader(f, delimiter=separator))


def assert_same_csv(keras_path, kt_path, separator=","):
    """Same header and layout (byte-equal lines but for the float digits), values at 1e-5."""
    with open(keras_path, "rb") as f:
        keras_bytes = f.read()
    with open(kt_path, "rb") as f:
        kt_bytes = f.read()
    assert kt_bytes.count(b"\r\n") == keras_bytes.count(b"\r\n")
    assert kt_bytes.split(b"\r\n")[0] == keras_bytes.split(b"\r\n")[0]
    expected, received = read_csv(keras_path, separator), read_csv(kt_path, separator)
    assert [len(row) for row in received] == [len(row) for row in expected]
    for e_row, r_row in zip(expected, received):
        for e, r in zip(e_row, r_row):
            try:
                np.testing.assert_allclose(float(r), float(e), rtol=1e-5, atol=1e-6)
            except ValueError:  # not a number: "NA", a column name
                assert r == e


@pytest.mark.parametrize("validation", [True, False])
@pytest.mark.parametrize("separator", [",", ";"])
def test_csv_logger_file_matches_keras(validation, separator, tmp_path, capsys):
    paths = [tmp_path / "keras.csv", tmp_path / "kerastorch.csv"]
    train_both(lambda lib: [lib.callbacks.CSVLogger(paths[LIBS.index(lib)], separator)],
               capsys, validation=validation, epochs=3)
    assert_same_csv(*paths, separator=separator)


def test_csv_logger_append_and_learning_rate_match_keras(tmp_path, capsys):
    paths = [tmp_path / "keras.csv", tmp_path / "kerastorch.csv"]
    for _ in range(2):
        train_both(lambda lib: [
            lib.callbacks.LearningRateScheduler(lambda epoch, lr: lr * 0.5),
            lib.callbacks.CSVLogger(str(paths[LIBS.index(lib)]), append=True),
        ], capsys, epochs=2)
    assert_same_csv(*paths)
    assert read_csv(paths[0])[0] == ["epoch", "accuracy", "learning_rate", "loss",
                                     "val_accuracy", "val_loss"]


def test_csv_logger_bytes_match_keras_for_the_same_logs(tmp_path):
    logs = [
        {"loss": 0.5, "accuracy": np.float32(0.25), "note": "a,b", "vector": np.arange(3)},
        {"loss": float("nan"), "accuracy": np.array(1.0), "note": "c", "vector": [0.5, 1]},
        {"loss": 1e-8, "vector": ()},
    ]
    contents = []
    for lib in LIBS:
        path = tmp_path / f"{lib.__name__}.csv"
        callback = lib.callbacks.CSVLogger(str(path), separator=",")
        callback.on_train_begin()
        for epoch, epoch_logs in enumerate(logs):
            callback.on_epoch_end(epoch, dict(epoch_logs))
        callback.on_train_end()
        contents.append(path.read_bytes())
    assert contents[1] == contents[0]


# ---------------------------------------------------------------- TerminateOnNaN
X_NAN = X.copy()
X_NAN[40] = np.nan  # in the third batch of 16


def test_terminate_on_nan_stops_where_keras_stops(capsys):
    def callbacks(lib):
        return [lib.callbacks.TerminateOnNaN(),
                lib.callbacks.LambdaCallback(on_train_batch_end=lambda batch, logs: seen.append(
                    (lib.__name__, batch)))]

    seen = []
    expected, received = train_both(callbacks, capsys, x=X_NAN)
    assert expected.printed == "Batch 2: Invalid loss, terminating training\n"
    assert np.isnan(expected.history.history["loss"][0])
    assert_same_run(expected, received)
    assert [b for lib, b in seen if lib == "kerastorch"] == [b for lib, b in seen if lib == "keras"]


def test_terminate_on_nan_raise_error_matches_keras():
    messages = raised_by_both(lambda lib: [lib.callbacks.TerminateOnNaN(raise_error=True)],
                              RuntimeError, x=X_NAN)
    assert messages[1] == messages[0] == (
        "NaN or Inf loss encountered at batch 2. Loss value: nan. Terminating training "
        "immediately.")


# ---------------------------------------------------------------- LambdaCallback
def test_lambda_callback_hook_calls_match_keras(capsys):
    calls = {keras: [], kerastorch: []}

    def make(lib):
        record = calls[lib].append
        return [lib.callbacks.LambdaCallback(
            on_epoch_begin=lambda epoch, logs: record(("epoch_begin", epoch, dict(logs or {}))),
            on_epoch_end=lambda epoch, logs: record(("epoch_end", epoch, dict(logs))),
            on_train_begin=lambda logs: record(("train_begin", dict(logs or {}))),
            on_train_end=lambda logs: record(("train_end", dict(logs))),
            on_train_batch_begin=lambda batch, logs: record(("batch_begin", batch)),
            on_train_batch_end=lambda batch, logs: record(("batch_end", batch, dict(logs))),
            on_test_end=lambda logs: record(("test_end", dict(logs))),
        )]

    train_both(make, capsys, epochs=2)
    expected, received = calls[keras], calls[kerastorch]
    assert [call[:-1] if isinstance(call[-1], dict) else call for call in received] == [
        call[:-1] if isinstance(call[-1], dict) else call for call in expected]
    for e, r in zip(expected, received):
        if isinstance(e[-1], dict):
            assert list(r[-1]) == list(e[-1])
            for key in e[-1]:
                np.testing.assert_allclose(r[-1][key], e[-1][key], rtol=1e-5, atol=1e-6)


# ---------------------------------------------------------------- SwapEMAWeights
@pytest.mark.parametrize("swap_on_epoch", [False, True])
def test_swap_ema_weights_matches_keras(swap_on_epoch, capsys):
    expected, received = train_both(
        lambda lib: [lib.callbacks.SwapEMAWeights(swap_on_epoch=swap_on_epoch)], capsys,
        optimizer=lambda lib: lib.optimizers.SGD(0.5, use_ema=True, ema_momentum=0.8), epochs=3)
    assert_same_run(expected, received)  # validation with EMA weights, EMA weights at the end
    for method, args in (("evaluate", (X_VAL, Y_VAL)), ("predict", (X_VAL,))):
        outputs = [getattr(run.model, method)(*args, verbose=0, callbacks=run.callbacks)
                   for run in (expected, received)]
        np.testing.assert_allclose(outputs[1], outputs[0], rtol=1e-5, atol=1e-6)


def test_swap_ema_weights_without_ema_fails_like_keras():
    keras_message, kt_message = raised_by_both(
        lambda lib: [lib.callbacks.SwapEMAWeights()], ValueError)
    assert kt_message == keras_message


# ----------------------------------------------------------------- RemoteMonitor
class FakeRequests:
    """Stands in for the `requests` module: records posts, or fails like an unreachable server."""

    exceptions = requests.exceptions

    def __init__(self, fail=False):
        self.posts = []
        self.fail = fail

    def post(self, url, data=None, json=None, headers=None):
        if self.fail:
            raise requests.exceptions.ConnectionError("unreachable")
        self.posts.append((url, data, json, headers))


def monitor_modules():
    from keras.src.callbacks import remote_monitor as keras_remote_monitor

    return {keras: keras_remote_monitor, kerastorch: kt_remote_monitor}


@pytest.mark.parametrize("send_as_json", [False, True])
def test_remote_monitor_posts_like_keras(send_as_json, monkeypatch, capsys):
    fakes = {lib: FakeRequests() for lib in LIBS}
    for lib, module in monitor_modules().items():
        monkeypatch.setattr(module, "requests", fakes[lib])
    train_both(lambda lib: [lib.callbacks.RemoteMonitor(
        root="http://monitor", path="/epoch", field="payload", headers={"X-Run": "1"},
        send_as_json=send_as_json)], capsys, epochs=2)
    expected, received = fakes[keras].posts, fakes[kerastorch].posts
    assert len(expected) == len(received) == 2
    for (e_url, e_data, e_json, e_headers), (r_url, r_data, r_json, r_headers) in zip(
            expected, received):
        assert (r_url, r_headers) == (e_url, e_headers) == ("http://monitor/epoch", {"X-Run": "1"})
        if send_as_json:
            assert r_data is e_data is None
        else:
            assert list(r_data) == list(e_data) == ["payload"]
            e_json, r_json = json.loads(e_data["payload"]), json.loads(r_data["payload"])
        assert list(r_json) == list(e_json)
        np.testing.assert_allclose(list(r_json.values()), list(e_json.values()), rtol=1e-5)


def remote_monitor_callbacks(lib):
    return [lib.callbacks.RemoteMonitor()]


@pytest.mark.parametrize("fake", [None, FakeRequests(fail=True)], ids=["missing", "unreachable"])
def test_remote_monitor_failures_match_keras(fake, monkeypatch):
    for module in monitor_modules().values():
        monkeypatch.setattr(module, "requests", fake)
    if fake is None:
        expected, received = raised_by_both(remote_monitor_callbacks, ImportError, epochs=1)
        assert expected == "RemoteMonitor requires the `requests` library."
    else:
        expected, received = warnings_of_both(remote_monitor_callbacks, "RemoteMonitor", epochs=2)
        assert len(expected) == 2
    assert received == expected

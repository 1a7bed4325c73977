"""What fit / evaluate / predict print, against real Keras (same model, same weights).

Only timings differ legitimately: the elapsed seconds, the ETA and the time per
step are replaced by placeholders (`TIMING`). With `verbose=1` the number of
redraws depends on time too, so each bar is compared by its final line (the
text after its last "\\r", without the trailing blanks that pad it to the
width of the previous, time-dependent, redraw); every redraw is checked to be a
well-formed bar showing the same keys.
"""

import contextlib
import io
import re
import warnings

import keras
import numpy as np
import pytest

import kerastorch
from tests.compat.twins import classification_data, mlp_pair

TIMING = [
    (re.compile(r"\d+(?:s|ms|us)/step"), "T/step"),  # time per step (both modes)
    (re.compile(r"\x1b\[1m(?:\d+:)*\d+s\x1b\[0m"), "\x1b[1mTs\x1b[0m"),  # ETA / elapsed (verbose=1)
    (re.compile(r"^(\d+/\d+) - \d+s - ", re.M), r"\1 - Ts - "),  # elapsed (verbose=2)
]
BAR = re.compile(
    r"^\x1b\[1m *(\d+)/(\d+)\x1b\[0m (?:\x1b\[32m━+\x1b\[0m)?\x1b\[37m━*\x1b\[0m "
    r"\x1b\[1mTs\x1b\[0m T/step((?: - \w+: -?[\d.e+-]+)*) *$"
)
VALUE = re.compile(r" - (\w+): (-?[\d.e+-]+)")
RAN_OUT = "Your input ran out of data"


def normalise(text):
    for pattern, replacement in TIMING:
        text = pattern.sub(replacement, text)
    return text


def run(fn):
    """Runs `fn()`; returns its result, its stdout and the "ran out of data" warnings."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out), warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = fn()
    ran_out = [str(w.message) for w in caught if RAN_OUT in str(w.message)]
    return result, out.getvalue(), ran_out


def final_lines(text):
    """Each line as last drawn: the text after its last "\\r", right-stripped."""
    return [line.rsplit("\r", 1)[-1].rstrip(" ") for line in normalise(text).split("\n")]


def redraws(text):
    """Every drawing of every bar, in order (`verbose=1`)."""
    drawn = []
    for line in normalise(text).split("\n"):
        for segment in line.split("\r")[1:]:
            drawn.append(segment.rstrip(" \b"))
    return drawn


def shown_values(line):
    return [(key, float(value)) for key, value in VALUE.findall(line)]


def assert_same_output(expected, received, verbose):
    """Compares two outputs of the same call (Keras's first)."""
    if verbose == 0:
        assert expected == "" and received == ""
        return
    assert final_lines(received) == final_lines(expected)
    if verbose in (1, "auto"):
        # The bars redraw in place (no plain newlines between redraws).
        for text in (expected, received):
            for drawing in redraws(text):
                assert BAR.match(drawing), repr(drawing)
        # Every redraw shows the keys of the final line, in its order
        # (predict shows none).
        keys = {tuple(k for k, _ in shown_values(line)) for line in final_lines(expected)
                if BAR.match(line)}
        for drawing in redraws(received):
            shown = tuple(k for k, _ in shown_values(drawing))
            assert any(shown == k[:len(shown)] for k in keys), drawing


def epoch_lines(text):
    """The final bar line of each epoch (or of the evaluation)."""
    return [line for line in final_lines(text) if re.match(r"^(\x1b\[1m)? *\d+/\d+", line)]


def assert_lines_show(lines, logs_per_line):
    """Each line shows exactly the keys of its logs (sorted, as Keras does) and their values."""
    assert len(lines) == len(logs_per_line)
    for line, logs in zip(lines, logs_per_line):
        shown = shown_values(line)
        assert [k for k, _ in shown] == sorted(logs)
        for key, value in shown:
            assert value == pytest.approx(logs[key], rel=1e-3, abs=1e-4), (key, line)


def compiled_pair(metrics=lambda lib: ["accuracy"]):
    keras_model, kt_model = mlp_pair(keras)
    for lib, model in ((keras, keras_model), (kerastorch, kt_model)):
        model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy",
                      metrics=metrics(lib))
    return keras_model, kt_model


class EpochLogs(kerastorch.callbacks.Callback):
    def __init__(self):
        super().__init__()
        self.logs = []

    def on_epoch_end(self, epoch, logs=None):
        self.logs.append(dict(logs))


VERBOSE = [0, 1, 2, "auto"]
X, Y = classification_data(samples=64)
X_VAL, Y_VAL = classification_data(samples=24, seed=1)

FITS = {
    "plain": dict(epochs=2),
    "one_epoch": dict(epochs=1),
    "validation_split": dict(epochs=2, validation_split=0.25),
    "validation_data": dict(epochs=2, validation_data=(X_VAL, Y_VAL)),
    "validation_freq": dict(epochs=3, validation_data=(X_VAL, Y_VAL), validation_freq=2),
    "validation_batch_size_and_steps": dict(
        epochs=2, validation_data=(X_VAL, Y_VAL), validation_batch_size=5, validation_steps=2),
    "initial_epoch": dict(epochs=3, initial_epoch=1),
    "steps_per_epoch": dict(epochs=3, steps_per_epoch=2),
    # 4 batches, 3 per epoch: Keras ends the 2nd epoch after 1 batch ("ran
    # out of data") and starts a new pass in the 3rd; it does not wrap around.
    "steps_per_epoch_runs_out": dict(epochs=3, steps_per_epoch=3),
    "steps_per_epoch_over_one_pass": dict(epochs=2, steps_per_epoch=6,
                                          validation_data=(X_VAL, Y_VAL), validation_steps=9),
}


@pytest.mark.parametrize("verbose", VERBOSE, ids=str)
@pytest.mark.parametrize("fit", sorted(FITS))
def test_fit_prints_what_keras_prints(fit, verbose):
    keras_model, kt_model = compiled_pair()
    kwargs = dict(batch_size=16, shuffle=False, verbose=verbose, **FITS[fit])
    expected, expected_out, expected_warnings = run(lambda: keras_model.fit(X, Y, **kwargs))
    epoch_logs = EpochLogs()
    received, received_out, received_warnings = run(
        lambda: kt_model.fit(X, Y, callbacks=[epoch_logs], **kwargs))

    assert_same_output(expected_out, received_out, verbose)
    assert received_warnings == expected_warnings
    assert received.params == expected.params
    assert received.epoch == expected.epoch
    assert list(received.history) == list(expected.history)
    for key in expected.history:
        np.testing.assert_allclose(received.history[key], expected.history[key], rtol=1e-5,
                                   atol=1e-6, err_msg=key)
    if verbose == 0:
        return
    # The epoch headers, then the final line of each epoch with its logs.
    epochs, first = kwargs["epochs"], kwargs.get("initial_epoch", 0)
    headers = [f"Epoch {e + 1}/{epochs}" for e in range(first, epochs)] if epochs > 1 else []
    lines = [line for line in final_lines(received_out) if line]
    assert [line for line in lines if line.startswith("Epoch ")] == headers
    if headers:
        assert lines[0::2] == headers
    assert_lines_show(epoch_lines(received_out), epoch_logs.logs)
    steps = received.params["steps"]
    assert all(re.search(rf"(?<!\d){steps}/{steps}(?!\d)", line) for line in epoch_lines(received_out))


EVALUATIONS = {
    "all": dict(),
    "batch_size": dict(batch_size=10),
    "steps": dict(steps=2),
    "steps_run_out": dict(steps=5),
    "sample_weight": dict(sample_weight=np.linspace(0.5, 1.5, 64).astype("float32")),
}


@pytest.mark.parametrize("verbose", VERBOSE, ids=str)
@pytest.mark.parametrize("evaluation", sorted(EVALUATIONS))
def test_evaluate_prints_what_keras_prints(evaluation, verbose):
    keras_model, kt_model = compiled_pair(
        metrics=lambda lib: ["accuracy", lib.metrics.SparseTopKCategoricalAccuracy(k=2)])
    kwargs = dict(batch_size=16, verbose=verbose, return_dict=True)
    kwargs.update(EVALUATIONS[evaluation])
    expected, expected_out, expected_warnings = run(lambda: keras_model.evaluate(X, Y, **kwargs))
    received, received_out, received_warnings = run(lambda: kt_model.evaluate(X, Y, **kwargs))

    assert_same_output(expected_out, received_out, verbose)
    assert received_warnings == expected_warnings
    assert list(received) == list(expected)
    np.testing.assert_allclose(list(received.values()), list(expected.values()), rtol=1e-5)
    if verbose != 0:
        assert_lines_show(epoch_lines(received_out), [received])


PREDICTIONS = {
    "all": dict(),
    "batch_size": dict(batch_size=10),
    "steps": dict(steps=2),
    "steps_run_out": dict(steps=5),
}


@pytest.mark.parametrize("verbose", VERBOSE, ids=str)
@pytest.mark.parametrize("prediction", sorted(PREDICTIONS))
def test_predict_prints_what_keras_prints(prediction, verbose):
    keras_model, kt_model = mlp_pair(keras)
    kwargs = dict(batch_size=16, verbose=verbose)
    kwargs.update(PREDICTIONS[prediction])
    expected, expected_out, expected_warnings = run(lambda: keras_model.predict(X, **kwargs))
    received, received_out, received_warnings = run(lambda: kt_model.predict(X, **kwargs))

    assert_same_output(expected_out, received_out, verbose)
    assert received_warnings == expected_warnings
    np.testing.assert_allclose(received, expected, rtol=1e-5, atol=1e-6)
    if verbose != 0:
        (line,) = epoch_lines(received_out)
        assert shown_values(line) == []


def test_fit_then_evaluate_then_predict_in_one_stream():
    """The three outputs, one after the other, as a script prints them."""

    def script(model):
        model.fit(X, Y, batch_size=16, epochs=2, shuffle=False, verbose=2,
                  validation_data=(X_VAL, Y_VAL))
        model.evaluate(X_VAL, Y_VAL, batch_size=8, verbose=2)
        model.predict(X_VAL, batch_size=8, verbose=2)
        model.fit(X, Y, batch_size=32, epochs=1, shuffle=False, verbose=1)
        model.evaluate(X_VAL, Y_VAL, batch_size=8)

    keras_model, kt_model = compiled_pair()
    _, expected, _ = run(lambda: script(keras_model))
    _, received, _ = run(lambda: script(kt_model))
    assert final_lines(received) == final_lines(expected)
    assert len(epoch_lines(received)) == 6


def test_multi_output_logs_print_like_keras():
    """Per-output losses and prefixed metric names, on the bar and in the results."""
    rng = np.random.default_rng(3)
    xa = rng.normal(size=(40, 5)).astype("float32")
    xb = rng.normal(size=(40, 3)).astype("float32")
    y1 = rng.normal(size=(40, 2)).astype("float32")
    y2 = rng.integers(0, 4, size=(40,))

    def build(lib):
        a = lib.Input((5,), name="a")
        b = lib.Input((3,), name="b")
        reg = lib.layers.Dense(2, name="reg")(lib.layers.Dense(4, activation="relu", name="h")(a))
        cls = lib.layers.Dense(4, activation="softmax", name="cls")(b)
        model = lib.Model(inputs=[a, b], outputs=[reg, cls])
        model.compile(optimizer="sgd", loss=["mse", "sparse_categorical_crossentropy"],
                      loss_weights=[0.5, 2.0], metrics=[["mae"], ["accuracy"]])
        return model

    keras_model, kt_model = build(keras), build(kerastorch)
    kt_model.set_weights(keras_model.get_weights())

    def script(model):
        history = model.fit([xa, xb], [y1, y2], batch_size=8, epochs=2, shuffle=False,
                            verbose=2, validation_split=0.25)
        results = model.evaluate([xa, xb], [y1, y2], batch_size=8, verbose=1)
        return history, results, model.metrics_names

    (expected, expected_results, expected_names), expected_out, _ = run(
        lambda: script(keras_model))
    (received, received_results, received_names), received_out, _ = run(
        lambda: script(kt_model))
    assert final_lines(received_out) == final_lines(expected_out)
    assert "reg_loss" in received.history and "val_cls_accuracy" in received.history
    assert list(received.history) == list(expected.history)
    assert received_names == expected_names
    # `evaluate` lists values in Keras's order (loss, per-output losses, the rest by name).
    np.testing.assert_allclose(received_results, expected_results, rtol=1e-5)

"""The "Writing your own callbacks" guide (`examples/custom_callbacks.py`) against Keras.

The example runs on each library (its import line switched), from the same
initial weights: every callback prints the same lines (hooks, batch indices,
log keys) with the same numbers, early stopping stops at the same epoch with
the same restored weights, and the learning-rate schedule trains alike.
"""

import re

import numpy as np
import pytest

from tests.compat.example_twins import load_example
from tests.compat.twins import assert_same_weights

LIBRARIES = ("keras", "kerastorch")
NUMBER = re.compile(r"-?\d+\.\d+(?:e[-+]?\d+)?")


@pytest.fixture(scope="module")
def guide():
    return {lib: load_example("custom_callbacks", lib) for lib in LIBRARIES}


@pytest.fixture(scope="module")
def data(guide):
    x, y = guide["kerastorch"].digit_like_data(samples=600)
    return x[:480], y[:480], x[480:], y[480:]


def run_twins(guide, capsys, section, *args, **kwargs):
    """Runs `section(model, *args)` of each library's example on twin models, unshuffled.

    Returns:
        `{library: (result, printed text, model)}`.
    """
    models = {lib: guide[lib].get_model() for lib in LIBRARIES}
    models["kerastorch"].set_weights(models["keras"].get_weights())
    runs = {}
    for lib in LIBRARIES:
        capsys.readouterr()
        result = getattr(guide[lib], section)(models[lib], *args, shuffle=False, **kwargs)
        runs[lib] = (result, capsys.readouterr().out, models[lib])
    assert_same_weights(models["keras"], models["kerastorch"])
    return runs


def assert_same_history(expected, received, rtol=1e-5):
    assert list(received.history) == list(expected.history)
    for key, values in expected.history.items():
        np.testing.assert_allclose(received.history[key], values, rtol=rtol, err_msg=key)


def assert_same_text(expected, received, rtol=1e-5):
    """The same text, its decimal numbers equal up to `rtol`."""
    assert NUMBER.sub("#", received) == NUMBER.sub("#", expected)
    np.testing.assert_allclose([float(n) for n in NUMBER.findall(received)],
                               [float(n) for n in NUMBER.findall(expected)], rtol=rtol)


def test_every_hook_prints_what_keras_prints(guide, data, capsys):
    runs = run_twins(guide, capsys, "show_every_hook", *data)
    assert runs["kerastorch"][1] == runs["keras"][1]
    assert "...Evaluating: end of batch 0; got log keys: ['loss', 'mean_absolute_error']" \
        in runs["kerastorch"][1]
    np.testing.assert_allclose(runs["kerastorch"][0], runs["keras"][0], rtol=1e-5, atol=1e-6)


def test_logs_read_in_callbacks_match_keras(guide, data, capsys):
    runs = run_twins(guide, capsys, "print_losses", *data)
    assert_same_text(runs["keras"][1], runs["kerastorch"][1])
    (expected_history, expected_results), (history, results) = (
        runs["keras"][0], runs["kerastorch"][0])
    assert_same_history(expected_history, history)
    np.testing.assert_allclose(results, expected_results, rtol=1e-5)


@pytest.mark.parametrize("patience", [0, 1])
def test_early_stopping_at_min_loss_stops_and_restores_like_keras(guide, data, capsys,
                                                                   patience):
    x_train, y_train = data[:2]
    runs = run_twins(guide, capsys, "train_with_early_stopping", x_train, y_train,
                     epochs=12, patience=patience)
    assert_same_text(runs["keras"][1], runs["kerastorch"][1])
    (expected_history, expected_stopper), (history, stopper) = (
        runs["keras"][0], runs["kerastorch"][0])
    assert 0 < stopper.stopped_epoch == expected_stopper.stopped_epoch
    assert history.epoch == expected_history.epoch
    assert_same_history(expected_history, history)
    for best, expected_best in zip(stopper.best_weights, expected_stopper.best_weights):
        np.testing.assert_allclose(best, expected_best, rtol=1e-5, atol=1e-6)


def test_learning_rate_scheduler_callback_trains_like_keras(guide, data, capsys):
    x_train, y_train = data[:2]
    runs = run_twins(guide, capsys, "train_with_lr_schedule", x_train, y_train, epochs=8)
    assert_same_text(runs["keras"][1], runs["kerastorch"][1])
    assert "Epoch 3: Learning rate is 0.0500." in runs["kerastorch"][1]
    assert "Epoch 6: Learning rate is 0.0100." in runs["kerastorch"][1]
    assert_same_history(runs["keras"][0], runs["kerastorch"][0])
    assert float(np.array(runs["kerastorch"][2].optimizer.learning_rate)) == pytest.approx(0.01)

import numpy as np
import pytest

import kerastorch
from kerastorch.callbacks import EarlyStopping
from tests.callbacks.scripted import run_epochs


def logs(monitor, values):
    return [{monitor: value} for value in values]


@pytest.mark.parametrize("kwargs, values, stopped_epoch, best_epoch", [
    # patience counts epochs without improvement; epoch 0 never stops
    (dict(patience=2), [1.0, 0.9, 0.95, 0.96, 0.97], 3, 1),
    (dict(patience=0), [1.0, 1.1, 0.5], 1, 0),
    # an improvement smaller than min_delta does not count
    (dict(patience=1, min_delta=0.05), [1.0, 0.99, 0.98], 1, 0),
    (dict(patience=1, min_delta=0.005), [1.0, 0.99, 0.98], 0, 2),
    # "max" mode
    (dict(monitor="val_accuracy", mode="max", patience=1), [0.5, 0.6, 0.55], 2, 1),
    # a baseline not beaten: patience is not restarted by improvements
    (dict(patience=2, baseline=0.1), [0.5, 0.6, 0.7], 1, 0),
    (dict(patience=2, baseline=0.8), [0.5, 0.6, 0.7], 2, 0),
    # warm-up epochs are not monitored
    (dict(patience=0, start_from_epoch=2), [1.0, 2.0, 3.0, 4.0], 3, 2),
])  # fmt: skip
def test_stops_after_patience(kwargs, values, stopped_epoch, best_epoch):
    callback = EarlyStopping(**kwargs)
    _, epochs, _ = run_epochs(callback, logs(callback.monitor, values))
    assert len(epochs) == (stopped_epoch + 1 if stopped_epoch else len(values))
    assert callback.stopped_epoch == stopped_epoch
    assert callback.best_epoch == best_epoch


def test_restores_best_weights_and_prints(capsys):
    callback = EarlyStopping(patience=1, restore_best_weights=True, verbose=1)
    model, epochs, _ = run_epochs(callback, logs("val_loss", [1.0, 0.5, 0.7, 0.2]))
    assert epochs == [0, 1, 2]
    assert model.get_weights()[0] == 1.0  # the weights of epoch 1
    assert capsys.readouterr().out == (
        "Epoch 3: early stopping\nRestoring model weights from the end of the best epoch: 2.\n")


def test_restores_best_weights_even_without_improving_on_baseline():
    callback = EarlyStopping(patience=3, baseline=0.0, restore_best_weights=True)
    model, epochs, _ = run_epochs(callback, logs("val_loss", [1.0, 0.5, 0.7, 0.9]))
    assert epochs == [0, 1, 2] and model.get_weights()[0] == 1.0


def test_is_silent_by_default_and_resets_between_fits(capsys):
    callback = EarlyStopping(patience=0)
    run_epochs(callback, logs("val_loss", [1.0, 2.0]))
    assert callback.stopped_epoch == 1
    _, epochs, _ = run_epochs(callback, logs("val_loss", [3.0, 2.0, 1.0]))
    assert epochs == [0, 1, 2] and callback.stopped_epoch == 0 and callback.best == 1.0
    assert capsys.readouterr().out == ""


def test_compares_in_float32():
    # 1.0 + 1e-9 rounds to 1.0 in float32: not an improvement in "max" mode.
    callback = EarlyStopping(monitor="score", mode="max", patience=0)
    _, epochs, _ = run_epochs(callback, logs("score", [1.0, 1.0 + 1e-9]))
    assert epochs == [0, 1]


def test_missing_monitor_warns_and_continues():
    callback = EarlyStopping(monitor="val_loss", patience=0)
    with pytest.warns(UserWarning, match="Available metrics are: loss"):
        _, epochs, _ = run_epochs(callback, [{"loss": 1.0}, {"loss": 2.0}])
    assert epochs == [0, 1]


def test_unknown_mode_warns_and_falls_back_to_auto():
    with pytest.warns(UserWarning, match="EarlyStopping mode 'up' is unknown"):
        callback = EarlyStopping(mode="up")
    assert callback.mode == "auto"


def test_auto_mode_reads_metric_directions_from_the_model():
    model = kerastorch.Sequential([kerastorch.Input((2,)), kerastorch.layers.Dense(1)])
    model.compile("sgd", "mse", metrics=["mae", "accuracy"])
    x, y = np.ones((4, 2), "float32"), np.ones((4, 1), "float32")
    model.fit(x, y, epochs=1, verbose=0)
    for monitor, op in (("val_mae", np.less), ("accuracy", np.greater), ("loss", np.less)):
        callback = EarlyStopping(monitor=monitor, min_delta=0.1)
        callback.set_model(model)
        callback._set_monitor_op()
        assert callback.monitor_op is op
        assert callback.min_delta == (-0.1 if op is np.less else 0.1)
    callback = EarlyStopping(monitor="val_unknown")
    callback.set_model(model)
    with pytest.raises(ValueError, match="monitor=val_unknown"):
        callback._set_monitor_op()


def test_stops_fit():
    model = kerastorch.Sequential([kerastorch.Input((2,)), kerastorch.layers.Dense(1)])
    model.compile(kerastorch.optimizers.SGD(0.0), "mse")
    x, y = np.ones((8, 2), "float32"), np.zeros((8, 1), "float32")
    callback = EarlyStopping(monitor="loss", patience=2)
    history = model.fit(x, y, epochs=10, verbose=0, callbacks=[callback])
    assert history.epoch == [0, 1, 2] and callback.stopped_epoch == 2

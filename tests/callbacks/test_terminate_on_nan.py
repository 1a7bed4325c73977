import numpy as np
import pytest

import kerastorch
from kerastorch.callbacks import TerminateOnNaN
from tests.callbacks.scripted import ScriptedModel


@pytest.mark.parametrize("logs, stops", [
    ({"loss": 1.0}, False),
    ({"accuracy": float("nan")}, False),  # only the loss is checked
    ({}, False),
    (None, False),
    ({"loss": float("nan")}, True),
    ({"loss": float("inf")}, True),
    ({"loss": -np.inf}, True),
])  # fmt: skip
def test_stops_on_nan_or_inf_loss(logs, stops, capsys):
    callback = TerminateOnNaN()
    callback.set_model(ScriptedModel())
    callback.on_train_batch_end(3, logs=logs)
    assert callback.model.stop_training is stops
    assert capsys.readouterr().out == ("Batch 3: Invalid loss, terminating training\n"
                                       if stops else "")


def test_raise_error():
    callback = TerminateOnNaN(raise_error=True)
    callback.set_model(ScriptedModel())
    callback.on_train_batch_end(0, logs={"loss": 1.0})
    with pytest.raises(RuntimeError, match="encountered at batch 2. Loss value: inf."):
        callback.on_train_batch_end(2, logs={"loss": float("inf")})


def test_stops_fit_after_the_batch():
    model = kerastorch.Sequential([kerastorch.Input((2,)), kerastorch.layers.Dense(1)])
    model.compile("sgd", "mse")
    x, y = np.ones((8, 2), "float32"), np.zeros((8, 1), "float32")
    x[5] = np.nan
    batches = []
    tracker = kerastorch.callbacks.LambdaCallback(
        on_train_batch_end=lambda batch, logs: batches.append(batch))
    history = model.fit(x, y, batch_size=2, epochs=3, shuffle=False, verbose=0,
                        callbacks=[TerminateOnNaN(), tracker])
    assert batches == [0, 1, 2] and history.epoch == [0]
    assert np.isnan(history.history["loss"][0])

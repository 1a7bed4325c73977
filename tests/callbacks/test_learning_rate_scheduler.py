import math

import numpy as np
import pytest

import kerastorch
from kerastorch.callbacks import LearningRateScheduler
from kerastorch.callbacks.learning_rate_utils import learning_rate_logs
from kerastorch.callbacks.learning_rate_utils import named_optimizers
from tests.callbacks.scripted import ScriptedModel
from tests.callbacks.scripted import run_epochs


@pytest.mark.parametrize("schedule, expected", [
    (lambda epoch, lr: lr * 0.5, [0.05, 0.025, 0.0125]),
    (lambda epoch: 1.0 / (epoch + 1), [1.0, 0.5, 1 / 3]),
    (lambda epoch, lr: np.float32(lr + 1), [1.1, 2.1, 3.1]),
    (lambda epoch, lr: np.float64(epoch), [0.0, 1.0, 2.0]),
])  # fmt: skip
def test_sets_and_logs_learning_rate(schedule, expected):
    model, _, seen = run_epochs(LearningRateScheduler(schedule), [{"loss": 1.0}] * 3)
    np.testing.assert_allclose([logs["learning_rate"] for logs in seen], expected, rtol=1e-6)
    assert seen[0]["loss"] == 1.0
    np.testing.assert_allclose(float(model.optimizer.learning_rate), expected[-1], rtol=1e-6)


def test_type_error_in_schedule_falls_back_to_one_argument():
    calls = []

    def schedule(epoch, lr=None):
        calls.append(lr)
        if lr is not None:
            raise TypeError("old-style schedule")
        return 0.5

    run_epochs(LearningRateScheduler(schedule), [{}])
    assert calls == [pytest.approx(0.1), None]


@pytest.mark.parametrize("output", [1, "0.1", None])
def test_rejects_non_float_output(output):
    with pytest.raises(ValueError, match="should be a float. Got: "):
        run_epochs(LearningRateScheduler(lambda epoch: output), [{}])


def test_prints_each_learning_rate(capsys):
    run_epochs(LearningRateScheduler(lambda epoch: 0.5 ** epoch, verbose=1), [{}] * 2)
    assert capsys.readouterr().out == (
        "\nEpoch 1: LearningRateScheduler setting learning rate to 1.0.\n"
        "\nEpoch 2: LearningRateScheduler setting learning rate to 0.5.\n")


def test_schedules_each_optimizer_of_a_multi_optimizer(capsys):
    optimizer = kerastorch.optimizers.MultiOptimizer(kerastorch.optimizers.OptimizerMap(
        default_optimizer=kerastorch.optimizers.SGD(0.5),
        optimizer_map={"dense/.*": kerastorch.optimizers.Adam(0.25)}))
    callback = LearningRateScheduler(lambda epoch, lr: lr * 2, verbose=1)
    _, _, seen = run_epochs(callback, [{"loss": 1.0}], ScriptedModel(optimizer))
    names = [name for name, _ in named_optimizers(optimizer)]
    assert seen[0] == {"loss": 1.0, f"learning_rate_{names[0]}": 0.5,
                       f"learning_rate_{names[1]}": 1.0}
    assert capsys.readouterr().out == (
        f"\nEpoch 1: LearningRateScheduler setting {names[0]} learning rate to 0.5.\n"
        f"\nEpoch 1: LearningRateScheduler setting {names[1]} learning rate to 1.0.\n")


def test_optimizer_with_a_schedule_cannot_be_set():
    schedule = kerastorch.optimizers.schedules.ExponentialDecay(0.1, 10, 0.5)
    model = ScriptedModel(kerastorch.optimizers.SGD(schedule))
    assert learning_rate_logs(model.optimizer) == {"learning_rate": pytest.approx(0.1)}
    with pytest.raises(TypeError, match="not settable"):
        run_epochs(LearningRateScheduler(lambda epoch, lr: lr), [{}], model)


def test_schedules_fit():
    model = kerastorch.Sequential([kerastorch.Input((2,)), kerastorch.layers.Dense(1)])
    model.compile(kerastorch.optimizers.SGD(), "mse")
    x, y = np.ones((5, 2), "float32"), np.zeros((5, 1), "float32")
    schedule = LearningRateScheduler(lambda epoch, lr: lr if epoch < 2 else lr * math.exp(-0.1))
    history = model.fit(x, y, epochs=4, verbose=0, callbacks=[schedule])
    np.testing.assert_allclose(history.history["learning_rate"],
                               [0.01, 0.01, 0.01 * math.exp(-0.1), 0.01 * math.exp(-0.2)],
                               rtol=1e-6)

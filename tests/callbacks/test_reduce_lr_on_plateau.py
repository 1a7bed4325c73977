import numpy as np
import pytest

import kerastorch
from kerastorch.callbacks import ReduceLROnPlateau
from tests.callbacks.scripted import ScriptedModel
from tests.callbacks.scripted import run_epochs


def learning_rates(seen):
    return [round(logs["learning_rate"], 6) for logs in seen]


@pytest.mark.parametrize("kwargs, values, logged, final", [
    # reduced after `patience` epochs without improvement, then again
    (dict(factor=0.5, patience=2), [1.0] * 5, [0.1, 0.1, 0.1, 0.05, 0.05], 0.025),
    # an improvement resets the wait
    (dict(factor=0.5, patience=1), [1.0, 0.5, 0.6, 0.4], [0.1, 0.1, 0.1, 0.05], 0.05),
    # cooldown: no reduction for `cooldown` epochs after one
    (dict(factor=0.5, patience=0, cooldown=2), [1.0] * 6,
     [0.1, 0.1, 0.05, 0.05, 0.025, 0.025], 0.0125),
    # never below min_lr (compared in float32)
    (dict(factor=0.1, patience=0, min_lr=0.005), [1.0] * 5, [0.1, 0.1, 0.01, 0.005, 0.005],
     0.005),
    # an improvement smaller than min_delta does not count
    (dict(factor=0.5, patience=1, min_delta=0.1), [1.0, 0.95, 0.9], [0.1, 0.1, 0.05], 0.025),
    # "max" mode
    (dict(monitor="acc", mode="max", factor=0.5, patience=1), [0.5, 0.4, 0.6],
     [0.1, 0.1, 0.05], 0.05),
])  # fmt: skip
def test_reduces_learning_rate(kwargs, values, logged, final):
    callback = ReduceLROnPlateau(**kwargs)
    model, _, seen = run_epochs(callback, [{callback.monitor: v} for v in values])
    # Each epoch logs the learning rate it was trained with.
    assert learning_rates(seen) == logged
    assert float(model.optimizer.learning_rate) == pytest.approx(final)


def test_prints_each_reduction(capsys):
    callback = ReduceLROnPlateau(factor=0.5, patience=0, verbose=1)
    run_epochs(callback, [{"val_loss": 1.0}] * 3)
    assert capsys.readouterr().out == (
        "\nEpoch 2: ReduceLROnPlateau reducing learning rate to 0.05000000074505806.\n"
        "\nEpoch 3: ReduceLROnPlateau reducing learning rate to 0.02500000037252903.\n")


def test_reduces_each_optimizer_of_a_multi_optimizer(capsys):
    optimizer = kerastorch.optimizers.MultiOptimizer(kerastorch.optimizers.OptimizerMap(
        default_optimizer=kerastorch.optimizers.SGD(0.5),
        optimizer_map={"dense/.*": kerastorch.optimizers.Adam(0.25)}))
    callback = ReduceLROnPlateau(factor=0.5, patience=0, verbose=1)
    _, _, seen = run_epochs(callback, [{"val_loss": 1.0}] * 2, ScriptedModel(optimizer))
    adam, sgd = optimizer.optimizers
    assert seen[-1] == {"val_loss": 1.0, f"learning_rate_{adam.name}": 0.25,
                        f"learning_rate_{sgd.name}": 0.5}
    assert (float(adam.learning_rate), float(sgd.learning_rate)) == (0.125, 0.25)
    assert capsys.readouterr().out == (
        f"\nEpoch 2: ReduceLROnPlateau reducing {adam.name} learning rate to 0.125.\n"
        f"\nEpoch 2: ReduceLROnPlateau reducing {sgd.name} learning rate to 0.25.\n")


def test_missing_monitor_warns():
    with pytest.warns(UserWarning, match="Learning rate reduction is conditioned on metric"):
        _, _, seen = run_epochs(ReduceLROnPlateau(), [{"loss": 1.0}])
    assert seen[0] == {"loss": 1.0, "learning_rate": pytest.approx(0.1)}


def test_rejects_factor_of_one_or_more():
    with pytest.raises(ValueError, match="factor=1.5"):
        ReduceLROnPlateau(factor=1.5)


def test_reduces_during_fit():
    model = kerastorch.Sequential([kerastorch.Input((2,)), kerastorch.layers.Dense(1)])
    model.compile(kerastorch.optimizers.SGD(0.2), "mse")
    x, y = np.ones((8, 2), "float32"), np.zeros((8, 1), "float32")
    history = model.fit(x, y, epochs=3, verbose=0, callbacks=[
        ReduceLROnPlateau(monitor="loss", factor=0.5, patience=0, min_delta=10.0)])
    np.testing.assert_allclose(history.history["learning_rate"], [0.2, 0.2, 0.1], rtol=1e-6)
    np.testing.assert_allclose(float(model.optimizer.learning_rate), 0.05, rtol=1e-6)

import numpy as np
import pytest
import torch

import kerastorch
from kerastorch.callbacks import LambdaCallback
from kerastorch.callbacks import SwapEMAWeights

X = np.random.default_rng(0).normal(size=(16, 3)).astype("float32")
Y = X.sum(axis=1, keepdims=True)


def trained_model(**optimizer_kwargs):
    """A model whose weights differ from their moving average."""
    model = kerastorch.Sequential([kerastorch.Input((3,)), kerastorch.layers.Dense(1)])
    model.compile(kerastorch.optimizers.SGD(0.1, **optimizer_kwargs), "mse")
    model.fit(X, Y, epochs=1, verbose=0)
    model.train_on_batch(X, Y)
    return model


def weights(model):
    return [w.detach().clone() for w in model.trainable_weights]


def averages(model):
    return [a.detach().clone() for a in model.optimizer._model_variables_moving_average]


def assert_equal(first, second):
    for a, b in zip(first, second):
        torch.testing.assert_close(a, b, rtol=0, atol=0)


@pytest.mark.parametrize("method", ["evaluate", "predict"])
def test_uses_ema_weights_during_evaluate_and_predict(method):
    model = trained_model(use_ema=True, ema_momentum=0.5)
    before, ema = weights(model), averages(model)
    assert not torch.equal(before[0], ema[0])
    seen = {}
    spy = LambdaCallback(on_test_begin=lambda logs: seen.update(w=weights(model)),
                         on_predict_begin=lambda logs: seen.update(w=weights(model)))
    args = (X, Y) if method == "evaluate" else (X,)
    result = getattr(model, method)(*args, verbose=0, callbacks=[SwapEMAWeights(), spy])
    assert_equal(seen["w"], ema)
    assert_equal(weights(model), before)  # swapped back (also after predict, unlike Keras)
    assert_equal(averages(model), ema)
    model.set_weights([w.numpy() for w in ema])
    np.testing.assert_allclose(result, getattr(model, method)(*args, verbose=0), rtol=1e-6)


def test_validation_in_fit_uses_ema_weights_and_fit_ends_with_them():
    model = trained_model(use_ema=True, ema_momentum=0.5)
    begin, end = [], []
    spy = LambdaCallback(on_test_begin=lambda logs: begin.append((weights(model), averages(model))),
                         on_test_end=lambda logs: end.append((weights(model), averages(model))))
    history = model.fit(X, Y, epochs=2, validation_data=(X, Y), verbose=0,
                        callbacks=[SwapEMAWeights(), spy])
    for epoch, ((ema, trained), (after_weights, after_averages)) in enumerate(zip(begin, end)):
        assert not torch.equal(ema[0], trained[0])
        assert_equal(after_weights, trained)
        assert_equal(after_averages, ema)
        kernel, bias = (w.numpy() for w in ema)
        val_loss = np.mean((X @ kernel + bias - Y) ** 2)
        np.testing.assert_allclose(history.history["val_loss"][epoch], val_loss, rtol=1e-5)
    assert_equal(weights(model), averages(model))  # fit ends with the EMA weights


def test_swap_on_epoch_shows_ema_weights_to_later_callbacks():
    model = trained_model(use_ema=True, ema_momentum=0.5)
    at_end, at_begin = [], []
    spy = LambdaCallback(on_epoch_end=lambda epoch, logs: at_end.append(
        (weights(model), averages(model))),
        on_epoch_begin=lambda epoch, logs: at_begin.append(weights(model)))
    callback = SwapEMAWeights(swap_on_epoch=True)
    model.fit(X, Y, epochs=3, verbose=0, callbacks=[callback, spy])
    for epoch, (in_model, stored) in enumerate(at_end):
        if epoch < 2:  # the trained weights wait in the averages' place until the next epoch
            assert not torch.equal(in_model[0], stored[0])
            assert_equal(at_begin[epoch + 1], stored)
    assert_equal(at_end[-1][0], at_end[-1][1])  # last epoch: averages reset to the EMA weights
    assert_equal(weights(model), at_end[-1][0])
    assert callback._ema_weights_in_model


def test_requires_an_ema_optimizer():
    model = trained_model()
    with pytest.raises(ValueError, match="Received: use_ema=False"):
        model.evaluate(X, Y, verbose=0, callbacks=[SwapEMAWeights()])


def test_multi_optimizer_swaps_the_ema_ones_and_needs_one():
    def multi(use_ema):
        return kerastorch.optimizers.MultiOptimizer(kerastorch.optimizers.OptimizerMap(
            default_optimizer=kerastorch.optimizers.SGD(0.1),
            optimizer_map={".*bias": kerastorch.optimizers.SGD(0.1, use_ema=use_ema)}))

    model = kerastorch.Sequential([kerastorch.Input((3,)), kerastorch.layers.Dense(1)])
    model.compile(multi(False), "mse")
    model.fit(X, Y, epochs=1, verbose=0)
    with pytest.raises(ValueError, match="at least one inner optimizer has `use_ema=True`"):
        model.evaluate(X, Y, verbose=0, callbacks=[SwapEMAWeights()])
    model.compile(multi(True), "mse")
    model.fit(X, Y, epochs=1, verbose=0)
    model.train_on_batch(X, Y)
    ema_optimizer = next(o for o in model.optimizer.optimizers if o.use_ema)
    kernel, bias = weights(model)
    bias_ema = ema_optimizer._model_variables_moving_average[0].detach().clone()
    seen = []
    spy = LambdaCallback(on_test_begin=lambda logs: seen.append(weights(model)))
    model.evaluate(X, Y, verbose=0, callbacks=[SwapEMAWeights(), spy])
    assert_equal(seen[0], [kernel, bias_ema])
    assert_equal(weights(model), [kernel, bias])

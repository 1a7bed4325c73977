import numpy as np

import kerastorch
from kerastorch.callbacks import Callback
from kerastorch.callbacks import LambdaCallback


def test_given_functions_replace_the_hooks():
    calls = []
    callback = LambdaCallback(
        on_epoch_begin=lambda epoch, logs: calls.append(("epoch_begin", epoch)),
        on_train_batch_end=lambda batch, logs: calls.append(("batch_end", batch)),
        on_predict_end=lambda logs: calls.append("predict_end"),
    )
    callback.on_epoch_begin(2, {})
    callback.on_train_batch_end(1, logs={})
    callback.on_predict_end({})
    callback.on_epoch_end(2, {})  # not given: the base hook, which does nothing
    assert calls == [("epoch_begin", 2), ("batch_end", 1), "predict_end"]
    assert LambdaCallback().on_train_begin.__func__ is Callback.on_train_begin


def test_hooks_run_in_fit():
    calls = []
    model = kerastorch.Sequential([kerastorch.Input((2,)), kerastorch.layers.Dense(1)])
    model.compile("sgd", "mse")
    x, y = np.ones((4, 2), "float32"), np.zeros((4, 1), "float32")
    callback = LambdaCallback(
        on_train_begin=lambda logs: calls.append("train_begin"),
        on_epoch_begin=lambda epoch, logs: calls.append(("epoch_begin", epoch)),
        on_train_batch_begin=lambda batch, logs: calls.append(("batch_begin", batch)),
        on_train_batch_end=lambda batch, logs: calls.append(("batch_end", batch, list(logs))),
        on_epoch_end=lambda epoch, logs: calls.append(("epoch_end", epoch, sorted(logs))),
        on_train_end=lambda logs: calls.append(("train_end", sorted(logs))),
        on_test_begin=lambda logs: calls.append("test_begin"),
    )
    model.fit(x, y, batch_size=4, epochs=2, validation_data=(x, y), verbose=0,
              callbacks=[callback])
    epoch = [("batch_begin", 0), ("batch_end", 0, ["loss"]), "test_begin"]
    assert calls == ["train_begin",
                     ("epoch_begin", 0), *epoch, ("epoch_end", 0, ["loss", "val_loss"]),
                     ("epoch_begin", 1), *epoch, ("epoch_end", 1, ["loss", "val_loss"]),
                     ("train_end", ["loss", "val_loss"])]

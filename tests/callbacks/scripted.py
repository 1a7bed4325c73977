"""Driving a callback through scripted epochs, without training anything.

`ScriptedModel` stands in for a model: its single "weight" records the epoch
that last set it, so a test can see which epoch's weights a callback restored.
"""

import numpy as np

import kerastorch


class ScriptedModel:
    """The parts of a `Model` that epoch-level callbacks use."""

    def __init__(self, optimizer=None):
        self.optimizer = optimizer or kerastorch.optimizers.SGD(learning_rate=0.1)
        self.metrics = []
        self.stop_training = False
        self.weights = [np.array(-1.0)]

    def get_weights(self):
        return [w.copy() for w in self.weights]

    def set_weights(self, weights):
        self.weights = [np.array(w) for w in weights]


def run_epochs(callback, epoch_logs, model=None):
    """Runs `fit`'s epoch-level hooks with the given per-epoch logs.

    Args:
        callback: The callback under test.
        epoch_logs: One logs dict per epoch.
        model: A `ScriptedModel` (a new one by default).

    Returns:
        `(model, epochs_run, logs_seen)`: the model, the indices of the
        epochs run before `stop_training` stopped them, and the logs dicts as
        the callback left them.
    """
    model = model or ScriptedModel()
    callback.set_model(model)
    callback.set_params({"verbose": 0, "epochs": len(epoch_logs), "steps": 1})
    model.stop_training = False
    callback.on_train_begin()
    epochs, seen = [], []
    for epoch, logs in enumerate(epoch_logs):
        callback.on_epoch_begin(epoch)
        model.weights = [np.array(float(epoch))]
        logs = dict(logs)
        callback.on_epoch_end(epoch, logs)
        epochs.append(epoch)
        seen.append(logs)
        if model.stop_training:
            break
    callback.on_train_end(seen[-1] if seen else None)
    return model, epochs, seen

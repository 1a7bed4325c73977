"""`ReduceLROnPlateau`: lowers the learning rate when a metric stops improving."""

import warnings

import numpy as np

from kerastorch.api_export import keras_export
from kerastorch.callbacks.learning_rate_utils import learning_rate_logs
from kerastorch.callbacks.learning_rate_utils import named_optimizers
from kerastorch.callbacks.monitor_callback import MonitorCallback
from kerastorch.utils.progbar import print_msg


@keras_export("keras.callbacks.ReduceLROnPlateau")
class ReduceLROnPlateau(MonitorCallback):
    """Reduces the learning rate when a metric has stopped improving.

    Models often benefit from reducing the learning rate by a factor of 2-10
    once learning stagnates. At the end of every epoch this callback logs the
    current `learning_rate` and, after `patience` epochs without improvement
    of the monitored quantity, sets `optimizer.learning_rate` to
    `max(learning_rate * factor, min_lr)` (each inner optimizer's, for a
    `MultiOptimizer`).

    Args:
        monitor: Quantity to monitor.
        factor: Factor by which the learning rate is reduced:
            `new_lr = lr * factor`. Must be below 1.
        patience: Number of epochs without improvement after which the
            learning rate is reduced.
        verbose: 0 (quiet) or 1 (prints a message at each reduction).
        mode: `"auto"`, `"min"` or `"max"`: reduce when the quantity stops
            decreasing (`"min"`) or increasing (`"max"`); `"auto"` infers the
            direction from the name of the quantity.
        min_delta: Threshold for measuring the new optimum, to only focus on
            significant changes.
        cooldown: Number of epochs to wait after a reduction before resuming
            normal operation.
        min_lr: Lower bound on the learning rate.
        **kwargs: Ignored (accepted for compatibility, as in Keras).

    Example:

    ```python
    reduce_lr = kerastorch.callbacks.ReduceLROnPlateau(
        monitor="val_loss", factor=0.2, patience=5, min_lr=0.001)
    model.fit(x_train, y_train, validation_split=0.2, callbacks=[reduce_lr])
    ```
    """

    def __init__(
        self,
        monitor: str = "val_loss",
        factor: float = 0.1,
        patience: int = 10,
        verbose: int = 0,
        mode: str = "auto",
        min_delta: float = 1e-4,
        cooldown: int = 0,
        min_lr: float = 0.0,
        **kwargs,
    ):
        super().__init__(monitor, mode, min_delta=min_delta)
        if factor >= 1.0:
            raise ValueError(
                f"ReduceLROnPlateau does not support a factor >= 1.0. Received factor={factor}"
            )
        self.factor = factor
        self.min_lr = min_lr
        self.patience = patience
        self.verbose = verbose
        self.cooldown = cooldown
        self.cooldown_counter = 0
        self.wait = 0

    def _reset(self) -> None:
        """Resets the wait and cooldown counters and the best value."""
        self.best = None
        self.cooldown_counter = 0
        self.wait = 0

    def _reduce_optimizer_lr(self, optimizer, epoch: int, name: str = "") -> bool:
        """Lowers one optimizer's learning rate, unless it is at `min_lr` already."""
        old_lr = float(optimizer.learning_rate)
        if not old_lr > np.float32(self.min_lr):
            return False
        new_lr = max(old_lr * self.factor, self.min_lr)
        optimizer.learning_rate = new_lr
        if self.verbose > 0:
            name_str = f" {name}" if name else ""
            print_msg(
                f"\nEpoch {epoch + 1}: ReduceLROnPlateau reducing{name_str} learning rate "
                f"to {new_lr}."
            )
        return True

    def on_train_begin(self, logs=None) -> None:
        """Resets the counters, so that one instance can serve several `fit` calls."""
        self._reset()

    def on_epoch_end(self, epoch: int, logs=None) -> None:
        """Logs the learning rate and reduces it when patience is exhausted."""
        if self.monitor_op is None:
            # Only now are the model's metrics built (their names known).
            self._set_monitor_op()
        logs = logs or {}
        logs.update(learning_rate_logs(self.model.optimizer))
        current = logs.get(self.monitor)
        if current is None:
            warnings.warn(
                f"Learning rate reduction is conditioned on metric `{self.monitor}` which "
                f"is not available. Available metrics are: {','.join(list(logs.keys()))}.",
                stacklevel=2,
            )
            return
        if self.in_cooldown():
            self.cooldown_counter -= 1
            self.wait = 0
        if self._is_improvement(current, self.best):
            self.best = current
            self.wait = 0
        elif not self.in_cooldown():
            self.wait += 1
            if self.wait >= self.patience:
                # Every inner optimizer is reduced (no short-circuit).
                reduced = [self._reduce_optimizer_lr(optimizer, epoch, name)
                           for name, optimizer in named_optimizers(self.model.optimizer)]
                if any(reduced):
                    self.cooldown_counter = self.cooldown
                    self.wait = 0

    def in_cooldown(self) -> bool:
        """Whether the callback is waiting out the cooldown after a reduction."""
        return self.cooldown_counter > 0

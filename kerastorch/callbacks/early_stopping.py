"""`EarlyStopping`: stops `fit` when a monitored metric has stopped improving."""

import warnings

from kerastorch.api_export import keras_export
from kerastorch.callbacks.monitor_callback import MonitorCallback
from kerastorch.utils.progbar import print_msg


@keras_export("keras.callbacks.EarlyStopping")
class EarlyStopping(MonitorCallback):
    """Stops training when a monitored metric has stopped improving.

    At the end of every epoch it compares the monitored value (which must be
    in the epoch's logs: a compiled loss or metric) with the best so far; after
    `patience` epochs without an improvement of more than `min_delta` it sets
    `model.stop_training = True`. It reads the epoch-level logs only, so it
    adds no device sync to the batches.

    Args:
        monitor: Quantity to monitor. Defaults to `"val_loss"`.
        min_delta: Minimum change of the monitored quantity that counts as an
            improvement (an absolute change of less than `min_delta` does not).
        patience: Number of epochs without improvement after which training
            stops.
        verbose: 0 (silent) or 1 (prints a message when it stops training
            or restores weights).
        mode: `"auto"`, `"min"` or `"max"`: stop when the quantity stops
            decreasing (`"min"`) or increasing (`"max"`); `"auto"` infers the
            direction from the name of the quantity.
        baseline: Baseline value of the monitored quantity: training stops if
            the model does not improve on it within `patience` epochs.
        restore_best_weights: Whether to restore, at the end of training, the
            weights of the epoch with the best monitored value (even if no
            epoch beat `baseline`). If `False`, the weights of the last step
            are kept.
        start_from_epoch: Number of warm-up epochs during which the quantity
            is not monitored.

    Example:

    ```python
    callback = kerastorch.callbacks.EarlyStopping(monitor="loss", patience=3)
    model.compile(kerastorch.optimizers.SGD(), loss="mse")
    history = model.fit(x, y, epochs=10, callbacks=[callback], verbose=0)
    len(history.history["loss"])  # the epochs actually run
    ```
    """

    def __init__(
        self,
        monitor: str = "val_loss",
        min_delta: float = 0,
        patience: int = 0,
        verbose: int = 0,
        mode: str = "auto",
        baseline: float = None,
        restore_best_weights: bool = False,
        start_from_epoch: int = 0,
    ):
        super().__init__(monitor, mode, min_delta=min_delta)
        self.patience = patience
        self.verbose = verbose
        self.baseline = baseline
        self.wait = 0
        self.stopped_epoch = 0
        self.restore_best_weights = restore_best_weights
        self.best_weights = None
        self.start_from_epoch = start_from_epoch

    def on_train_begin(self, logs=None) -> None:
        """Resets the state, so that one instance can serve several `fit` calls."""
        self.wait = 0
        self.stopped_epoch = 0
        self.best = None
        self.best_weights = None
        self.best_epoch = 0

    def on_epoch_end(self, epoch: int, logs=None) -> None:
        """Updates the best value and stops training once patience is exhausted."""
        if self.monitor_op is None:
            # Only now are the model's metrics built (their names known).
            self._set_monitor_op()
        current = self.get_monitor_value(logs)
        if current is None or epoch < self.start_from_epoch:
            return
        if self.restore_best_weights and self.best_weights is None:
            self.best_weights = self.model.get_weights()
            self.best_epoch = epoch
        self.wait += 1
        if self._is_improvement(current, self.best):
            self.best = current
            self.best_epoch = epoch
            if self.restore_best_weights:
                self.best_weights = self.model.get_weights()
            # Patience restarts only if the value beats the baseline too.
            if self.baseline is None or self._is_improvement(current, self.baseline):
                self.wait = 0
            return
        if self.wait >= self.patience and epoch > 0:
            self.stopped_epoch = epoch
            self.model.stop_training = True

    def on_train_end(self, logs=None) -> None:
        """Prints the stopping epoch and restores the best weights, if asked to."""
        if self.stopped_epoch > 0 and self.verbose > 0:
            print_msg(f"Epoch {self.stopped_epoch + 1}: early stopping")
        if self.restore_best_weights and self.best_weights is not None:
            if self.verbose > 0:
                print_msg(
                    "Restoring model weights from the end of the best epoch: "
                    f"{self.best_epoch + 1}."
                )
            self.model.set_weights(self.best_weights)

    def get_monitor_value(self, logs):
        """Returns `logs[monitor]`, or `None` with a warning listing the available keys.

        Args:
            logs: The epoch's logs.

        Returns:
            The monitored value, or `None`.
        """
        logs = logs or {}
        monitor_value = logs.get(self.monitor)
        if monitor_value is None:
            warnings.warn(
                f"Early stopping conditioned on metric `{self.monitor}` which is not "
                f"available. Available metrics are: {','.join(list(logs.keys()))}",
                stacklevel=2,
            )
        return monitor_value

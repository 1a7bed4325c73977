"""`MonitorCallback`: the base of callbacks that watch a metric for improvement."""

import warnings

import numpy as np

from kerastorch.callbacks.callback import Callback
from kerastorch.trainers.compile_utils import CompileMetrics


class MonitorCallback(Callback):
    """Base class of callbacks that act when a monitored quantity stops improving.

    It chooses the comparison from `mode` (or, in `"auto"` mode, from the
    metric's name and direction) and tells whether a value improves on a
    reference by more than `min_delta`. Values are compared in float32, as
    Keras's `ops.less` / `ops.greater` compare them. Subclasses (`EarlyStopping`,
    `ReduceLROnPlateau`) call `_set_monitor_op` once the model's metrics are
    built, then `_is_improvement`.

    Args:
        monitor: Name of the log entry to monitor, e.g. `"val_loss"`.
        mode: `"auto"`, `"min"` or `"max"`; an unknown mode warns and falls
            back to `"auto"`.
        baseline: Initial best value, or `None` to take the first value seen.
        min_delta: Smallest absolute change that counts as an improvement.

    Raises:
        ValueError: In `"auto"` mode, if the direction of `monitor` cannot be
            inferred.

    Example:

    ```python
    class PrintImprovements(MonitorCallback):
        def on_epoch_end(self, epoch, logs=None):
            if self.monitor_op is None:
                self._set_monitor_op()
            if self._is_improvement(logs[self.monitor], self.best):
                self.best = logs[self.monitor]
                print(f"epoch {epoch}: {self.monitor} improved to {self.best}")
    ```
    """

    def __init__(self, monitor: str = "val_loss", mode: str = "auto", baseline=None,
                 min_delta: float = 0):
        super().__init__()
        if mode not in ("auto", "min", "max"):
            warnings.warn(
                f"{self.__class__.__name__} mode '{mode}' is unknown, fallback to auto mode.",
                stacklevel=2,
            )
            mode = "auto"
        self.monitor = monitor
        self.mode = mode
        self.best = baseline
        self.min_delta = abs(min_delta)
        self.monitor_op = None

    def _set_monitor_op(self) -> None:
        """Picks `np.less` or `np.greater` (and the sign of `min_delta`) for `monitor`."""
        if self.mode == "min":
            self.monitor_op = np.less
        elif self.mode == "max":
            self.monitor_op = np.greater
        else:
            metric_name = self.monitor.removeprefix("val_")
            if metric_name == "loss":
                self.monitor_op = np.less
            for metric in self._compiled_metrics():
                direction = getattr(metric, "_direction", None)
                if metric.name == metric_name and direction is not None:
                    self.monitor_op = np.greater if direction == "up" else np.less
            if self.monitor_op is None:
                raise ValueError(
                    f"{self.__class__.__name__} callback received monitor={self.monitor}, "
                    "but Keras isn't able to automatically determine whether that metric "
                    "should be maximized or minimized. Pass `mode='max'` in order to monitor "
                    "based on the highest metric value, or pass `mode='min'` in order to use "
                    "the lowest value."
                )
        if self.monitor_op is np.less:
            self.min_delta *= -1

    def _compiled_metrics(self) -> list:
        """The metrics given to `compile(metrics=...)` (those with a known direction)."""
        found = []
        for metric in getattr(self.model, "metrics", None) or []:
            if isinstance(metric, CompileMetrics):
                found.extend(metric.metrics)
        return found

    def _is_improvement(self, monitor_value, reference_value) -> bool:
        """Whether `monitor_value` beats `reference_value` (always, if that is `None`)."""
        if reference_value is None:
            return True
        return bool(self.monitor_op(np.float32(monitor_value - self.min_delta),
                                    np.float32(reference_value)))

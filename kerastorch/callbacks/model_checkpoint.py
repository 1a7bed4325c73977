"""`ModelCheckpoint`: saves the model (or its weights) during `fit`."""

import collections
import os
import warnings

import numpy as np
import torch

from kerastorch.api_export import keras_export
from kerastorch.callbacks.monitor_callback import MonitorCallback
from kerastorch.callbacks.save_frequency import BatchSaveFrequency
from kerastorch.utils.progbar import print_msg


@keras_export("keras.callbacks.ModelCheckpoint")
class ModelCheckpoint(MonitorCallback, BatchSaveFrequency):
    """Saves the model or its weights at the end of every epoch, or every N batches.

    The file is a `.keras` model file (`model.save`) or, with
    `save_weights_only=True`, a `.weights.h5` file (`model.save_weights`,
    which holds the optimizer's state too): both in Keras 3's format, so
    Keras loads them. Each file is written to a temporary file and renamed
    into place, so an interrupted save never leaves a damaged checkpoint.

    `filepath` may hold format fields filled from `epoch` (1-based), `batch`
    (1-based, with an integer `save_freq`) and the logs:
    `"ckpt-{epoch:02d}-{val_loss:.2f}.keras"`. Batch-level logs are read only
    when a save happens (the fields the path names, and `monitor` with
    `save_best_only`), so batches in between add no device sync.

    Args:
        filepath: `str` or `PathLike`: ends in `.keras` (or `.h5`), or in
            `.weights.h5` with `save_weights_only=True`.
        monitor: The log entry compared by `save_best_only`, e.g.
            `"val_loss"` or `"val_accuracy"`.
        verbose: 0 (silent) or 1 (prints a message for every decision).
        save_best_only: Whether to save only when `monitor` improves on the
            best value so far (a path without format fields is then always
            the best model).
        save_weights_only: Whether to save the weights only
            (`model.save_weights`) instead of the whole model (`model.save`).
        mode: `"auto"`, `"min"` or `"max"`: whether a lower or a higher
            `monitor` is better (`"auto"` infers it from the name).
        save_freq: `"epoch"` (save at each epoch end) or an integer (save
            after this many batches; the monitored metric is then the
            running value within the epoch).
        initial_value_threshold: Starting "best" value of `monitor` for
            `save_best_only`: only a better value triggers a save.

    Raises:
        ValueError: If `save_freq` is neither `"epoch"` nor an integer, or
            `filepath` does not end as the save kind requires.

    Example:

    ```python
    checkpoint = kerastorch.callbacks.ModelCheckpoint(
        "ckpt/best.keras", monitor="val_accuracy", mode="max", save_best_only=True)
    model.fit(x, y, validation_split=0.2, epochs=10, callbacks=[checkpoint])
    best = kerastorch.saving.load_model("ckpt/best.keras")
    ```
    """

    def __init__(
        self,
        filepath,
        monitor: str = "val_loss",
        verbose: int = 0,
        save_best_only: bool = False,
        save_weights_only: bool = False,
        mode: str = "auto",
        save_freq="epoch",
        initial_value_threshold: float = None,
    ):
        super().__init__(monitor, mode, initial_value_threshold)
        self.verbose = verbose
        self.filepath = os.fspath(filepath) if isinstance(filepath, os.PathLike) else filepath
        self.save_best_only = save_best_only
        self.save_weights_only = save_weights_only
        self.save_freq = save_freq
        self._batches_seen_since_last_saving = 0
        self._last_batch_seen = None
        self._current_epoch = 0
        if save_freq != "epoch" and not isinstance(save_freq, int):
            raise ValueError(
                f"Unrecognized save_freq: {save_freq}. Expected save_freq are 'epoch' or "
                "integer values"
            )
        if save_weights_only:
            if not self.filepath.endswith(".weights.h5"):
                raise ValueError(
                    "When using `save_weights_only=True` in `ModelCheckpoint`, the filepath "
                    "provided must end in `.weights.h5` (Keras weights format). Received: "
                    f"filepath={self.filepath}"
                )
        elif not self.filepath.endswith((".keras", ".h5")):
            raise ValueError(
                "The filepath provided must end in `.keras` (Keras model format). "
                f"Received: filepath={self.filepath}"
            )

    def on_train_batch_end(self, batch: int, logs=None) -> None:
        """Saves every `save_freq` batches (integer `save_freq` only)."""
        if self._should_save_on_batch(batch):
            self._save_model(epoch=self._current_epoch, batch=batch, logs=logs)

    def on_epoch_begin(self, epoch: int, logs=None) -> None:
        """Records the epoch, for the paths and messages of batch-level saves."""
        self._current_epoch = epoch

    def on_epoch_end(self, epoch: int, logs=None) -> None:
        """Saves at the end of the epoch (`save_freq="epoch"`)."""
        if self.monitor_op is None:
            # Only now are the model's metrics built (their directions known).
            self._set_monitor_op()
        if self.save_freq == "epoch":
            self._save_model(epoch=epoch, batch=None, logs=logs)

    def _save_model(self, epoch: int, batch, logs) -> None:
        """Saves the model to the formatted path, if `_should_save_model` agrees."""
        filepath = self._get_file_path(epoch, batch, logs)
        if not self._should_save_model(epoch, logs, filepath):
            return
        dirname = os.path.dirname(filepath)
        if dirname:
            os.makedirs(dirname, exist_ok=True)
        try:
            if self.save_weights_only:
                self.model.save_weights(filepath, overwrite=True)
            else:
                self.model.save(filepath, overwrite=True)
        except IsADirectoryError as error:
            raise OSError(
                "Please specify a non-directory filepath for ModelCheckpoint. Filepath used "
                f"is an existing directory: {filepath}"
            ) from error
        if self.verbose > 0:
            print_msg(f"\nEpoch {epoch + 1}: finished saving model to {filepath}")

    def _should_save_model(self, epoch: int, logs, filepath: str) -> bool:
        """Whether to save now: always, unless `save_best_only` and `monitor` did not improve.

        A missing or non-scalar `monitor` value warns and saves, as in Keras.
        """
        if not self.save_best_only:
            if self.verbose > 0:
                print_msg(f"\nEpoch {epoch + 1}: saving model to {filepath}")
            return True
        current = (logs or {}).get(self.monitor)
        if current is None:
            warnings.warn(f"Can save best model only with {self.monitor} available.",
                          stacklevel=3)
            return True
        if isinstance(current, (np.ndarray, torch.Tensor)) and len(current.shape) > 0:
            warnings.warn(
                f"Can save best model only when `monitor` is a scalar value. Received: "
                f"{current}. Falling back to `save_best_only=False`.",
                stacklevel=3,
            )
            return True
        if self.monitor_op is None:
            # A batch-level save before the first epoch end (Keras fails there).
            self._set_monitor_op()
        best_str = "None" if self.best is None else f"{self.best:.5f}"
        if self._is_improvement(current, self.best):
            if self.verbose > 0:
                print_msg(
                    f"\nEpoch {epoch + 1}: {self.monitor} improved from {best_str} to "
                    f"{current:.5f}, saving model to {filepath}"
                )
            self.best = current
            return True
        if self.verbose > 0:
            print_msg(f"\nEpoch {epoch + 1}: {self.monitor} did not improve from {best_str}")
        return False

    def _get_file_path(self, epoch: int, batch, logs) -> str:
        """`filepath` with its fields filled from the epoch, batch and logs (1-based indices)."""
        logs = logs or {}
        fields = {"epoch": epoch + 1}
        if batch is not None and "batch" not in logs:
            fields["batch"] = batch + 1
        try:
            # `format_map` reads only the log entries the path names.
            return self.filepath.format_map(collections.ChainMap(fields, logs))
        except KeyError as error:
            raise KeyError(
                f'Failed to format this callback filepath: "{self.filepath}". Reason: {error}'
            ) from error

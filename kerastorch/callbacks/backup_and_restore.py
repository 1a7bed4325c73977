"""`BackupAndRestore`: resumes an interrupted `fit` where its last backup left it."""

import json
import os
import shutil

from kerastorch.api_export import keras_export
from kerastorch.callbacks.callback import Callback
from kerastorch.callbacks.save_frequency import BatchSaveFrequency
from kerastorch.saving.saving_lib import atomic_write


@keras_export("keras.callbacks.BackupAndRestore")
class BackupAndRestore(Callback, BatchSaveFrequency):
    """Backs up the training state during `fit`, and restores it when `fit` starts again.

    At each backup it writes, in `backup_dir`, Keras's files:
    `latest.weights.h5` (the model's weights and the optimizer's state, as
    `model.save_weights` writes them) and `training_metadata.json` (the
    epoch to resume at and the last batch trained). When a `fit` starts with
    a backup present, the weights and optimizer state are loaded and training
    resumes at the saved epoch, and with an integer `save_freq` at the batch
    after the saved one (Keras restarts that epoch from its first batch;
    kerastorch skips the batches already trained, so that the run ends with
    the weights an uninterrupted run would have, given the same batch order,
    e.g. `shuffle=False`: the random state of shuffling and dropout is not
    backed up, as in Keras). The backup is removed when `fit` completes. The
    model must be built before a `fit` that restores a backup.

    Both files are written to temporary names and renamed into place
    together (a backup interrupted between the two renames is completed when
    it is read), so a process killed at any point leaves a consistent backup.

    Args:
        backup_dir: Folder holding the backup, used by this callback only
            (not by another run or another callback).
        save_freq: `"epoch"` (back up at each epoch end) or an integer (back
            up every `save_freq` batches).
        double_checkpoint: Whether to keep the previous backup too (`.bkp`
            files), restored if the latest cannot be read.
        delete_checkpoint: Whether to delete `backup_dir` when `fit` completes.

    Raises:
        ValueError: If `backup_dir` is empty or `save_freq` is neither
            `"epoch"` nor an integer.

    Example:

    ```python
    class InterruptAtEpoch4(kerastorch.callbacks.Callback):
        def on_epoch_begin(self, epoch, logs=None):
            if epoch == 4:
                raise RuntimeError("Interrupting!")

    backup = kerastorch.callbacks.BackupAndRestore(backup_dir="/tmp/backup")
    try:
        model.fit(x, y, epochs=10, callbacks=[backup, InterruptAtEpoch4()])
    except RuntimeError:
        pass
    history = model.fit(x, y, epochs=10, callbacks=[backup])
    len(history.history["loss"])  # 6: epochs 4 to 9
    ```
    """

    def __init__(self, backup_dir, save_freq="epoch", double_checkpoint: bool = False,
                 delete_checkpoint: bool = True):
        super().__init__()
        self.save_freq = save_freq
        self.double_checkpoint = double_checkpoint
        self.delete_checkpoint = delete_checkpoint
        self._batches_seen_since_last_saving = 0
        # `None` at an epoch start (Keras's 0 undercounts the first batches of an
        # epoch with `steps_per_execution`).
        self._last_batch_seen = None
        self._current_epoch = 0
        if not backup_dir:
            raise ValueError("Empty `backup_dir` argument passed")
        self.backup_dir = backup_dir
        self._weights_path = os.path.join(backup_dir, "latest.weights.h5")
        self._training_metadata_path = os.path.join(backup_dir, "training_metadata.json")
        self._prev_weights_path = f"{self._weights_path}.bkp"
        self._prev_training_metadata_path = f"{self._training_metadata_path}.bkp"
        self._pending_weights_path = os.path.join(backup_dir, ".pending.weights.h5")
        self._pending_metadata_path = os.path.join(backup_dir, ".pending_training_metadata.json")
        if save_freq != "epoch" and not isinstance(save_freq, int):
            raise ValueError(
                "Invalid value for argument `save_freq`. Received: "
                f"save_freq={save_freq}. Expected either 'epoch' or an integer value."
            )

    def on_train_begin(self, logs=None) -> None:
        """Restores the backup, if any (the previous one if the latest cannot be read)."""
        self._batches_seen_since_last_saving = 0
        self._last_batch_seen = None
        self._complete_interrupted_backup()
        try:
            self._load_model()
        except (OSError, ValueError) as error:
            if not _is_unreadable(error) or not os.path.exists(self._prev_weights_path):
                raise
            _atomic_copy(self._prev_weights_path, self._weights_path)
            if os.path.exists(self._prev_training_metadata_path):
                _atomic_copy(self._prev_training_metadata_path, self._training_metadata_path)
            elif os.path.exists(self._training_metadata_path):
                os.remove(self._training_metadata_path)
            self._load_model()

    def _complete_interrupted_backup(self) -> None:
        """Finishes a backup killed between its two renames (weights renamed, metadata not)."""
        if os.path.exists(self._pending_metadata_path) and not os.path.exists(
                self._pending_weights_path):
            os.replace(self._pending_metadata_path, self._training_metadata_path)

    def _load_model(self) -> None:
        """Loads the weights and optimizer state, and tells `fit` where to resume."""
        has_weights = os.path.exists(self._weights_path)
        has_metadata = os.path.exists(self._training_metadata_path)
        if (has_weights or has_metadata) and not self.model.built:
            raise ValueError(
                "To use the BackupAndRestore callback, you model must be built before you "
                f"call `fit()`. Model {self.model} is unbuilt. You can build it beforehand "
                "by calling it on a batch of data."
            )
        if has_weights:
            optimizer = self.model.optimizer
            if optimizer is not None and not optimizer.built:
                # Its state is in the file: it must exist before loading.
                optimizer.build(self.model.trainable_variables)
            self.model.load_weights(self._weights_path)
        if has_metadata:
            with open(self._training_metadata_path) as f:
                metadata = json.load(f)
            epoch = metadata["epoch"]
            # Absent from Keras's files: Keras resumes at the start of `epoch`.
            next_batch = metadata.get("next_batch", 0)
            steps = (self.params or {}).get("steps")
            if next_batch and steps and next_batch >= steps:
                epoch, next_batch = epoch + 1, 0
            self.model._initial_epoch = epoch
            self.model._initial_step = next_batch
            self._current_epoch = epoch
            self._last_batch_seen = next_batch - 1 if next_batch else None

    def on_epoch_begin(self, epoch: int, logs=None) -> None:
        """Records the epoch, for the backups made during it."""
        self._current_epoch = epoch

    def on_epoch_end(self, epoch: int, logs=None) -> None:
        """Backs up at the end of the epoch (`save_freq="epoch"`)."""
        self._current_epoch = epoch + 1
        self._last_batch_seen = None
        if self.save_freq == "epoch":
            self._save_model(next_batch=0)

    def on_train_batch_end(self, batch: int, logs=None) -> None:
        """Backs up every `save_freq` batches (integer `save_freq` only)."""
        if self._should_save_on_batch(batch):
            self._save_model(next_batch=batch + 1)

    def _save_model(self, next_batch: int) -> None:
        """Writes the weights and the metadata to pending files, then renames both into place."""
        os.makedirs(self.backup_dir, exist_ok=True)
        if self.double_checkpoint:
            for path, previous in ((self._weights_path, self._prev_weights_path),
                                   (self._training_metadata_path,
                                    self._prev_training_metadata_path)):
                if os.path.exists(path):
                    _atomic_copy(path, previous)
        self.model.save_weights(self._pending_weights_path, overwrite=True)
        metadata = {"epoch": self._current_epoch, "batch": self._last_batch_seen or 0,
                    "next_batch": next_batch}
        with atomic_write(self._pending_metadata_path) as f:
            f.write(json.dumps(metadata).encode())
        os.replace(self._pending_weights_path, self._weights_path)
        os.replace(self._pending_metadata_path, self._training_metadata_path)

    def on_train_end(self, logs=None) -> None:
        """Deletes the backup (`delete_checkpoint=True`): the run is complete."""
        if self.delete_checkpoint and os.path.exists(self.backup_dir):
            shutil.rmtree(self.backup_dir)


def _is_unreadable(error: Exception) -> bool:
    """Whether loading failed because a file could not be read (not because it did not fit)."""
    return isinstance(error, (OSError, json.JSONDecodeError)) or isinstance(
        error.__cause__, OSError)


def _atomic_copy(source: str, target: str) -> None:
    """Copies `source` over `target` through a temporary file, so `target` is never partial."""
    with open(source, "rb") as src, atomic_write(target) as dst:
        shutil.copyfileobj(src, dst)

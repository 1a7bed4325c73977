"""`BatchSaveFrequency`: counts training batches for callbacks that save every N of them."""


class BatchSaveFrequency:
    """Mixin deciding at each batch end whether `save_freq` batches have passed since the last save.

    Used by `ModelCheckpoint` and `BackupAndRestore` with an integer
    `save_freq`. It counts batches by their indices, so with
    `steps_per_execution=N` (batch hooks every N batches) the N batches of
    each call are counted. A batch index not above the previous one starts a
    new epoch, and so does `_last_batch_seen = None`. The subclass sets
    `save_freq`, `_batches_seen_since_last_saving` (0) and `_last_batch_seen`
    (`None`).

    Example:

    ```python
    class EveryTenBatches(Callback, BatchSaveFrequency):
        def __init__(self):
            super().__init__()
            self.save_freq = 10
            self._batches_seen_since_last_saving = 0
            self._last_batch_seen = None

        def on_train_batch_end(self, batch, logs=None):
            if self._should_save_on_batch(batch):
                self.model.save_weights("latest.weights.h5")
    ```
    """

    def _should_save_on_batch(self, batch: int) -> bool:
        """Counts the batches up to `batch`; `True` (and the count restarts) every `save_freq`."""
        if self.save_freq == "epoch":
            return False
        if self._last_batch_seen is None or batch <= self._last_batch_seen:
            added = batch + 1  # A new epoch: batches 0..batch.
        else:
            added = batch - self._last_batch_seen
        self._batches_seen_since_last_saving += added
        self._last_batch_seen = batch
        if self._batches_seen_since_last_saving >= self.save_freq:
            self._batches_seen_since_last_saving = 0
            return True
        return False

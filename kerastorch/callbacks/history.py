"""`History`: records each epoch's logs; `fit` returns it."""

from kerastorch.api_export import keras_export
from kerastorch.callbacks.callback import Callback
from kerastorch.utils.logs_utils import to_python


@keras_export("keras.callbacks.History")
class History(Callback):
    """Records the logs of every epoch; `fit()` returns this object.

    Every model gets one automatically. It reads only epoch-level logs, so it
    adds no device sync to the batches.

    Attributes:
        history: Dict mapping each metric name to its list of per-epoch values.
        epoch: List of the epoch indices recorded since `on_train_begin`.

    Example:

    ```python
    history = model.fit(x, y, epochs=3)
    history.history["loss"]  # [0.9, 0.5, 0.3]
    history.epoch  # [0, 1, 2]
    ```
    """

    def __init__(self):
        super().__init__()
        self.history = {}

    def on_train_begin(self, logs=None) -> None:
        """Starts a new list of epochs (the `history` dict is kept, as in Keras)."""
        self.epoch = []

    def on_epoch_end(self, epoch: int, logs=None) -> None:
        """Appends the epoch's logs to `history` and sets `model.history` to `self`.

        Args:
            epoch: Index of the epoch.
            logs: Dict of the epoch's metric results.
        """
        self.epoch.append(epoch)
        for name, value in (logs or {}).items():
            self.history.setdefault(name, []).append(to_python(value))
        # Set here, not only at the start, so `model.history` is the latest
        # History even when another fit() has replaced it meanwhile.
        if self.model is not None:
            self.model.history = self

"""`TerminateOnNaN`: stops training when the loss becomes NaN or infinite."""

import numpy as np

from kerastorch.api_export import keras_export
from kerastorch.callbacks.callback import Callback
from kerastorch.utils.progbar import print_msg


@keras_export("keras.callbacks.TerminateOnNaN")
class TerminateOnNaN(Callback):
    """Terminates training when a NaN or infinite loss is encountered.

    After every training batch it reads the loss. By default it stops
    training gracefully, setting `model.stop_training = True` (the epoch ends
    and every callback's `on_train_end` still runs); with `raise_error=True`
    it raises a `RuntimeError` at once instead, so that no cleanup runs (to
    keep a backup state, for instance).

    Reading the loss after every batch waits for the device each batch: the
    one per-batch cost of this callback, inherent to stopping at the batch
    where the loss went bad.

    Args:
        raise_error: Whether to raise a `RuntimeError` instead of stopping
            gracefully.

    Example:

    ```python
    model.fit(x, y, callbacks=[kerastorch.callbacks.TerminateOnNaN()])
    model.fit(x, y, callbacks=[kerastorch.callbacks.TerminateOnNaN(raise_error=True)])
    ```
    """

    def __init__(self, raise_error: bool = False):
        super().__init__()
        self.raise_error = raise_error

    def on_batch_end(self, batch: int, logs=None) -> None:
        """Checks the loss of the batch; stops training (or raises) if it is NaN or infinite.

        Args:
            batch: Index of the batch within the epoch.
            logs: The batch's logs (those `train_step` returned).

        Raises:
            RuntimeError: If the loss is NaN or infinite and `raise_error=True`.
        """
        loss = (logs or {}).get("loss")
        if loss is None or np.isfinite(loss):
            return
        if self.raise_error:
            raise RuntimeError(
                f"NaN or Inf loss encountered at batch {batch}. Loss value: {loss}. "
                "Terminating training immediately."
            )
        print_msg(f"Batch {batch}: Invalid loss, terminating training")
        self.model.stop_training = True

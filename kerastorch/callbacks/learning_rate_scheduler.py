"""`LearningRateScheduler`: sets the learning rate at the start of every epoch."""

import numpy as np

from kerastorch.api_export import keras_export
from kerastorch.callbacks.callback import Callback
from kerastorch.callbacks.learning_rate_utils import learning_rate_logs
from kerastorch.callbacks.learning_rate_utils import named_optimizers
from kerastorch.utils.progbar import print_msg


@keras_export("keras.callbacks.LearningRateScheduler")
class LearningRateScheduler(Callback):
    """Sets the optimizer's learning rate from a function of the epoch.

    At the start of every epoch it calls `schedule(epoch, lr)` with the epoch
    index and the current learning rate (or `schedule(epoch)` if that raises
    a `TypeError`, the older form) and sets the optimizer's learning rate to
    the result. At the end of every epoch it logs the learning rate as
    `learning_rate`.

    Args:
        schedule: A function taking the epoch index (from 0) and the current
            learning rate (a float), and returning the new learning rate (a
            float).
        verbose: 0 (quiet) or 1 (prints the new learning rate every epoch).

    Example:

    ```python
    def scheduler(epoch, lr):
        return lr if epoch < 10 else lr * math.exp(-0.1)

    model.compile(kerastorch.optimizers.SGD(), loss="mse")
    callback = kerastorch.callbacks.LearningRateScheduler(scheduler)
    model.fit(x, y, epochs=15, callbacks=[callback], verbose=0)
    round(float(model.optimizer.learning_rate), 5)  # 0.00607
    ```
    """

    def __init__(self, schedule, verbose: int = 0):
        super().__init__()
        self.schedule = schedule
        self.verbose = verbose

    def _update_optimizer_lr(self, optimizer, epoch: int) -> float:
        if not hasattr(optimizer, "learning_rate"):
            raise ValueError('Optimizer must have a "learning_rate" attribute.')
        try:
            learning_rate = self.schedule(epoch, float(optimizer.learning_rate))
        except TypeError:
            # The older one-argument form, `schedule(epoch)` (as Keras, any
            # TypeError raised by the schedule itself lands here too).
            learning_rate = self.schedule(epoch)
        if not isinstance(learning_rate, (float, np.float32, np.float64)):
            raise ValueError(
                f"The output of the `schedule` function should be a float. Got: {learning_rate}"
            )
        optimizer.learning_rate = learning_rate
        return learning_rate

    def on_epoch_begin(self, epoch: int, logs=None) -> None:
        """Sets the learning rate of the epoch (of each inner optimizer, for a `MultiOptimizer`)."""
        for name, optimizer in named_optimizers(self.model.optimizer):
            learning_rate = self._update_optimizer_lr(optimizer, epoch)
            if self.verbose > 0:
                name_str = f"{name} " if name else ""
                print_msg(
                    f"\nEpoch {epoch + 1}: LearningRateScheduler setting {name_str}learning "
                    f"rate to {learning_rate}."
                )

    def on_epoch_end(self, epoch: int, logs=None) -> None:
        """Adds the learning rate to the epoch's logs (so `History` records it)."""
        logs = logs or {}
        logs.update(learning_rate_logs(self.model.optimizer))

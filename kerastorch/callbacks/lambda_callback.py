"""`LambdaCallback`: a callback made of plain functions, one per hook."""

from kerastorch.api_export import keras_export
from kerastorch.callbacks.callback import Callback


@keras_export("keras.callbacks.LambdaCallback")
class LambdaCallback(Callback):
    """Builds a simple custom callback from functions.

    Each function given replaces the hook of the same name; it is called with
    the hook's arguments:

    - `on_epoch_begin` and `on_epoch_end`: `epoch`, `logs` (positional);
    - `on_train_begin` and `on_train_end`: `logs` (positional);
    - `on_train_batch_begin` and `on_train_batch_end`: `batch` (positional)
      and `logs` (keyword).

    Args:
        on_epoch_begin: Called at the start of every epoch.
        on_epoch_end: Called at the end of every epoch.
        on_train_begin: Called at the start of training.
        on_train_end: Called at the end of training.
        on_train_batch_begin: Called at the start of every training batch.
        on_train_batch_end: Called at the end of every training batch.
        **kwargs: Any other hook of `Callback` (e.g.
            `on_test_end=lambda logs: ...`), with that hook's arguments.

    Example:

    ```python
    batch_print_callback = kerastorch.callbacks.LambdaCallback(
        on_train_batch_begin=lambda batch, logs: print(batch))
    json_log = open("loss_log.json", mode="wt", buffering=1)
    json_logging_callback = kerastorch.callbacks.LambdaCallback(
        on_epoch_end=lambda epoch, logs: json_log.write(
            json.dumps({"epoch": epoch, "loss": logs["loss"]}) + "\\n"),
        on_train_end=lambda logs: json_log.close())
    model.fit(x, y, callbacks=[batch_print_callback, json_logging_callback])
    ```
    """

    def __init__(
        self,
        on_epoch_begin=None,
        on_epoch_end=None,
        on_train_begin=None,
        on_train_end=None,
        on_train_batch_begin=None,
        on_train_batch_end=None,
        **kwargs,
    ):
        super().__init__()
        self.__dict__.update(kwargs)
        hooks = {
            "on_epoch_begin": on_epoch_begin,
            "on_epoch_end": on_epoch_end,
            "on_train_begin": on_train_begin,
            "on_train_end": on_train_end,
            "on_train_batch_begin": on_train_batch_begin,
            "on_train_batch_end": on_train_batch_end,
        }
        self.__dict__.update({name: fn for name, fn in hooks.items() if fn is not None})

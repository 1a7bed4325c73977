"""`CallbackList`: calls every callback's hook at once, as the training loop needs."""

from kerastorch.api_export import keras_export
from kerastorch.callbacks.callback import Callback
from kerastorch.callbacks.history import History
from kerastorch.callbacks.progbar_logger import ProgbarLogger
from kerastorch.utils.logs_utils import LogsView
from kerastorch.utils.logs_utils import logs_to_python


def _flatten_callbacks(callbacks) -> list:
    """Flattens nested lists / tuples of callbacks into one list."""
    if isinstance(callbacks, (list, tuple)):
        return [cb for item in callbacks for cb in _flatten_callbacks(item)]
    return [callbacks]


@keras_export("keras.callbacks.CallbackList")
class CallbackList(Callback):
    """Container that calls the same hook on a list of callbacks.

    Every callback gets logs as Keras gives them: a flat dict of Python floats,
    keys sorted. Epoch- and run-level logs are converted at once; batch-level
    logs are passed as a `LogsView` that converts (and syncs with the device)
    only the values a callback actually reads.

    Args:
        callbacks: List of `Callback` instances (nested lists are flattened).
        add_history: Whether to add a `History` if the list has none.
        add_progbar: Whether to add a `ProgbarLogger` if the list has none.
        model: The `Model` the callbacks work with.
        **params: Training parameters passed to each callback's `set_params`
            (`verbose`, `epochs`, `steps`).

    Example:

    ```python
    callbacks = CallbackList([MyCallback()], add_history=True, model=model,
                             verbose=1, epochs=2, steps=10)
    callbacks.on_train_begin()
    for epoch in range(2):
        callbacks.on_epoch_begin(epoch)
        for step in range(10):
            callbacks.on_train_batch_begin(step)
            logs = train_step(...)
            callbacks.on_train_batch_end(step, logs)
        callbacks.on_epoch_end(epoch, epoch_logs)
    callbacks.on_train_end(epoch_logs)
    ```
    """

    def __init__(
        self,
        callbacks=None,
        add_history: bool = False,
        add_progbar: bool = False,
        model=None,
        **params,
    ):
        super().__init__()
        self.callbacks = _flatten_callbacks(callbacks) if callbacks else []
        self._add_default_callbacks(add_history, add_progbar)
        self.set_model(model)
        self.set_params(params)

    def _add_default_callbacks(self, add_history: bool, add_progbar: bool) -> None:
        self._history = None
        self._progbar = None
        for callback in self.callbacks:
            if isinstance(callback, ProgbarLogger):
                self._progbar = callback
            elif isinstance(callback, History):
                self._history = callback
        if self._history is None and add_history:
            self._history = History()
            self.callbacks.append(self._history)
        if self._progbar is None and add_progbar:
            self._progbar = ProgbarLogger()
            self.callbacks.append(self._progbar)

    def set_params(self, params: dict) -> None:
        """Passes `params` to every callback (if `params` is not empty).

        Args:
            params: Dict of training parameters.
        """
        self.params = params
        if params:
            for callback in self.callbacks:
                callback.set_params(params)

    def set_model(self, model) -> None:
        """Passes `model` to every callback and sets `model.history` (if `model` is given).

        Args:
            model: The `Model`, or `None` to leave the callbacks as they are.
        """
        if model is None:
            return
        super().set_model(model)
        if self._history is not None:
            model.history = self._history
        for callback in self.callbacks:
            callback.set_model(model)

    def _call(self, hook: str, *args, logs=None) -> None:
        # As Keras: batch hooks get `logs=` by keyword, the others by position.
        if "batch" in hook:
            for callback in self.callbacks:
                getattr(callback, hook)(*args, logs=logs)
        else:
            for callback in self.callbacks:
                getattr(callback, hook)(*args, logs)

    def on_batch_begin(self, batch: int, logs=None) -> None:
        """Calls `on_batch_begin` on every callback."""
        self._call("on_batch_begin", batch, logs=LogsView(logs))

    def on_batch_end(self, batch: int, logs=None) -> None:
        """Calls `on_batch_end` on every callback."""
        self._call("on_batch_end", batch, logs=LogsView(logs))

    def on_epoch_begin(self, epoch: int, logs=None) -> None:
        """Calls `on_epoch_begin` on every callback."""
        self._call("on_epoch_begin", epoch, logs=logs_to_python(logs))

    def on_epoch_end(self, epoch: int, logs=None) -> None:
        """Calls `on_epoch_end` on every callback, with `logs` as Python floats."""
        self._call("on_epoch_end", epoch, logs=logs_to_python(logs))

    def on_train_batch_begin(self, batch: int, logs=None) -> None:
        """Calls `on_train_batch_begin` on every callback."""
        self._call("on_train_batch_begin", batch, logs=LogsView(logs))

    def on_train_batch_end(self, batch: int, logs=None) -> None:
        """Calls `on_train_batch_end` on every callback, with lazily converted `logs`."""
        self._call("on_train_batch_end", batch, logs=LogsView(logs))

    def on_test_batch_begin(self, batch: int, logs=None) -> None:
        """Calls `on_test_batch_begin` on every callback."""
        self._call("on_test_batch_begin", batch, logs=LogsView(logs))

    def on_test_batch_end(self, batch: int, logs=None) -> None:
        """Calls `on_test_batch_end` on every callback, with lazily converted `logs`."""
        self._call("on_test_batch_end", batch, logs=LogsView(logs))

    def on_predict_batch_begin(self, batch: int, logs=None) -> None:
        """Calls `on_predict_batch_begin` on every callback."""
        self._call("on_predict_batch_begin", batch, logs=LogsView(logs))

    def on_predict_batch_end(self, batch: int, logs=None) -> None:
        """Calls `on_predict_batch_end` on every callback, with lazily converted `logs`."""
        self._call("on_predict_batch_end", batch, logs=LogsView(logs))

    def on_train_begin(self, logs=None) -> None:
        """Calls `on_train_begin` on every callback."""
        self._call("on_train_begin", logs=logs_to_python(logs))

    def on_train_end(self, logs=None) -> None:
        """Calls `on_train_end` on every callback."""
        self._call("on_train_end", logs=logs_to_python(logs))

    def on_test_begin(self, logs=None) -> None:
        """Calls `on_test_begin` on every callback."""
        self._call("on_test_begin", logs=logs_to_python(logs))

    def on_test_end(self, logs=None) -> None:
        """Calls `on_test_end` on every callback."""
        self._call("on_test_end", logs=logs_to_python(logs))

    def on_predict_begin(self, logs=None) -> None:
        """Calls `on_predict_begin` on every callback."""
        self._call("on_predict_begin", logs=logs_to_python(logs))

    def on_predict_end(self, logs=None) -> None:
        """Calls `on_predict_end` on every callback."""
        self._call("on_predict_end", logs=logs_to_python(logs))

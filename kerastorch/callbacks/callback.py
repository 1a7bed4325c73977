"""`Callback`: the base class of objects that hook into `fit`, `evaluate`, `predict`."""

from torch.nn.parallel import DistributedDataParallel

from kerastorch.api_export import keras_export


@keras_export("keras.callbacks.Callback")
class Callback:
    """Base class of callbacks: override the hooks for the stages you need.

    Every hook does nothing by default. Batch-level `logs` may be lazy: each
    value is read off the device only when the callback reads it, so a
    callback that ignores its logs costs the training loop nothing.

    Attributes:
        params: Dict of training parameters (`verbose`, `epochs`, `steps`).
        model: The `Model` being trained, evaluated or used for prediction.

    Example:

    ```python
    class PrintLoss(kerastorch.callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            print(f"epoch {epoch}: loss {logs['loss']:.4f}")

    model.fit(x, y, epochs=3, callbacks=[PrintLoss()])
    ```
    """

    def __init__(self):
        self.params = None
        self._model = None

    def set_params(self, params: dict) -> None:
        """Stores the training parameters.

        Args:
            params: Dict such as `{"verbose": 1, "epochs": 5, "steps": 100}`.
        """
        self.params = params

    def set_model(self, model) -> None:
        """Stores the model the callback works with.

        Args:
            model: A `Model` (or a `DistributedDataParallel` wrapping one).
        """
        self._model = model

    @property
    def model(self):
        """The model; a `DistributedDataParallel` wrapper is unwrapped, as in Keras."""
        if isinstance(self._model, DistributedDataParallel):
            return self._model.module
        return self._model

    def on_batch_begin(self, batch: int, logs=None) -> None:
        """Alias of `on_train_batch_begin`, kept for backward compatibility."""

    def on_batch_end(self, batch: int, logs=None) -> None:
        """Alias of `on_train_batch_end`, kept for backward compatibility."""

    def on_epoch_begin(self, epoch: int, logs=None) -> None:
        """Called at the start of a training epoch.

        Args:
            epoch: Index of the epoch (0-based).
            logs: Dict; currently empty.
        """

    def on_epoch_end(self, epoch: int, logs=None) -> None:
        """Called at the end of a training epoch.

        Args:
            epoch: Index of the epoch (0-based).
            logs: Dict of metric results of the epoch, validation results
                prefixed `val_`, e.g. `{"loss": 0.2, "val_loss": 0.3}`.
        """

    def on_train_batch_begin(self, batch: int, logs=None) -> None:
        """Called at the start of a training batch in `fit`.

        Args:
            batch: Index of the batch within the epoch.
            logs: Dict; currently empty.
        """
        self.on_batch_begin(batch, logs=logs)

    def on_train_batch_end(self, batch: int, logs=None) -> None:
        """Called at the end of a training batch in `fit`.

        Args:
            batch: Index of the batch within the epoch.
            logs: Mapping of metric results aggregated up to this batch.
        """
        self.on_batch_end(batch, logs=logs)

    def on_test_batch_begin(self, batch: int, logs=None) -> None:
        """Called at the start of a batch in `evaluate` (and validation in `fit`).

        Args:
            batch: Index of the batch.
            logs: Dict; currently empty.
        """

    def on_test_batch_end(self, batch: int, logs=None) -> None:
        """Called at the end of a batch in `evaluate` (and validation in `fit`).

        Args:
            batch: Index of the batch.
            logs: Mapping of metric results aggregated up to this batch.
        """

    def on_predict_batch_begin(self, batch: int, logs=None) -> None:
        """Called at the start of a batch in `predict`.

        Args:
            batch: Index of the batch.
            logs: Dict; currently empty.
        """

    def on_predict_batch_end(self, batch: int, logs=None) -> None:
        """Called at the end of a batch in `predict`.

        Args:
            batch: Index of the batch.
            logs: Mapping holding the batch's `outputs`.
        """

    def on_train_begin(self, logs=None) -> None:
        """Called at the start of `fit`.

        Args:
            logs: Dict; currently empty.
        """

    def on_train_end(self, logs=None) -> None:
        """Called at the end of `fit`.

        Args:
            logs: Dict; the logs of the last epoch.
        """

    def on_test_begin(self, logs=None) -> None:
        """Called at the start of `evaluate` or of a validation pass.

        Args:
            logs: Dict; currently empty.
        """

    def on_test_end(self, logs=None) -> None:
        """Called at the end of `evaluate` or of a validation pass.

        Args:
            logs: Dict of the evaluation's metric results.
        """

    def on_predict_begin(self, logs=None) -> None:
        """Called at the start of `predict`.

        Args:
            logs: Dict; currently empty.
        """

    def on_predict_end(self, logs=None) -> None:
        """Called at the end of `predict`.

        Args:
            logs: Dict; currently empty.
        """

"""`ProgbarLogger`: the progress bar that `fit`, `evaluate` and `predict` print."""

import time

from kerastorch.api_export import keras_export
from kerastorch.callbacks.callback import Callback
from kerastorch.utils.logs_utils import to_python
from kerastorch.utils.progbar import Progbar
from kerastorch.utils.progbar import print_msg


@keras_export("keras.callbacks.ProgbarLogger")
class ProgbarLogger(Callback):
    """Prints the progress bar and metrics, exactly as Keras 3 does.

    With `verbose=1` the bar is redrawn at most every 0.05 s and metric values
    are read off the device only for those redraws; with `verbose=2` one line
    is printed per epoch. Inside `fit`, the validation pass prints nothing of
    its own: its results appear on the epoch's line as `val_*`.

    Args:
        count_mode: What the bar counts; only `"steps"` (batches), as in
            Keras 3. (Keras 2's `"samples"` is not supported.)

    Example:

    ```python
    model.fit(x, y, epochs=2, verbose=1)  # adds a ProgbarLogger itself
    ```
    """

    def __init__(self, count_mode: str = "steps"):
        super().__init__()
        if count_mode != "steps":
            raise ValueError(
                'ProgbarLogger counts steps: `count_mode` must be "steps". '
                f"Received: count_mode={count_mode}"
            )
        self.seen = 0
        self.progbar = None
        self.target = None
        self.verbose = 1
        self.epochs = 1
        self._called_in_fit = False

    def set_params(self, params: dict) -> None:
        """Reads `verbose` (`"auto"` means 1), `epochs` and `steps` (the bar's target).

        Args:
            params: Dict with keys `"verbose"`, `"epochs"` and `"steps"`.
        """
        super().set_params(params)
        verbose = params["verbose"]
        self.verbose = 1 if verbose == "auto" else verbose
        self.epochs = params["epochs"]
        self.target = params["steps"]

    def on_train_begin(self, logs=None) -> None:
        """Marks that we are inside `fit`, so validation passes stay silent."""
        self._called_in_fit = True

    def on_test_begin(self, logs=None) -> None:
        """Starts a new bar for `evaluate` (not for validation inside `fit`)."""
        if not self._called_in_fit:
            self._reset_progbar()
            self._maybe_init_progbar()

    def on_predict_begin(self, logs=None) -> None:
        """Starts a new bar for `predict`."""
        self._reset_progbar()
        self._maybe_init_progbar()

    def on_epoch_begin(self, epoch: int, logs=None) -> None:
        """Starts a new bar and prints `Epoch i/n` when there are several epochs."""
        self._reset_progbar()
        self._maybe_init_progbar()
        if self.verbose and self.epochs > 1:
            print_msg(f"Epoch {epoch + 1}/{self.epochs}")

    def on_train_batch_end(self, batch: int, logs=None) -> None:
        """Advances the bar; reads `logs` only if the bar redraws now."""
        self._update_progbar(batch, logs)

    def on_test_batch_end(self, batch: int, logs=None) -> None:
        """Advances the `evaluate` bar; reads `logs` only if it redraws now."""
        if not self._called_in_fit:
            self._update_progbar(batch, logs)

    def on_predict_batch_end(self, batch: int, logs=None) -> None:
        """Advances the `predict` bar (predictions are not shown)."""
        self._update_progbar(batch, None)

    def on_epoch_end(self, epoch: int, logs=None) -> None:
        """Prints the epoch's final line with its metrics."""
        self._finalize_progbar(logs)

    def on_test_end(self, logs=None) -> None:
        """Prints the final line of `evaluate`."""
        if not self._called_in_fit:
            self._finalize_progbar(logs)

    def on_predict_end(self, logs=None) -> None:
        """Prints the final line of `predict`."""
        self._finalize_progbar(logs)

    def _reset_progbar(self) -> None:
        self.seen = 0
        self.progbar = None

    def _maybe_init_progbar(self) -> None:
        if self.progbar is None:
            # All metrics stateful: the loop already reports running averages.
            self.progbar = Progbar(
                target=self.target,
                verbose=self.verbose,
                unit_name="step",
                stateless_metrics=set(),
            )

    def _show(self, current: int, logs, finalize: bool) -> None:
        """Updates the bar, converting `logs` to floats only if it redraws."""
        now = time.time()
        values = None
        if logs is not None and self.progbar.would_display(current, finalize=finalize, now=now):
            values = [(name, to_python(value)) for name, value in logs.items()]
        self.progbar.update(current, values, finalize=finalize, now=now)

    def _update_progbar(self, batch: int, logs) -> None:
        self._maybe_init_progbar()
        self.seen = batch + 1  # One-indexed.
        if self.verbose == 1:
            self._show(self.seen, logs, finalize=False)

    def _finalize_progbar(self, logs) -> None:
        if self.target is None:
            self.target = self.seen
            self.progbar.target = self.target
        self._show(self.target, logs, finalize=True)

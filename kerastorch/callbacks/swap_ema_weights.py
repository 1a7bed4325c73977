"""`SwapEMAWeights`: evaluates (and optionally checkpoints) with the optimizer's EMA weights."""

import torch

from kerastorch.api_export import keras_export
from kerastorch.callbacks.callback import Callback


@keras_export("keras.callbacks.SwapEMAWeights")
class SwapEMAWeights(Callback):
    """Swaps the model's weights with their moving average around evaluation.

    Use it with an optimizer created with `use_ema=True`: before evaluation
    (and validation inside `fit`) and prediction, the model's trainable
    weights are exchanged with the optimizer's exponential moving average of
    them ("Polyak averaging"), and exchanged back afterwards. The swap copies
    tensors on the device. Modifying the EMA weights or the model weights in
    other callbacks meanwhile gives undefined results.

    Unlike Keras 3.15, whose `on_predict_end` forgets to swap back (leaving
    the EMA weights in the model after `predict`), the weights are restored
    after prediction too.

    Args:
        swap_on_epoch: Whether to also swap at `on_epoch_end` and back at
            `on_epoch_begin`, so that the callbacks after this one (e.g.
            `ModelCheckpoint`) see the EMA weights at the end of each epoch.

    Example:

    ```python
    model.compile(optimizer=kerastorch.optimizers.SGD(use_ema=True), loss="mse")
    # Validation metrics are computed with the EMA weights.
    model.fit(x, y, validation_split=0.2, callbacks=[SwapEMAWeights()])
    ```
    """

    def __init__(self, swap_on_epoch: bool = False):
        super().__init__()
        self.swap_on_epoch = swap_on_epoch
        self._ema_weights_in_model = False

    def _ema_optimizers(self) -> list:
        """The optimizers holding moving averages (inner ones of wrappers and `MultiOptimizer`)."""
        optimizer = self.model.optimizer
        optimizer = getattr(optimizer, "inner_optimizer", optimizer)
        if hasattr(optimizer, "optimizers"):
            optimizers = [opt for opt in optimizer.optimizers if getattr(opt, "use_ema", False)]
            if not optimizers:
                raise ValueError(
                    "SwapEMAWeights must be used when at least one inner optimizer has "
                    "`use_ema=True` set. Received a MultiOptimizer with all inner optimizers "
                    "having `use_ema=False`."
                )
        else:
            optimizers = [optimizer]
        for opt in optimizers:
            if not hasattr(opt, "_model_variables_moving_average"):
                raise ValueError(
                    "SwapEMAWeights must be used when `use_ema=True` is set on the "
                    f"optimizer. Received: use_ema={opt.use_ema}"
                )
        return optimizers

    @torch.no_grad()
    def _swap_variables(self) -> None:
        for optimizer in self._ema_optimizers():
            variables = list(optimizer._trainable_variables)
            averages = list(optimizer._model_variables_moving_average)
            saved = [variable.clone() for variable in variables]
            torch._foreach_copy_(variables, averages)
            torch._foreach_copy_(averages, saved)

    @torch.no_grad()
    def _finalize_ema_values(self) -> None:
        """Sets the averages to the (EMA) weights now in the model."""
        for optimizer in self._ema_optimizers():
            torch._foreach_copy_(list(optimizer._model_variables_moving_average),
                                 list(optimizer._trainable_variables))

    def _swap_in(self) -> None:
        if not self._ema_weights_in_model:
            self._swap_variables()
            self._ema_weights_in_model = True

    def _swap_out(self) -> None:
        if self._ema_weights_in_model:
            self._swap_variables()
            self._ema_weights_in_model = False

    def on_epoch_begin(self, epoch: int, logs=None) -> None:
        """With `swap_on_epoch`, puts the trained weights back for the epoch."""
        if self.swap_on_epoch:
            self._swap_out()

    def on_epoch_end(self, epoch: int, logs=None) -> None:
        """With `swap_on_epoch`, puts the EMA weights in the model."""
        if self.swap_on_epoch and not self._ema_weights_in_model:
            self._swap_in()
            # `fit` ends by copying the averages into the weights: after the
            # last epoch the averages must hold the EMA values again (they
            # hold the trained weights since the swap).
            if epoch == self.params["epochs"] - 1:
                self._finalize_ema_values()

    def on_test_begin(self, logs=None) -> None:
        """Puts the EMA weights in the model for evaluation."""
        self._swap_in()

    def on_test_end(self, logs=None) -> None:
        """Puts the trained weights back after evaluation."""
        self._swap_out()

    def on_predict_begin(self, logs=None) -> None:
        """Puts the EMA weights in the model for prediction."""
        self._swap_in()

    def on_predict_end(self, logs=None) -> None:
        """Puts the trained weights back after prediction."""
        self._swap_out()

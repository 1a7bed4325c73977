"""The Adadelta optimizer: step sizes from moving averages of gradients and updates."""

import torch

from kerastorch.api_export import keras_export
from kerastorch.optimizers.foreach_utils import foreach_add_scaled_
from kerastorch.optimizers.optimizer import Optimizer


@keras_export("keras.optimizers.Adadelta")
class Adadelta(Optimizer):
    """Optimizer that implements the Adadelta algorithm (Zeiler, 2012).

    A more robust Adagrad: it adapts the step size from a moving window of
    gradients and of past updates instead of the sum of all gradients. The
    update, as in Keras (the learning rate multiplies the Adadelta step):

    ```python
    accumulated_grad = rho * accumulated_grad + (1 - rho) * g**2
    delta = -sqrt(accumulated_delta_var + epsilon) / sqrt(accumulated_grad + epsilon) * g
    accumulated_delta_var = rho * accumulated_delta_var + (1 - rho) * delta**2
    w = w + learning_rate * delta
    ```

    Args:
        learning_rate: A float, a `LearningRateSchedule`, or a callable
            returning the learning rate. Defaults to `0.001` (the paper's
            form is `1.0`).
        rho: Float, the decay rate of the moving averages. Defaults to `0.95`.
        epsilon: Float added under the square roots. Defaults to `1e-7`.
        {{base_optimizer_keyword_args}}

    Example:

    >>> optimizer = kerastorch.optimizers.Adadelta(learning_rate=1.0)
    >>> optimizer.apply([p.grad for p in params], params)
    """

    def __init__(
        self,
        learning_rate=0.001,
        rho: float = 0.95,
        epsilon: float = 1e-7,
        **kwargs,
    ):
        super().__init__(learning_rate=learning_rate, **kwargs)
        self.rho = rho
        self.epsilon = epsilon

    def build(self, variables) -> None:
        """Creates `accumulated_grad` and `accumulated_delta_var` slots per variable.

        Args:
            variables: The model variables.
        """
        if self.built:
            return
        super().build(variables)
        self._accumulated_grads, self._accumulated_delta_vars = self.add_optimizer_variables(
            variables, ["accumulated_grad", "accumulated_delta_var"]
        )

    def update_step_foreach(self, grads, variables, learning_rate, slots) -> None:
        """Applies one Adadelta step to a device/dtype group.

        See `Optimizer.update_step_foreach`.
        """
        accumulated_grads = slots["accumulated_grad"]
        accumulated_deltas = slots["accumulated_delta_var"]
        torch._foreach_mul_(accumulated_grads, self.rho)
        torch._foreach_addcmul_(accumulated_grads, grads, grads, value=1 - self.rho)
        # `steps` is `-delta`: sqrt(accumulated_delta_var + eps) * g / sqrt(accumulated_grad + eps).
        steps = torch._foreach_add(accumulated_deltas, self.epsilon)
        torch._foreach_sqrt_(steps)
        torch._foreach_mul_(steps, grads)
        denominators = torch._foreach_add(accumulated_grads, self.epsilon)
        torch._foreach_sqrt_(denominators)
        torch._foreach_div_(steps, denominators)
        torch._foreach_mul_(accumulated_deltas, self.rho)
        torch._foreach_addcmul_(accumulated_deltas, steps, steps, value=1 - self.rho)
        foreach_add_scaled_(variables, steps, -learning_rate)

    def get_config(self) -> dict:
        """Returns the constructor arguments, with Keras's keys."""
        config = super().get_config()
        config.update({"rho": self.rho, "epsilon": self.epsilon})
        return config

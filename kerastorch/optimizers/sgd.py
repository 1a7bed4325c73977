"""Stochastic gradient descent, with optional (Nesterov) momentum."""

import torch

from kerastorch.api_export import keras_export
from kerastorch.optimizers.foreach_utils import foreach_add_scaled_
from kerastorch.optimizers.optimizer import Optimizer


@keras_export("keras.optimizers.SGD")
class SGD(Optimizer):
    """Gradient descent (with momentum) optimizer.

    With `momentum == 0`: `w = w - learning_rate * g`. Otherwise, as in Keras
    (the learning rate is folded into the velocity, unlike `torch.optim.SGD`):

    ```python
    velocity = momentum * velocity - learning_rate * g
    w = w + velocity                                  # nesterov=False
    w = w + momentum * velocity - learning_rate * g   # nesterov=True
    ```

    Args:
        learning_rate: A float, a `LearningRateSchedule`, or a callable
            returning the learning rate. Defaults to `0.01`.
        momentum: Float in `[0, 1]` that accelerates descent along consistent
            directions; `0.0` is plain gradient descent. Defaults to `0.0`.
        nesterov: Boolean, whether to apply Nesterov momentum. Defaults to
            `False`.
        {{base_optimizer_keyword_args}}

    Example:

    >>> optimizer = kerastorch.optimizers.SGD(learning_rate=0.1, momentum=0.9)
    >>> optimizer.apply([p.grad for p in params], params)
    """

    def __init__(
        self,
        learning_rate=0.01,
        momentum: float = 0.0,
        nesterov: bool = False,
        **kwargs,
    ):
        super().__init__(learning_rate=learning_rate, **kwargs)
        if not isinstance(momentum, float) or momentum < 0 or momentum > 1:
            raise ValueError("`momentum` must be a float between [0, 1].")
        self.momentum = momentum
        self.nesterov = nesterov

    def build(self, variables) -> None:
        """Creates a `momentum` slot per variable (only when `momentum != 0`).

        Args:
            variables: The model variables.
        """
        if self.built:
            return
        super().build(variables)
        self.momentums = []
        if self.momentum != 0:
            self.momentums = self.add_optimizer_variables(variables, "momentum")

    def update_step_foreach(self, grads, variables, learning_rate, slots) -> None:
        """Applies one SGD step to a device/dtype group; see `Optimizer.update_step_foreach`."""
        if self.momentum == 0:
            foreach_add_scaled_(variables, grads, -learning_rate)
            return
        velocities = slots["momentum"]
        torch._foreach_mul_(velocities, self.momentum)
        foreach_add_scaled_(velocities, grads, -learning_rate)
        if self.nesterov:
            foreach_add_scaled_(variables, grads, -learning_rate)
            torch._foreach_add_(variables, velocities, alpha=self.momentum)
        else:
            torch._foreach_add_(variables, velocities)

    def get_config(self) -> dict:
        """Returns the constructor arguments, with Keras's keys."""
        config = super().get_config()
        config.update({"momentum": self.momentum, "nesterov": self.nesterov})
        return config

"""The RMSprop optimizer, with Keras's epsilon placement and default."""

import torch

from kerastorch.api_export import keras_export
from kerastorch.optimizers.foreach_utils import foreach_addcdiv_scaled_
from kerastorch.optimizers.optimizer import Optimizer


@keras_export("keras.optimizers.RMSprop")
class RMSprop(Optimizer):
    """Optimizer that implements the RMSprop algorithm (Hinton, 2012).

    It divides the gradient by the root of a moving average of its square.
    The update, as in Keras (epsilon inside the square root):

    ```python
    v = rho * v + (1 - rho) * g**2
    a = rho * a + (1 - rho) * g                        # centered only
    increment = learning_rate * g / sqrt(v - a**2 + epsilon)   # no a**2 if not centered
    m = momentum * m + increment                       # momentum > 0 only
    w = w - m                                          # w - increment without momentum
    ```

    Args:
        learning_rate: A float, a `LearningRateSchedule`, or a callable
            returning the learning rate. Defaults to `0.001`.
        rho: Float, discounting factor of the moving averages. Defaults to `0.9`.
        momentum: Float; if positive, a (non-Nesterov) momentum is kept.
            Defaults to `0.0`.
        epsilon: Float added under the square root for stability. Defaults
            to `1e-7`.
        centered: Boolean; if `True`, the gradient is normalized by an
            estimate of its variance instead of its second moment. Defaults
            to `False`.
        {{base_optimizer_keyword_args}}

    Example:

    >>> optimizer = kerastorch.optimizers.RMSprop(learning_rate=1e-3, centered=True)
    >>> optimizer.apply([p.grad for p in params], params)
    """

    def __init__(
        self,
        learning_rate=0.001,
        rho: float = 0.9,
        momentum: float = 0.0,
        epsilon: float = 1e-7,
        centered: bool = False,
        **kwargs,
    ):
        super().__init__(learning_rate=learning_rate, **kwargs)
        self.rho = rho
        self.momentum = momentum
        self.epsilon = epsilon
        self.centered = centered

    def build(self, variables) -> None:
        """Creates `velocity` slots, then `momentum` and `average_gradient` ones if used.

        Args:
            variables: The model variables.
        """
        if self.built:
            return
        super().build(variables)
        self._velocities = self.add_optimizer_variables(variables, "velocity")
        self._momentums = []
        if self.momentum > 0:
            self._momentums = self.add_optimizer_variables(variables, "momentum")
        self._average_gradients = []
        if self.centered:
            self._average_gradients = self.add_optimizer_variables(variables, "average_gradient")

    def update_step_foreach(self, grads, variables, learning_rate, slots) -> None:
        """Applies one RMSprop step to a device/dtype group; see `Optimizer.update_step_foreach`."""
        velocities = slots["velocity"]
        torch._foreach_mul_(velocities, self.rho)
        torch._foreach_addcmul_(velocities, grads, grads, value=1 - self.rho)
        if self.centered:
            average_grads = slots["average_gradient"]
            torch._foreach_lerp_(average_grads, grads, 1 - self.rho)
            denominators = torch._foreach_addcmul(
                velocities, average_grads, average_grads, value=-1
            )
            torch._foreach_add_(denominators, self.epsilon)
        else:
            denominators = torch._foreach_add(velocities, self.epsilon)
        torch._foreach_sqrt_(denominators)
        if self.momentum > 0:
            momentums = slots["momentum"]
            torch._foreach_mul_(momentums, self.momentum)
            foreach_addcdiv_scaled_(momentums, grads, denominators, learning_rate)
            torch._foreach_sub_(variables, momentums)
        else:
            foreach_addcdiv_scaled_(variables, grads, denominators, -learning_rate)

    def get_config(self) -> dict:
        """Returns the constructor arguments, with Keras's keys."""
        config = super().get_config()
        config.update(
            {
                "rho": self.rho,
                "momentum": self.momentum,
                "epsilon": self.epsilon,
                "centered": self.centered,
            }
        )
        return config

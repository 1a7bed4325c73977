"""The Lion optimizer: sign of an interpolated momentum (Chen et al., 2023)."""

import torch

from kerastorch.api_export import keras_export
from kerastorch.optimizers.foreach_utils import foreach_add_scaled_
from kerastorch.optimizers.optimizer import Optimizer


@keras_export("keras.optimizers.Lion")
class Lion(Optimizer):
    """Optimizer that implements the Lion algorithm.

    Lion keeps only a momentum and moves each weight by the learning rate
    times the sign of an interpolation of momentum and gradient. Its updates
    have a larger norm than Adam's, so a learning rate 3-10x smaller (and a
    weight decay 3-10x larger) than AdamW's is typical. The update, as in Keras:

    ```python
    w = w - learning_rate * sign(beta_1 * m + (1 - beta_1) * g)
    m = beta_2 * m + (1 - beta_2) * g
    ```

    Args:
        learning_rate: A float, a `LearningRateSchedule`, or a callable
            returning the learning rate. Defaults to `0.001`.
        beta_1: Float in `(0, 1]`, the interpolation factor of the update
            direction. Defaults to `0.9`.
        beta_2: Float, the decay rate of the momentum. Defaults to `0.99`.
        {{base_optimizer_keyword_args}}

    Example:

    >>> optimizer = kerastorch.optimizers.Lion(learning_rate=1e-4, weight_decay=0.1)
    >>> optimizer.apply([p.grad for p in params], params)
    """

    def __init__(
        self,
        learning_rate=0.001,
        beta_1: float = 0.9,
        beta_2: float = 0.99,
        **kwargs,
    ):
        super().__init__(learning_rate=learning_rate, **kwargs)
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        if beta_1 <= 0 or beta_1 > 1:
            raise ValueError(
                "Argument `beta_1` must be in the [0, 1] range. Otherwise, the "
                f"optimizer degenerates to SignSGD. Received: beta_1={beta_1}."
            )

    def build(self, variables) -> None:
        """Creates a `momentum` slot per variable.

        Args:
            variables: The model variables.
        """
        if self.built:
            return
        super().build(variables)
        self._momentums = self.add_optimizer_variables(variables, "momentum")

    def update_step_foreach(self, grads, variables, learning_rate, slots) -> None:
        """Applies one Lion step to a device/dtype group; see `Optimizer.update_step_foreach`."""
        momentums = slots["momentum"]
        directions = torch._foreach_mul(momentums, self.beta_1)
        torch._foreach_add_(directions, grads, alpha=1 - self.beta_1)
        torch._foreach_sign_(directions)
        foreach_add_scaled_(variables, directions, -learning_rate)
        torch._foreach_mul_(momentums, self.beta_2)
        torch._foreach_add_(momentums, grads, alpha=1 - self.beta_2)

    def get_config(self) -> dict:
        """Returns the constructor arguments, with Keras's keys."""
        config = super().get_config()
        config.update({"beta_1": self.beta_1, "beta_2": self.beta_2})
        return config

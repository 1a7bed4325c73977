"""The Lamb optimizer: Adam steps rescaled per variable by a trust ratio (You et al., 2019)."""

import numpy as np
import torch

from kerastorch.api_export import keras_export
from kerastorch.optimizers.foreach_utils import foreach_add_scaled_
from kerastorch.optimizers.foreach_utils import host_float_type
from kerastorch.optimizers.optimizer import Optimizer


@keras_export("keras.optimizers.Lamb")
class Lamb(Optimizer):
    """Optimizer that implements the Lamb algorithm.

    Layer-wise adaptive moments: each variable's Adam direction is rescaled
    by the ratio of the variable's norm to the direction's norm, which keeps
    training stable with large batches. The update, as in Keras:

    ```python
    m = m + (g - m) * (1 - beta_1)
    v = v + (g**2 - v) * (1 - beta_2)
    update = (m / (1 - beta_1**t)) / (sqrt(v / (1 - beta_2**t)) + epsilon)
    ratio = norm(w) / norm(update)          # 1 if either norm is 0
    w = w - ratio * learning_rate * update
    ```

    Args:
        learning_rate: A float, a `LearningRateSchedule`, or a callable
            returning the learning rate. Defaults to `0.001`.
        beta_1: Float, decay rate of the first moment. Defaults to `0.9`.
        beta_2: Float, decay rate of the second moment. Defaults to `0.999`.
        epsilon: Float added to the denominator for stability. Defaults to
            `1e-7`.
        {{base_optimizer_keyword_args}}

    Example:

    >>> optimizer = kerastorch.optimizers.Lamb(learning_rate=1e-3)
    >>> optimizer.apply([p.grad for p in params], params)
    """

    def __init__(
        self,
        learning_rate=0.001,
        beta_1: float = 0.9,
        beta_2: float = 0.999,
        epsilon: float = 1e-7,
        **kwargs,
    ):
        super().__init__(learning_rate=learning_rate, **kwargs)
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.epsilon = epsilon

    def build(self, variables) -> None:
        """Creates `momentum` and `velocity` slots per variable.

        Args:
            variables: The model variables.
        """
        if self.built:
            return
        super().build(variables)
        self._momentums, self._velocities = self.add_optimizer_variables(
            variables, ["momentum", "velocity"]
        )

    def update_step_foreach(self, grads, variables, learning_rate, slots) -> None:
        """Applies one Lamb step to a device/dtype group; see `Optimizer.update_step_foreach`."""
        momentums, velocities = slots["momentum"], slots["velocity"]
        real = host_float_type(variables)
        step, one = real(self._local_step), real(1)
        momentum_correction = float(one - real(self.beta_1) ** step)
        velocity_correction = float(np.sqrt(one - real(self.beta_2) ** step))

        torch._foreach_lerp_(momentums, grads, 1 - self.beta_1)
        torch._foreach_mul_(velocities, self.beta_2)
        torch._foreach_addcmul_(velocities, grads, grads, value=1 - self.beta_2)
        updates = torch._foreach_div(momentums, momentum_correction)
        denominators = torch._foreach_sqrt(velocities)
        torch._foreach_div_(denominators, velocity_correction)
        torch._foreach_add_(denominators, self.epsilon)
        torch._foreach_div_(updates, denominators)

        weight_norms = torch.stack(torch._foreach_norm(variables))
        update_norms = torch.stack(torch._foreach_norm(updates))
        ratios = torch.where(
            (weight_norms > 0) & (update_norms > 0), weight_norms / update_norms, 1.0
        )
        torch._foreach_mul_(updates, ratios.unbind())
        foreach_add_scaled_(variables, updates, -learning_rate)

    def get_config(self) -> dict:
        """Returns the constructor arguments, with Keras's keys."""
        config = super().get_config()
        config.update({"beta_1": self.beta_1, "beta_2": self.beta_2, "epsilon": self.epsilon})
        return config

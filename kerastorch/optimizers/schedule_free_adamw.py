"""Schedule-Free AdamW: no learning rate schedule needed (Defazio et al., 2024)."""

import numpy as np
import torch

from kerastorch.api_export import keras_export
from kerastorch.optimizers.foreach_utils import foreach_add_scaled_
from kerastorch.optimizers.foreach_utils import host_float_type
from kerastorch.optimizers.optimizer import Optimizer


@keras_export("keras.optimizers.ScheduleFreeAdamW")
class ScheduleFreeAdamW(Optimizer):
    """Optimizer that implements the Schedule-Free AdamW algorithm.

    Instead of a learning rate schedule, it keeps two sequences: `z` (the
    `momentum` slot, where the AdamW-normalized gradient steps land) and
    their running average `x`, and sets the model weights `y` to the
    interpolation `(1 - beta_1) * z + beta_1 * x`. The update, as Keras
    writes it, at step `t`:

    ```python
    lr_t = learning_rate * minimum(t / warmup_steps, 1)     # if warmup_steps > 0
    v = v + (g**2 - v) * (1 - beta_2)
    z_new = z - lr_t * g / (sqrt(v / (1 - beta_2**t)) + epsilon)
    x = (y - (1 - beta_1) * z) / beta_1                      # the previous average
    x = (1 - 1 / t) * x + (1 / t) * z_new
    y = (1 - beta_1) * z_new + beta_1 * x
    ```

    which kerastorch computes without a copy of `z` as
    `y = lerp(y, z_new, 1 / t) - (1 - 1 / t) * (1 - beta_1) * (z - z_new)`.
    (Keras on its torch backend reads `z` after updating it in place, which
    makes its results differ from this formula, and from Keras on JAX and
    TensorFlow, from the second step on.)

    Args:
        learning_rate: A float, a `LearningRateSchedule`, or a callable
            returning the learning rate. Defaults to `0.0025`.
        beta_1: Float, the interpolation between `z` and `x`. Defaults to `0.9`.
        beta_2: Float, decay rate of the second moment. Defaults to `0.999`.
        epsilon: Float added to the denominator. Defaults to `1e-8`.
        warmup_steps: Int, the number of steps of linear learning rate
            warmup from 0. Defaults to `0`.
        {{base_optimizer_keyword_args}}

    Example:

    >>> optimizer = kerastorch.optimizers.ScheduleFreeAdamW(learning_rate=0.0025)
    >>> optimizer.apply([p.grad for p in params], params)
    """

    def __init__(
        self,
        learning_rate=0.0025,
        beta_1: float = 0.9,
        beta_2: float = 0.999,
        epsilon: float = 1e-8,
        warmup_steps: int = 0,
        **kwargs,
    ):
        super().__init__(learning_rate=learning_rate, **kwargs)
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.epsilon = epsilon
        self.warmup_steps = warmup_steps

    def build(self, variables) -> None:
        """Creates `momentum` (`z`, a copy of each variable) and `velocity` slots.

        Args:
            variables: The model variables.
        """
        if self.built:
            return
        variables = list(variables)
        super().build(variables)
        self._momentums, self._velocities = self.add_optimizer_variables(
            variables, ["momentum", "velocity"]
        )
        with torch.no_grad():
            torch._foreach_copy_(self._momentums, variables)

    def update_step_foreach(self, grads, variables, learning_rate, slots) -> None:
        """Applies one Schedule-Free AdamW step to a device/dtype group.

        See `Optimizer.update_step_foreach`.
        """
        momentums, velocities = slots["momentum"], slots["velocity"]
        real = host_float_type(variables)
        step, one = real(self._local_step), real(1)
        if self.warmup_steps > 0:
            learning_rate = learning_rate * float(min(step / real(self.warmup_steps), one))
        # Keras casts the betas to the variables' dtype before `1 - beta`.
        beta_1, beta_2 = real(self.beta_1), real(self.beta_2)
        velocity_correction = float(np.sqrt(one - beta_2**step))
        weight = float(one / step)

        torch._foreach_lerp_(velocities, torch._foreach_mul(grads, grads), float(one - beta_2))
        denominators = torch._foreach_sqrt(velocities)
        torch._foreach_div_(denominators, velocity_correction)
        torch._foreach_add_(denominators, self.epsilon)
        steps = torch._foreach_div(grads, denominators)
        foreach_add_scaled_(momentums, steps, -learning_rate)
        torch._foreach_lerp_(variables, momentums, weight)
        foreach_add_scaled_(variables, steps, -learning_rate * ((1 - weight) * float(one - beta_1)))

    def get_config(self) -> dict:
        """Returns the constructor arguments, with Keras's keys."""
        config = super().get_config()
        config.update(
            {
                "beta_1": self.beta_1,
                "beta_2": self.beta_2,
                "epsilon": self.epsilon,
                "warmup_steps": self.warmup_steps,
            }
        )
        return config

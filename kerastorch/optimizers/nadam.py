"""The Nadam optimizer: Adam with Nesterov momentum (Dozat, 2015)."""

import numpy as np
import torch

from kerastorch.api_export import keras_export
from kerastorch.backend.device import get_device
from kerastorch.backend.dtypes import to_torch_dtype
from kerastorch.optimizers.foreach_utils import foreach_addcdiv_scaled_
from kerastorch.optimizers.foreach_utils import host_float_type
from kerastorch.optimizers.optimizer import Optimizer


@keras_export("keras.optimizers.Nadam")
class Nadam(Optimizer):
    """Optimizer that implements the Nadam algorithm.

    Much like Adam is RMSprop with momentum, Nadam is Adam with Nesterov
    momentum. The update, as in Keras (with its momentum schedule
    `u_t = beta_1 * (1 - 0.5 * 0.96**t)` and the running product of the
    `u_t`, kept in the optimizer variable named `"variable"`):

    ```python
    u_product = u_product * u_t
    m = beta_1 * m + (1 - beta_1) * g
    v = beta_2 * v + (1 - beta_2) * g**2
    m_hat = u_{t+1} * m / (1 - u_product * u_{t+1}) + (1 - u_t) * g / (1 - u_product)
    v_hat = v / (1 - beta_2**t)
    w = w - learning_rate * m_hat / (sqrt(v_hat) + epsilon)
    ```

    Args:
        learning_rate: A float, a `LearningRateSchedule`, or a callable
            returning the learning rate. Defaults to `0.001`.
        beta_1: Float, decay rate of the first moment. Defaults to `0.9`.
        beta_2: Float, decay rate of the second moment. Defaults to `0.999`.
        epsilon: Float added to `sqrt(v_hat)` for stability. Defaults to `1e-7`.
        {{base_optimizer_keyword_args}}

    Example:

    >>> optimizer = kerastorch.optimizers.Nadam(learning_rate=1e-3)
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
        """Creates `momentum` and `velocity` slots, then the momentum-schedule product.

        Args:
            variables: The model variables.
        """
        if self.built:
            return
        variables = list(variables)
        dtype = variables[0].dtype if variables else None
        super().build(variables)
        self._momentums, self._velocities = self.add_optimizer_variables(
            variables, ["momentum", "velocity"]
        )
        self._u_product = self._add_attribute_variable(
            torch.ones((), dtype=dtype or to_torch_dtype(None), device=get_device())
        )
        # The product is advanced on the host (its per-step factors are host
        # scalars) and written to the tensor; a value set from outside (a
        # restored optimizer) is re-read once, when its version changes.
        self._u_product_value = 1.0
        self._u_product_version = self._u_product._version

    def _momentum_schedule(self, real, step):
        """Keras's `u_t = beta_1 * (1 - 0.5 * 0.96**t)`, in the numpy type `real`."""
        return real(self.beta_1) * (real(1) - real(0.5) * real(0.96) ** real(step))

    def _update(self, groups, group_grads) -> None:
        """Advances the momentum-schedule product once per update, then updates each group."""
        if self._u_product._version != self._u_product_version:
            self._u_product_value = float(self._u_product)
        real = host_float_type([self._u_product])
        value = real(self._u_product_value) * self._momentum_schedule(real, self._local_step)
        self._u_product_value = float(value)
        self._u_product.fill_(self._u_product_value)
        self._u_product_version = self._u_product._version
        super()._update(groups, group_grads)

    def update_step_foreach(self, grads, variables, learning_rate, slots) -> None:
        """Applies one Nadam step to a device/dtype group; see `Optimizer.update_step_foreach`."""
        momentums, velocities = slots["momentum"], slots["velocity"]
        real = host_float_type(variables)
        step = self._local_step
        u_t = self._momentum_schedule(real, step)
        u_next = self._momentum_schedule(real, step + 1)
        u_product = real(self._u_product_value)
        u_product_next = u_product * u_next
        one = real(1)
        velocity_correction = float(np.sqrt(one - real(self.beta_2) ** real(step)))

        torch._foreach_lerp_(momentums, grads, 1 - self.beta_1)
        torch._foreach_mul_(velocities, self.beta_2)
        torch._foreach_addcmul_(velocities, grads, grads, value=1 - self.beta_2)
        m_hat = torch._foreach_mul(momentums, float(u_next / (one - u_product_next)))
        torch._foreach_add_(m_hat, grads, alpha=float((one - u_t) / (one - u_product)))
        denominators = torch._foreach_sqrt(velocities)
        torch._foreach_div_(denominators, velocity_correction)
        torch._foreach_add_(denominators, self.epsilon)
        foreach_addcdiv_scaled_(variables, m_hat, denominators, -learning_rate)

    def get_config(self) -> dict:
        """Returns the constructor arguments, with Keras's keys."""
        config = super().get_config()
        config.update({"beta_1": self.beta_1, "beta_2": self.beta_2, "epsilon": self.epsilon})
        return config

"""The Adamax optimizer: Adam with the infinity norm of the gradients."""

import torch

from kerastorch.api_export import keras_export
from kerastorch.optimizers.foreach_utils import foreach_addcdiv_scaled_
from kerastorch.optimizers.foreach_utils import host_float_type
from kerastorch.optimizers.optimizer import Optimizer


@keras_export("keras.optimizers.Adamax")
class Adamax(Optimizer):
    """Optimizer that implements the Adamax algorithm (Kingma & Ba, 2014, section 7.1).

    The update, as in Keras (epsilon is added to `u` before the bias
    correction, unlike `torch.optim.Adamax`):

    ```python
    m = beta_1 * m + (1 - beta_1) * g
    u = maximum(beta_2 * u, abs(g))
    w = w - learning_rate * m / ((u + epsilon) * (1 - beta_1**t))
    ```

    Args:
        learning_rate: A float, a `LearningRateSchedule`, or a callable
            returning the learning rate. Defaults to `0.001`.
        beta_1: Float, decay rate of the first moment. Defaults to `0.9`.
        beta_2: Float, decay rate of the weighted infinity norm. Defaults to
            `0.999`.
        epsilon: Float added to the norm for stability. Defaults to `1e-7`.
        {{base_optimizer_keyword_args}}

    Example:

    >>> optimizer = kerastorch.optimizers.Adamax(learning_rate=2e-3)
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
        """Creates `momentum` and `norm` slots per variable.

        Args:
            variables: The model variables.
        """
        if self.built:
            return
        super().build(variables)
        self._m, self._u = self.add_optimizer_variables(variables, ["momentum", "norm"])

    def update_step_foreach(self, grads, variables, learning_rate, slots) -> None:
        """Applies one Adamax step to a device/dtype group; see `Optimizer.update_step_foreach`."""
        momentums, norms = slots["momentum"], slots["norm"]
        torch._foreach_lerp_(momentums, grads, 1 - self.beta_1)
        torch._foreach_mul_(norms, self.beta_2)
        torch._foreach_maximum_(norms, torch._foreach_abs(grads))
        denominators = torch._foreach_add(norms, self.epsilon)
        real = host_float_type(variables)
        correction = float(real(1) - real(self.beta_1) ** real(self._local_step))
        foreach_addcdiv_scaled_(variables, momentums, denominators, -learning_rate / correction)

    def get_config(self) -> dict:
        """Returns the constructor arguments, with Keras's keys."""
        config = super().get_config()
        config.update({"beta_1": self.beta_1, "beta_2": self.beta_2, "epsilon": self.epsilon})
        return config

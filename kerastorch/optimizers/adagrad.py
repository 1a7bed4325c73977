"""The Adagrad optimizer: per-parameter learning rates from the sum of squared gradients."""

import torch

from kerastorch.api_export import keras_export
from kerastorch.optimizers.foreach_utils import foreach_addcdiv_scaled_
from kerastorch.optimizers.optimizer import Optimizer


@keras_export("keras.optimizers.Adagrad")
class Adagrad(Optimizer):
    """Optimizer that implements the Adagrad algorithm (Duchi et al., 2011).

    The more updates a parameter receives, the smaller they become. The
    update, as in Keras (epsilon inside the square root, unlike
    `torch.optim.Adagrad`):

    ```python
    accumulator = accumulator + g**2
    w = w - learning_rate * g / sqrt(accumulator + epsilon)
    ```

    Args:
        learning_rate: A float, a `LearningRateSchedule`, or a callable
            returning the learning rate. Defaults to `0.001` (Adagrad often
            benefits from larger values; the paper uses `1.0`).
        initial_accumulator_value: Float >= 0, the accumulators' starting
            value. Defaults to `0.1`.
        epsilon: Float added under the square root for stability. Defaults
            to `1e-7`.
        {{base_optimizer_keyword_args}}

    Example:

    >>> optimizer = kerastorch.optimizers.Adagrad(learning_rate=0.1)
    >>> optimizer.apply([p.grad for p in params], params)
    """

    def __init__(
        self,
        learning_rate=0.001,
        initial_accumulator_value: float = 0.1,
        epsilon: float = 1e-7,
        **kwargs,
    ):
        super().__init__(learning_rate=learning_rate, **kwargs)
        self.initial_accumulator_value = initial_accumulator_value
        self.epsilon = epsilon

    def build(self, variables) -> None:
        """Creates an `accumulator` slot per variable, filled with `initial_accumulator_value`.

        Args:
            variables: The model variables.
        """
        if self.built:
            return
        super().build(variables)
        self._accumulators = self.add_optimizer_variables(
            variables, "accumulator", initializer=float(self.initial_accumulator_value)
        )

    def update_step_foreach(self, grads, variables, learning_rate, slots) -> None:
        """Applies one Adagrad step to a device/dtype group; see `Optimizer.update_step_foreach`."""
        accumulators = slots["accumulator"]
        torch._foreach_addcmul_(accumulators, grads, grads)
        denominators = torch._foreach_add(accumulators, self.epsilon)
        torch._foreach_sqrt_(denominators)
        foreach_addcdiv_scaled_(variables, grads, denominators, -learning_rate)

    def get_config(self) -> dict:
        """Returns the constructor arguments, with Keras's keys."""
        config = super().get_config()
        config.update(
            {
                "initial_accumulator_value": self.initial_accumulator_value,
                "epsilon": self.epsilon,
            }
        )
        return config

"""The FTRL ("Follow The Regularized Leader") optimizer (McMahan et al., 2013)."""

import torch

from kerastorch.api_export import keras_export
from kerastorch.optimizers.foreach_utils import host_float_type
from kerastorch.optimizers.optimizer import Optimizer


def _check_non_negative(argument: str, value: float) -> None:
    """Raises Keras's `ValueError` if `value` is negative."""
    if value < 0.0:
        raise ValueError(
            f"`{argument}` needs to be positive or zero. Received: {argument}={value}."
        )


@keras_export("keras.optimizers.Ftrl")
class Ftrl(Optimizer):
    r"""Optimizer that implements the FTRL algorithm.

    Suited to shallow models with large, sparse feature spaces. Supports
    online L2 regularization (the paper's) and shrinkage-type L2 (a penalty
    on the weights' magnitude added to the gradient). The update, as in Keras:

    ```python
    g_shrunk = g + 2 * l2_shrinkage_regularization_strength * w
    n_new = n + g**2
    z = z + g_shrunk - (n_new**-lr_power - n**-lr_power) / learning_rate * w
    quadratic = n_new**-lr_power / learning_rate + 2 * (l2 + beta / (2 * learning_rate))
    w = (clip(z, -l1, l1) - z) / quadratic         # 0 where abs(z) <= l1
    n = n_new
    ```

    (`n` is the `accumulator` slot, `z` the `linear` one.)

    Args:
        learning_rate: A float, a `LearningRateSchedule`, or a callable
            returning the learning rate. Defaults to `0.001`.
        learning_rate_power: Float <= 0, how the learning rate decreases
            during training; `0` for a fixed rate. Defaults to `-0.5`.
        initial_accumulator_value: Float >= 0, the accumulators' starting
            value. Defaults to `0.1`.
        l1_regularization_strength: Float >= 0. Defaults to `0.0`.
        l2_regularization_strength: Float >= 0, the stabilization penalty.
            Defaults to `0.0`.
        l2_shrinkage_regularization_strength: Float >= 0, the magnitude
            penalty. Defaults to `0.0`.
        beta: Float, the paper's beta. Defaults to `0.0`.
        {{base_optimizer_keyword_args}}

    Example:

    >>> optimizer = kerastorch.optimizers.Ftrl(learning_rate=0.1, l1_regularization_strength=0.01)
    >>> optimizer.apply([p.grad for p in params], params)
    """

    def __init__(
        self,
        learning_rate=0.001,
        learning_rate_power: float = -0.5,
        initial_accumulator_value: float = 0.1,
        l1_regularization_strength: float = 0.0,
        l2_regularization_strength: float = 0.0,
        l2_shrinkage_regularization_strength: float = 0.0,
        beta: float = 0.0,
        **kwargs,
    ):
        super().__init__(learning_rate=learning_rate, **kwargs)
        _check_non_negative("initial_accumulator_value", initial_accumulator_value)
        if learning_rate_power > 0.0:
            raise ValueError(
                "`learning_rate_power` needs to be negative or zero. "
                f"Received: learning_rate_power={learning_rate_power}."
            )
        _check_non_negative("l1_regularization_strength", l1_regularization_strength)
        _check_non_negative("l2_regularization_strength", l2_regularization_strength)
        _check_non_negative(
            "l2_shrinkage_regularization_strength", l2_shrinkage_regularization_strength
        )
        self.learning_rate_power = learning_rate_power
        self.initial_accumulator_value = initial_accumulator_value
        self.l1_regularization_strength = l1_regularization_strength
        self.l2_regularization_strength = l2_regularization_strength
        self.l2_shrinkage_regularization_strength = l2_shrinkage_regularization_strength
        self.beta = beta

    def build(self, variables) -> None:
        """Creates `accumulator` (filled with `initial_accumulator_value`) and `linear` slots.

        Args:
            variables: The model variables.
        """
        if self.built:
            return
        super().build(variables)
        self._accumulators, self._linears = self.add_optimizer_variables(
            variables,
            ["accumulator", "linear"],
            initializer=[float(self.initial_accumulator_value), "zeros"],
        )

    def update_step_foreach(self, grads, variables, learning_rate, slots) -> None:
        """Applies one FTRL step to a device/dtype group; see `Optimizer.update_step_foreach`."""
        accumulators, linears = slots["accumulator"], slots["linear"]
        # Keras raises to the power as a tensor of the variables' dtype.
        power = float(host_float_type(variables)(-self.learning_rate_power))
        l2 = self.l2_regularization_strength + self.beta / (2.0 * learning_rate)
        l1 = self.l1_regularization_strength

        new_accumulators = torch._foreach_addcmul(accumulators, grads, grads)
        new_powers = torch._foreach_pow(new_accumulators, power)
        sigmas = torch._foreach_sub(new_powers, torch._foreach_pow(accumulators, power))
        torch._foreach_div_(sigmas, learning_rate)
        # `linear` is a small difference of large terms: its rounding follows
        # Keras's order of operations (unfused products, increment summed first).
        increments = torch._foreach_mul(variables, 2 * self.l2_shrinkage_regularization_strength)
        torch._foreach_add_(increments, grads)
        torch._foreach_mul_(sigmas, variables)
        torch._foreach_sub_(increments, sigmas)
        torch._foreach_add_(linears, increments)
        quadratics = torch._foreach_div(new_powers, learning_rate)
        torch._foreach_add_(quadratics, 2 * l2)
        values = torch._foreach_clamp_min(linears, -l1)
        torch._foreach_clamp_max_(values, l1)
        torch._foreach_sub_(values, linears)
        torch._foreach_div_(values, quadratics)
        torch._foreach_copy_(variables, values)
        torch._foreach_copy_(accumulators, new_accumulators)

    def get_config(self) -> dict:
        """Returns the constructor arguments, with Keras's keys."""
        config = super().get_config()
        config.update(
            {
                "learning_rate_power": self.learning_rate_power,
                "initial_accumulator_value": self.initial_accumulator_value,
                "l1_regularization_strength": self.l1_regularization_strength,
                "l2_regularization_strength": self.l2_regularization_strength,
                "l2_shrinkage_regularization_strength": self.l2_shrinkage_regularization_strength,
                "beta": self.beta,
            }
        )
        return config

"""The Adam optimizer, with Keras's epsilon placement and default."""

import numpy as np
import torch

from kerastorch.api_export import keras_export
from kerastorch.optimizers.foreach_utils import foreach_addcdiv_scaled_
from kerastorch.optimizers.foreach_utils import host_float_type
from kerastorch.optimizers.optimizer import Optimizer


@keras_export("keras.optimizers.Adam")
class Adam(Optimizer):
    """Optimizer that implements the Adam algorithm (Kingma & Ba, 2014).

    The update, as in Keras (epsilon is added to `sqrt(v)` *after* the bias
    correction is folded into the step size, unlike `torch.optim.Adam`):

    ```python
    m = m + (g - m) * (1 - beta_1)
    v = v + (g**2 - v) * (1 - beta_2)
    v_hat = maximum(v_hat, v)                          # amsgrad only; used as v
    alpha = learning_rate * sqrt(1 - beta_2**t) / (1 - beta_1**t)
    w = w - alpha * m / (sqrt(v) + epsilon)
    ```

    Args:
        learning_rate: A float, a `LearningRateSchedule`, or a callable
            returning the learning rate. Defaults to `0.001`.
        beta_1: Float, decay rate of the first moment. Defaults to `0.9`.
        beta_2: Float, decay rate of the second moment. Defaults to `0.999`.
        epsilon: Float added to the denominator for stability ("epsilon hat"
            in the paper). Defaults to `1e-7`.
        amsgrad: Boolean, whether to use the AMSGrad variant (the running
            maximum of `v`). Defaults to `False`.
        {{base_optimizer_keyword_args}}

    Example:

    >>> optimizer = kerastorch.optimizers.Adam(learning_rate=1e-3)
    >>> optimizer.apply([p.grad for p in params], params)
    """

    def __init__(
        self,
        learning_rate=0.001,
        beta_1: float = 0.9,
        beta_2: float = 0.999,
        epsilon: float = 1e-7,
        amsgrad: bool = False,
        **kwargs,
    ):
        super().__init__(learning_rate=learning_rate, **kwargs)
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.epsilon = epsilon
        self.amsgrad = amsgrad

    def build(self, variables) -> None:
        """Creates `momentum` and `velocity` slots (and `velocity_hat` with AMSGrad).

        Args:
            variables: The model variables.
        """
        if self.built:
            return
        super().build(variables)
        self._momentums, self._velocities = self.add_optimizer_variables(
            variables, ["momentum", "velocity"]
        )
        if self.amsgrad:
            self._velocity_hats = self.add_optimizer_variables(variables, "velocity_hat")

    def update_step_foreach(self, grads, variables, learning_rate, slots) -> None:
        """Applies one Adam step to a device/dtype group; see `Optimizer.update_step_foreach`."""
        adam_update_foreach(
            variables,
            grads,
            slots["momentum"],
            slots["velocity"],
            learning_rate,
            self.beta_1,
            self.beta_2,
            self.epsilon,
            self._local_step,
            velocity_hats=slots["velocity_hat"] if self.amsgrad else None,
        )

    def get_config(self) -> dict:
        """Returns the constructor arguments, with Keras's keys."""
        config = super().get_config()
        config.update(
            {
                "beta_1": self.beta_1,
                "beta_2": self.beta_2,
                "epsilon": self.epsilon,
                "amsgrad": self.amsgrad,
            }
        )
        return config


def adam_update_foreach(
    variables,
    grads,
    momentums,
    velocities,
    learning_rate,
    beta_1: float,
    beta_2: float,
    epsilon: float,
    step: int,
    velocity_hats=None,
) -> None:
    """One Adam update of a list of variables of one device and dtype, in place.

    Shared by `Adam`, `AdamW` and the Adam part of `Muon`.

    Args:
        variables: The variables.
        grads: Their gradients.
        momentums: The first-moment slots.
        velocities: The second-moment slots.
        learning_rate: A Python float or a 0-d tensor.
        beta_1: Decay rate of the first moment.
        beta_2: Decay rate of the second moment.
        epsilon: Added to `sqrt(v)`.
        step: The 1-based number of this update.
        velocity_hats: The AMSGrad maxima of the velocities, or `None`.
    """
    torch._foreach_lerp_(momentums, grads, 1 - beta_1)
    torch._foreach_mul_(velocities, beta_2)
    torch._foreach_addcmul_(velocities, grads, grads, value=1 - beta_2)
    if velocity_hats is not None:
        torch._foreach_maximum_(velocity_hats, velocities)
        velocities = velocity_hats
    denominators = torch._foreach_sqrt(velocities)
    torch._foreach_add_(denominators, epsilon)
    # Keras computes the bias correction in the variables' dtype; rounding
    # the betas' powers to float32 changes the step by up to ~1e-5.
    real = host_float_type(variables)
    step, one = real(step), real(1)
    root = np.sqrt(one - real(beta_2) ** step)
    denominator = one - real(beta_1) ** step
    if isinstance(learning_rate, torch.Tensor):
        alpha = learning_rate * float(root) / float(denominator)
    else:
        alpha = float(real(learning_rate) * root / denominator)
    foreach_addcdiv_scaled_(variables, momentums, denominators, -alpha)

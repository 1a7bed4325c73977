"""The Adafactor optimizer: factored second moments for matrices (Shazeer & Stern, 2018)."""

import numpy as np
import torch

from kerastorch.api_export import keras_export
from kerastorch.optimizers.foreach_utils import host_float_type
from kerastorch.optimizers.foreach_utils import variable_name
from kerastorch.optimizers.optimizer import Optimizer


def _rms(x: torch.Tensor) -> torch.Tensor:
    """The root mean square of all entries of `x`, a 0-d tensor."""
    return torch.sqrt(torch.mean(torch.square(x)))


@keras_export("keras.optimizers.Adafactor")
class Adafactor(Optimizer):
    """Optimizer that implements the Adafactor algorithm.

    Adafactor saves memory on variables of rank >= 2 by keeping only the row
    (`r`, last axis reduced) and column (`c`, second-to-last axis reduced)
    averages of the squared gradients; lower-rank variables keep a full
    average `v`. The update, as in Keras, at step `t`:

    ```python
    rho = minimum(learning_rate, 1 / sqrt(t))
    alpha = maximum(epsilon_2, rms(w)) * rho
    g2 = g**2 + epsilon_1
    beta_2_t = 1 - t**beta_2_decay
    r = beta_2_t * r + (1 - beta_2_t) * mean(g2, axis=-1)      # rank >= 2
    c = beta_2_t * c + (1 - beta_2_t) * mean(g2, axis=-2)
    v = (r / mean(r, axis=-1))[..., None] * c[..., None, :]
    v = beta_2_t * v + (1 - beta_2_t) * g2                      # rank < 2
    u = g / sqrt(v)
    w = w - alpha * u / maximum(1, rms(u) / clip_threshold)
    ```

    Args:
        learning_rate: A float, a `LearningRateSchedule`, or a callable
            returning the learning rate. Defaults to `0.001`.
        beta_2_decay: Float, the decay rate of `beta_2`. Defaults to `-0.8`.
        epsilon_1: Float added to the squared gradients. Defaults to `1e-30`.
        epsilon_2: Float, the smallest scale of a step relative to the
            weights. Defaults to `1e-3`.
        clip_threshold: Float, the threshold of Adafactor's own update
            clipping (independent of `clipnorm`, `clipvalue` and
            `global_clipnorm`). Defaults to `1.0`.
        relative_step: Boolean; with a constant learning rate, cap it at
            `1 / sqrt(t)`. Defaults to `True`. (The step size `rho` above is
            capped either way, as in Keras.)
        {{base_optimizer_keyword_args}}

    Example:

    >>> optimizer = kerastorch.optimizers.Adafactor(learning_rate=1e-2)
    >>> optimizer.apply([p.grad for p in params], params)
    """

    def __init__(
        self,
        learning_rate=0.001,
        beta_2_decay: float = -0.8,
        epsilon_1: float = 1e-30,
        epsilon_2: float = 1e-3,
        clip_threshold: float = 1.0,
        relative_step: bool = True,
        **kwargs,
    ):
        super().__init__(learning_rate=learning_rate, **kwargs)
        self.beta_2_decay = beta_2_decay
        self.epsilon_1 = epsilon_1
        self.epsilon_2 = epsilon_2
        self.clip_threshold = clip_threshold
        self.relative_step = relative_step

    def build(self, variables) -> None:
        """Creates the `r`, `c` and `velocity` slots of each variable, in Keras's order.

        `r` and `c` are named after the variable (as in Keras); for a variable
        of rank < 2 they are 0-d int32 placeholders.

        Args:
            variables: The model variables.
        """
        if self.built:
            return
        variables = list(variables)
        super().build(variables)
        self._r, self._c, self._v = [], [], []
        for variable in variables:
            name = variable_name(variable)
            if variable.dim() < 2:
                for slot_list in (self._r, self._c):
                    placeholder = torch.zeros((), dtype=torch.int32, device=variable.device)
                    slot_list.append(self._add_attribute_variable(placeholder, name))
            else:
                shape = tuple(variable.shape)
                self._r.append(self.add_variable(shape[:-1], dtype=variable.dtype, name=name))
                self._c.append(
                    self.add_variable(shape[:-2] + shape[-1:], dtype=variable.dtype, name=name)
                )
            self._v.append(self.add_variable_from_reference(variable, "velocity"))
        self._register_slots("r", self._r)
        self._register_slots("c", self._c)
        self._register_slots("velocity", self._v)

    def update_step_foreach(self, grads, variables, learning_rate, slots) -> None:
        """Applies one Adafactor step to each variable of a device/dtype group.

        See `Optimizer.update_step_foreach`.
        """
        real = host_float_type(variables)
        step = real(self._local_step)
        inverse_root = real(1) / np.sqrt(step)
        if isinstance(learning_rate, torch.Tensor):
            rho = torch.clamp_max(learning_rate, float(inverse_root))
        else:
            rho = float(min(real(learning_rate), inverse_root))
        beta = float(real(1) - step ** real(self.beta_2_decay))
        for grad, variable, r, c, v in zip(
            grads, variables, slots["r"], slots["c"], slots["velocity"]
        ):
            alpha = torch.clamp_min(_rms(variable), self.epsilon_2) * rho
            squares = torch.square(grad).add_(self.epsilon_1)
            if variable.dim() >= 2:
                r.lerp_(squares.mean(dim=-1), 1 - beta)
                c.lerp_(squares.mean(dim=-2), 1 - beta)
                row_factor = (r / r.mean(dim=-1, keepdim=True)).unsqueeze(-1)
                v.copy_(row_factor * c.unsqueeze(-2))
            else:
                v.lerp_(squares, 1 - beta)
            update = grad / torch.sqrt(v)
            update.div_(torch.clamp_min(_rms(update) / self.clip_threshold, 1.0))
            variable.sub_(update.mul_(alpha))

    def get_config(self) -> dict:
        """Returns the constructor arguments, with Keras's keys."""
        config = super().get_config()
        config.update(
            {
                "beta_2_decay": self.beta_2_decay,
                "epsilon_1": self.epsilon_1,
                "epsilon_2": self.epsilon_2,
                "clip_threshold": self.clip_threshold,
                "relative_step": self.relative_step,
            }
        )
        return config

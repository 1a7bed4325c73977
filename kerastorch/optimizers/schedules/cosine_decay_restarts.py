"""`CosineDecayRestarts`: cosine decay with warm restarts (SGDR)."""

import math

import torch

from kerastorch.api_export import keras_export
from kerastorch.optimizers.schedules.learning_rate_schedule import LearningRateSchedule
from kerastorch.optimizers.schedules.schedule_utils import check_positive_steps
from kerastorch.optimizers.schedules.schedule_utils import constant
from kerastorch.optimizers.schedules.schedule_utils import initial_rate_and_step


@keras_export("keras.optimizers.schedules.CosineDecayRestarts")
class CosineDecayRestarts(LearningRateSchedule):
    """A cosine decay schedule with warm restarts (Loshchilov & Hutter, SGDR).

    The multiplier of `initial_learning_rate` decays along a half cosine
    from 1 to `alpha` over `first_decay_steps`, then restarts: period `i`
    lasts `first_decay_steps * t_mul ** i` steps and starts from
    `m_mul ** i`.

    Args:
        initial_learning_rate: The initial learning rate (a float).
        first_decay_steps: A positive int: the length of the first period.
        t_mul: Factor by which each period is longer than the previous one.
        m_mul: Factor by which each period starts lower than the previous one.
        alpha: The minimum learning rate, as a fraction of
            `initial_learning_rate`.
        name: Name of the schedule; defaults to `"SGDRDecay"`.

    Returns:
        A 1-arg callable: the step gives a 0-d tensor, the learning rate.

    Example:

    >>> schedule = CosineDecayRestarts(0.1, first_decay_steps=10, t_mul=2.0, m_mul=0.5)
    >>> schedule(0), schedule(10), schedule(30)
    (tensor(0.1000), tensor(0.0500), tensor(0.0250))
    """

    def __init__(
        self,
        initial_learning_rate: float,
        first_decay_steps: int,
        t_mul: float = 2.0,
        m_mul: float = 1.0,
        alpha: float = 0.0,
        name: str = "SGDRDecay",
    ):
        super().__init__()
        self.initial_learning_rate = initial_learning_rate
        self.first_decay_steps = first_decay_steps
        self._t_mul = t_mul
        self._m_mul = m_mul
        self.alpha = alpha
        self.name = name
        check_positive_steps("first_decay_steps", first_decay_steps)

    def __call__(self, step) -> torch.Tensor:
        """Returns the learning rate at `step` (see the class docstring)."""
        initial, step = initial_rate_and_step(self.initial_learning_rate, step)
        dtype, device = step.dtype, step.device
        alpha = constant(self.alpha, dtype, device)
        t_mul = constant(self._t_mul, dtype, device)
        m_mul = constant(self._m_mul, dtype, device)
        completed_fraction = step / constant(self.first_decay_steps, dtype, device)
        if self._t_mul == 1.0:
            i_restart = torch.floor(completed_fraction)
            completed_fraction = completed_fraction - i_restart
        else:
            # Periods grow geometrically: invert their cumulative length.
            i_restart = torch.floor(torch.log(1.0 - completed_fraction * (1.0 - t_mul)) / torch.log(t_mul))
            sum_r = (1.0 - torch.pow(t_mul, i_restart)) / (1.0 - t_mul)
            completed_fraction = (completed_fraction - sum_r) / torch.pow(t_mul, i_restart)
        cosine_decayed = 0.5 * torch.pow(m_mul, i_restart) * (1.0 + torch.cos(math.pi * completed_fraction))
        return initial * ((1 - alpha) * cosine_decayed + alpha)

    def get_config(self) -> dict:
        """Returns the constructor arguments."""
        return {
            "initial_learning_rate": self.initial_learning_rate,
            "first_decay_steps": self.first_decay_steps,
            "t_mul": self._t_mul,
            "m_mul": self._m_mul,
            "alpha": self.alpha,
            "name": self.name,
        }

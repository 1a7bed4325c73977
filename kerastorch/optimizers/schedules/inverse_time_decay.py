"""`InverseTimeDecay`: the learning rate divided by `1 + decay_rate * step / decay_steps`."""

import torch

from kerastorch.api_export import keras_export
from kerastorch.optimizers.schedules.learning_rate_schedule import LearningRateSchedule
from kerastorch.optimizers.schedules.schedule_utils import check_positive_steps
from kerastorch.optimizers.schedules.schedule_utils import constant
from kerastorch.optimizers.schedules.schedule_utils import decay_progress
from kerastorch.optimizers.schedules.schedule_utils import initial_rate_and_step


@keras_export("keras.optimizers.schedules.InverseTimeDecay")
class InverseTimeDecay(LearningRateSchedule):
    """A schedule that decays the learning rate as `1 / t`.

    `lr(step) = initial_learning_rate / (1 + decay_rate * step / decay_steps)`,
    with `step / decay_steps` rounded down when `staircase=True`.

    Args:
        initial_learning_rate: The initial learning rate (a float).
        decay_steps: A positive number: how often the decay is applied.
        decay_rate: The decay rate.
        staircase: Whether to decay at discrete intervals.
        name: Name of the schedule; defaults to `"InverseTimeDecay"`.

    Returns:
        A 1-arg callable: the step gives a 0-d tensor, the learning rate.

    Example:

    >>> schedule = InverseTimeDecay(0.1, decay_steps=1.0, decay_rate=0.5)
    >>> schedule(2)
    tensor(0.0500)
    """

    def __init__(
        self,
        initial_learning_rate: float,
        decay_steps,
        decay_rate: float,
        staircase: bool = False,
        name: str = "InverseTimeDecay",
    ):
        super().__init__()
        self.initial_learning_rate = initial_learning_rate
        self.decay_steps = decay_steps
        self.decay_rate = decay_rate
        self.staircase = staircase
        self.name = name
        check_positive_steps("decay_steps", decay_steps)

    def __call__(self, step) -> torch.Tensor:
        """Returns the learning rate at `step` (see the class docstring)."""
        initial, step = initial_rate_and_step(self.initial_learning_rate, step)
        p = decay_progress(step, self.decay_steps, self.staircase)
        decay_rate = constant(self.decay_rate, step.dtype, step.device)
        return initial / (constant(1, step.dtype, step.device) + decay_rate * p)

    def get_config(self) -> dict:
        """Returns the constructor arguments."""
        return {
            "initial_learning_rate": self.initial_learning_rate,
            "decay_steps": self.decay_steps,
            "decay_rate": self.decay_rate,
            "staircase": self.staircase,
            "name": self.name,
        }

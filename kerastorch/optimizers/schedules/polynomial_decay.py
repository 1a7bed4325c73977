"""`PolynomialDecay`: a polynomial ramp from the initial to the end learning rate."""

import torch

from kerastorch.api_export import keras_export
from kerastorch.optimizers.schedules.learning_rate_schedule import LearningRateSchedule
from kerastorch.optimizers.schedules.schedule_utils import check_positive_steps
from kerastorch.optimizers.schedules.schedule_utils import constant
from kerastorch.optimizers.schedules.schedule_utils import initial_rate_and_step


@keras_export("keras.optimizers.schedules.PolynomialDecay")
class PolynomialDecay(LearningRateSchedule):
    """A schedule that decays polynomially to `end_learning_rate` over `decay_steps`.

    ```python
    step = min(step, decay_steps)
    lr = (initial_learning_rate - end_learning_rate) * (1 - step / decay_steps) ** power
    lr += end_learning_rate
    ```

    With `cycle=True`, `decay_steps` is instead stretched to the first
    multiple of itself not below `step` (and left as is at step 0), so the
    decay restarts from a lower peak each cycle.

    Args:
        initial_learning_rate: The initial learning rate (a float).
        decay_steps: A positive int: the steps to reach `end_learning_rate`.
        end_learning_rate: The final learning rate.
        power: The power of the polynomial; `1.0` is linear.
        cycle: Whether to cycle beyond `decay_steps`.
        name: Name of the schedule; defaults to `"PolynomialDecay"`.

    Returns:
        A 1-arg callable: the step gives a 0-d tensor, the learning rate.

    Example:

    >>> schedule = PolynomialDecay(0.1, decay_steps=10, end_learning_rate=0.01, power=0.5)
    >>> schedule(10)
    tensor(0.0100)
    """

    def __init__(
        self,
        initial_learning_rate: float,
        decay_steps: int,
        end_learning_rate: float = 0.0001,
        power: float = 1.0,
        cycle: bool = False,
        name: str = "PolynomialDecay",
    ):
        super().__init__()
        self.initial_learning_rate = initial_learning_rate
        self.decay_steps = decay_steps
        self.end_learning_rate = end_learning_rate
        self.power = power
        self.cycle = cycle
        self.name = name
        check_positive_steps("decay_steps", decay_steps)

    def __call__(self, step) -> torch.Tensor:
        """Returns the learning rate at `step` (see the class docstring)."""
        initial, step = initial_rate_and_step(self.initial_learning_rate, step)
        end = constant(self.end_learning_rate, step.dtype, step.device)
        power = constant(self.power, step.dtype, step.device)
        decay_steps = constant(self.decay_steps, step.dtype, step.device)
        if self.cycle:
            multiplier = torch.where(step == 0, 1.0, torch.ceil(step / self.decay_steps))
            decay_steps = decay_steps * multiplier
        else:
            step = torch.minimum(step, decay_steps)
        p = step / decay_steps
        return (initial - end) * torch.pow(1 - p, power) + end

    def get_config(self) -> dict:
        """Returns the constructor arguments."""
        return {
            "initial_learning_rate": self.initial_learning_rate,
            "decay_steps": self.decay_steps,
            "end_learning_rate": self.end_learning_rate,
            "power": self.power,
            "cycle": self.cycle,
            "name": self.name,
        }

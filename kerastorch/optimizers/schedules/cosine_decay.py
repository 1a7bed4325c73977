"""`CosineDecay`: an optional linear warmup, then a half-cosine decay."""

import math
from typing import Optional

import torch

from kerastorch.api_export import keras_export
from kerastorch.optimizers.schedules.learning_rate_schedule import LearningRateSchedule
from kerastorch.optimizers.schedules.schedule_utils import check_positive_steps
from kerastorch.optimizers.schedules.schedule_utils import constant
from kerastorch.optimizers.schedules.schedule_utils import initial_rate_and_step


@keras_export("keras.optimizers.schedules.CosineDecay")
class CosineDecay(LearningRateSchedule):
    """A cosine decay schedule with an optional linear warmup (SGDR without restarts).

    Without `warmup_target`, the learning rate decays from
    `initial_learning_rate` to `initial_learning_rate * alpha` over
    `decay_steps`:

    ```python
    step = min(step, decay_steps)
    decayed = (1 - alpha) * 0.5 * (1 + cos(pi * step / decay_steps)) + alpha
    lr = initial_learning_rate * decayed
    ```

    With `warmup_target`, it first rises linearly from
    `initial_learning_rate` to `warmup_target` over `warmup_steps`, then
    decays from `warmup_target` to `warmup_target * alpha` over the next
    `decay_steps`.

    Args:
        initial_learning_rate: The initial learning rate (a float).
        decay_steps: A positive int: the steps to decay over.
        alpha: The final learning rate, as a fraction of the rate the decay
            starts from.
        name: Name of the schedule; defaults to `"CosineDecay"`.
        warmup_target: The learning rate reached at the end of the warmup,
            or `None` for no warmup.
        warmup_steps: The steps to warm up over.

    Returns:
        A 1-arg callable: the step gives a 0-d tensor, the learning rate.

    Example:

    >>> schedule = CosineDecay(0.0, decay_steps=100, warmup_target=0.1, warmup_steps=10)
    >>> schedule(5), schedule(10), schedule(110)
    (tensor(0.0500), tensor(0.1000), tensor(0.))
    """

    def __init__(
        self,
        initial_learning_rate: float,
        decay_steps: int,
        alpha: float = 0.0,
        name: str = "CosineDecay",
        warmup_target: Optional[float] = None,
        warmup_steps: int = 0,
    ):
        super().__init__()
        self.initial_learning_rate = initial_learning_rate
        self.decay_steps = decay_steps
        self.alpha = alpha
        self.name = name
        self.warmup_steps = warmup_steps
        self.warmup_target = warmup_target
        check_positive_steps("decay_steps", decay_steps)

    def _decay(self, step, decay_steps, decay_from):
        cosine_decayed = 0.5 * (1.0 + torch.cos(math.pi * (step / decay_steps)))
        return decay_from * ((1 - self.alpha) * cosine_decayed + self.alpha)

    def __call__(self, step) -> torch.Tensor:
        """Returns the learning rate at `step` (see the class docstring)."""
        initial, step = initial_rate_and_step(self.initial_learning_rate, step)
        decay_steps = constant(self.decay_steps, step.dtype, step.device)
        if self.warmup_target is None:
            return self._decay(torch.minimum(step, decay_steps), decay_steps, initial)
        warmup_target = constant(self.warmup_target, step.dtype, step.device)
        warmup_steps = constant(self.warmup_steps, step.dtype, step.device)
        step = torch.minimum(step, decay_steps + warmup_steps)
        # Both phases are computed and one is selected on the device (Keras
        # branches on the host, which would read the step back).
        warmup = (warmup_target - initial) * (step / warmup_steps) + initial
        decay = self._decay(step - warmup_steps, decay_steps, warmup_target)
        return torch.where(step < warmup_steps, warmup, decay)

    def get_config(self) -> dict:
        """Returns the constructor arguments."""
        return {
            "initial_learning_rate": self.initial_learning_rate,
            "decay_steps": self.decay_steps,
            "alpha": self.alpha,
            "name": self.name,
            "warmup_target": self.warmup_target,
            "warmup_steps": self.warmup_steps,
        }

"""`PiecewiseConstantDecay`: a learning rate constant between step boundaries."""

import numbers

import torch

from kerastorch.api_export import keras_export
from kerastorch.backend import config
from kerastorch.backend.dtypes import to_torch_dtype
from kerastorch.optimizers.schedules.learning_rate_schedule import LearningRateSchedule
from kerastorch.optimizers.schedules.schedule_utils import as_step_tensor
from kerastorch.optimizers.schedules.schedule_utils import constant


@keras_export("keras.optimizers.schedules.PiecewiseConstantDecay")
class PiecewiseConstantDecay(LearningRateSchedule):
    """A schedule that is constant between boundaries of the step.

    The learning rate is `values[0]` while `step <= boundaries[0]`,
    `values[1]` while `boundaries[0] < step <= boundaries[1]`, ..., and
    `values[-1]` once `step > boundaries[-1]`.

    Args:
        boundaries: Strictly increasing step boundaries (Python numbers; cast
            to the step's dtype, as Keras does).
        values: The learning rates, one more than `boundaries`. The result
            has the type of `values[0]`: `floatx()` for a float, int32 for an
            int.
        name: Name of the schedule; defaults to `"PiecewiseConstant"`.

    Returns:
        A 1-arg callable: the step gives a 0-d tensor, the learning rate.

    Raises:
        ValueError: if `len(boundaries) != len(values) - 1`.

    Example:

    >>> schedule = PiecewiseConstantDecay(boundaries=[100, 110], values=[1.0, 0.5, 0.1])
    >>> schedule(100), schedule(101), schedule(111)
    (tensor(1.), tensor(0.5000), tensor(0.1000))
    """

    def __init__(self, boundaries, values, name: str = "PiecewiseConstant"):
        super().__init__()
        if len(boundaries) != len(values) - 1:
            raise ValueError(
                "The length of boundaries should be 1 less than the length of "
                f"values. Received: boundaries={boundaries} of length "
                f"{len(boundaries)}, and values={values} "
                f"of length {len(values)}."
            )
        self.boundaries = boundaries
        self.values = values
        self.name = name

    def __call__(self, step) -> torch.Tensor:
        """Returns the learning rate at `step` (see the class docstring)."""
        step = as_step_tensor(step)
        integral = isinstance(self.values[0], numbers.Integral)
        dtype = torch.int32 if integral else to_torch_dtype(config.floatx())
        result = constant(self.values[0], dtype, step.device)
        # Boundaries increase, so the last one passed picks the value.
        for boundary, value in zip(self.boundaries, self.values[1:]):
            if not step.is_floating_point():
                boundary = int(boundary)
            result = torch.where(step > boundary, value, result)
        return result

    def get_config(self) -> dict:
        """Returns the constructor arguments."""
        return {"boundaries": self.boundaries, "values": self.values, "name": self.name}

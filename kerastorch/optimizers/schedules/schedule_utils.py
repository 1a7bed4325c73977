"""Helpers shared by the built-in learning rate schedules.

A schedule computes on the device of the step it is given (the optimizer's
`iterations`), in the dtype of its initial learning rate, as Keras does: the
step is cast to that dtype, constants become 0-d tensors made by a fill (no
host-to-device copy, so no stream sync), and data-dependent branches are
`torch.where`s rather than host-side conditions.
"""

import torch

from kerastorch.backend import config
from kerastorch.backend.device import get_device
from kerastorch.backend.dtypes import to_torch_dtype


def check_positive_steps(name: str, value) -> None:
    """Raises Keras's error when a decay length is not positive.

    Args:
        name: The argument name, e.g. `"decay_steps"`.
        value: Its value.

    Raises:
        ValueError: if `value <= 0`.
    """
    if value <= 0:
        raise ValueError(f"Argument `{name}` must be > 0. Received: {name}={value}")


def as_step_tensor(step) -> torch.Tensor:
    """Returns `step` as a tensor, keeping a tensor where it is.

    Args:
        step: A tensor (normally the optimizer's 0-d int64 `iterations`),
            a NumPy value or a Python number.

    Returns:
        A tensor; Python ints become int64 and floats `floatx()`.
    """
    if isinstance(step, torch.Tensor):
        return step
    step = torch.as_tensor(step)
    if step.is_floating_point():
        step = step.to(to_torch_dtype(config.floatx()))
    return step.to(get_device())


def initial_rate_and_step(initial_learning_rate, step):
    """Returns the initial learning rate and the step as tensors of one float dtype.

    The dtype is the initial learning rate's: a tensor's own, `floatx()`
    for a Python number.

    Args:
        initial_learning_rate: A Python number or a 0-d tensor.
        step: The step (see `as_step_tensor`).

    Returns:
        The pair `(initial_learning_rate, step)` of 0-d tensors on the step's
        device.
    """
    step = as_step_tensor(step)
    if isinstance(initial_learning_rate, torch.Tensor):
        initial = initial_learning_rate.to(step.device)
    else:
        initial = constant(initial_learning_rate, to_torch_dtype(config.floatx()), step.device)
    return initial, step.to(initial.dtype)


def constant(value, dtype: torch.dtype, device) -> torch.Tensor:
    """Returns a 0-d tensor filled with `value` (Keras's `ops.cast(value, dtype)`).

    Args:
        value: A Python number.
        dtype: The torch dtype.
        device: The device.

    Returns:
        The 0-d tensor.
    """
    return torch.full((), value, dtype=dtype, device=device)


def decay_progress(step: torch.Tensor, decay_steps, staircase: bool) -> torch.Tensor:
    """Returns `step / decay_steps`, rounded down when `staircase`.

    Args:
        step: The step, already cast to the schedule's float dtype.
        decay_steps: The decay length (a Python number).
        staircase: Whether to round down.

    Returns:
        A 0-d tensor.
    """
    progress = step / constant(decay_steps, step.dtype, step.device)
    return torch.floor(progress) if staircase else progress

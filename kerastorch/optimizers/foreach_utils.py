"""Foreach helpers for optimizers: variable groups and scaled `torch._foreach_*` updates.

torch's `_foreach_*` kernels update a whole list of tensors in one call, but
every tensor of a list must share a device and a dtype. `Optimizer.apply`
therefore splits the variables into `VariableGroup`s, one per (device, dtype),
and calls `update_step_foreach` once per group. The other helpers are for
`update_step_foreach` implementations.
"""

import numpy as np
import torch

_NUMPY_FLOAT_TYPES = {torch.float16: np.float16, torch.float64: np.float64}


def variable_name(variable) -> str:
    """A variable's Keras name (`"kernel"`), or `""` for a tensor without one."""
    return getattr(variable, "keras_name", None) or ""


def variable_path(variable) -> str:
    """A variable's Keras path (`"dense/kernel"`), else its name (`"kernel"`), else `""`.

    Keras names optimizer slots after the path and matches `MultiOptimizer`
    and `Muon` patterns against it; a tensor without a `path` attribute is
    known by its name.
    """
    return getattr(variable, "path", None) or variable_name(variable)


class VariableGroup:
    """The variables of one (device, dtype) group with their slots, as foreach-ready lists."""

    __slots__ = ("indices", "device", "variables", "slots", "decayed", "constrained")

    def __init__(self, optimizer, indices):
        variables = optimizer._trainable_variables
        self.indices = indices
        self.device = variables[indices[0]].device
        self.variables = [variables[i] for i in indices]
        self.slots = {name: [slots[i] for i in indices] for name, slots in optimizer._slots.items()}
        self.decayed = [v for v in self.variables if optimizer._use_weight_decay(v)]
        self.constrained = [v for v in self.variables if getattr(v, "constraint", None)]


def group_by_device_and_dtype(optimizer, indices) -> list:
    """The `VariableGroup`s of the optimizer's variables at `indices`, in first-seen order."""
    by_key = {}
    for i in indices:
        variable = optimizer._trainable_variables[i]
        by_key.setdefault((variable.device, variable.dtype), []).append(i)
    return [VariableGroup(optimizer, group_indices) for group_indices in by_key.values()]


def host_float_type(variables):
    """The numpy scalar type in which Keras would compute per-step scalars for `variables`.

    Keras computes scalars such as Adam's bias correction as tensors of
    the variables' dtype; numpy scalars of that type give the same
    rounding on the host (bfloat16, which numpy lacks, uses float32).

    Args:
        variables: A non-empty list of tensors of one dtype.

    Returns:
        `np.float16`, `np.float32` or `np.float64`.
    """
    return _NUMPY_FLOAT_TYPES.get(variables[0].dtype, np.float32)


def foreach_add_scaled_(targets, tensors, scale) -> None:
    """`targets += scale * tensors`, for a float or 0-d tensor `scale`.

    Args:
        targets: List of tensors, updated in place.
        tensors: List of tensors aligned with `targets`.
        scale: A Python float, or a 0-d tensor (from a learning rate schedule).
    """
    if isinstance(scale, torch.Tensor):
        torch._foreach_add_(targets, torch._foreach_mul(tensors, scale))
    else:
        torch._foreach_add_(targets, tensors, alpha=scale)


def foreach_addcdiv_scaled_(targets, numerators, denominators, scale) -> None:
    """`targets += scale * numerators / denominators`, for a float or 0-d tensor `scale`.

    Args:
        targets: List of tensors, updated in place.
        numerators: List of tensors aligned with `targets`.
        denominators: List of tensors aligned with `targets`.
        scale: A Python float, or a 0-d tensor (from a learning rate schedule).
    """
    if isinstance(scale, torch.Tensor):
        torch._foreach_addcdiv_(targets, torch._foreach_mul(numerators, scale), denominators)
    else:
        torch._foreach_addcdiv_(targets, numerators, denominators, value=scale)

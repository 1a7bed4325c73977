"""Keras's loss reduction rules: rank matching, masks, sample weights and reductions.

`reduce_weighted_values` is what `Loss.__call__` does after `call()`: fold the
mask into the sample weights, rank-match the weights to the losses, weight and
reduce. Metrics use the same pieces.
"""

import torch

from kerastorch.backend.dtypes import to_torch_dtype
from kerastorch.losses.tensor_utils import divide_no_nan
from kerastorch.losses.tensor_utils import to_tensor

REDUCTIONS = ("sum_over_batch_size", "sum", None, "none", "mean", "mean_with_sample_weight")


def standardize_reduction(reduction):
    """Validates a reduction name.

    Args:
        reduction: One of `"sum_over_batch_size"`, `"sum"`, `"mean"`,
            `"mean_with_sample_weight"`, `"none"` or `None`.

    Returns:
        `reduction`, unchanged.

    Raises:
        ValueError: if `reduction` is not one of those.
    """
    if reduction not in REDUCTIONS:
        raise ValueError(
            "Invalid value for argument `reduction`. "
            f"Expected one of {set(REDUCTIONS)}. Received: reduction={reduction}"
        )
    return reduction


def squeeze_or_expand_to_same_rank(x1, x2, expand_rank_1: bool = True):
    """Makes two tensors whose ranks differ by one the same rank.

    The tensor with the extra trailing axis of size 1 loses it, except that a
    rank-1 partner gains one instead (when `expand_rank_1`). So `(N,)` and
    `(N, 1)` become `(N, 1)` and `(N, 1)`, never broadcasting to `(N, N)`.

    Args:
        x1: A tensor.
        x2: A tensor.
        expand_rank_1: Whether a rank-1 tensor is expanded rather than its
            partner squeezed.

    Returns:
        The pair `(x1, x2)`, reshaped.

    Example:

    >>> a, b = squeeze_or_expand_to_same_rank(torch.ones(3), torch.ones(3, 1))
    >>> a.shape, b.shape
    (torch.Size([3, 1]), torch.Size([3, 1]))
    """
    rank1, rank2 = x1.ndim, x2.ndim
    if rank1 == rank2 + 1 and x1.shape[-1] == 1:
        if rank2 == 1 and expand_rank_1:
            x2 = x2.unsqueeze(-1)
        else:
            x1 = x1.squeeze(-1)
    if rank2 == rank1 + 1 and x2.shape[-1] == 1:
        if rank1 == 1 and expand_rank_1:
            x1 = x1.unsqueeze(-1)
        else:
            x2 = x2.squeeze(-1)
    return x1, x2


def apply_mask(sample_weight, mask, dtype, reduction):
    """Folds a boolean mask into the sample weights.

    With the averaging reductions, unmasked entries get weight
    `total / valid`, so that dividing by the full element count averages over
    the valid entries only.

    Args:
        sample_weight: `None` or weights (tensor or array-like).
        mask: `None` or a mask tensor (boolean or 0/1).
        dtype: The dtype of the weights.
        reduction: The reduction the weights will be used with.

    Returns:
        The combined weights, or `sample_weight` unchanged when `mask` is `None`.
    """
    if mask is None:
        return sample_weight
    if reduction in ("mean", "sum_over_batch_size"):
        valid = torch.sum(mask.to(to_torch_dtype(dtype)))
        mask_weight = divide_no_nan(torch.full_like(valid, mask.numel()), valid)
        float_mask = torch.where(mask.bool(), mask_weight, torch.zeros_like(mask_weight))
    else:
        float_mask = mask.to(to_torch_dtype(dtype))
    if sample_weight is None:
        return float_mask
    sample_weight = to_tensor(sample_weight, dtype=dtype, device=float_mask.device)
    float_mask, sample_weight = squeeze_or_expand_to_same_rank(float_mask, sample_weight)
    return sample_weight * float_mask


def reduce_values(values, sample_weight=None, reduction="sum_over_batch_size"):
    """Reduces (already weighted) loss values.

    Args:
        values: The per-element losses.
        sample_weight: The weights applied, used as the divisor by
            `"mean_with_sample_weight"`.
        reduction: The reduction name.

    Returns:
        A scalar tensor, or `values` for `None`/`"none"` and for scalar or
        empty `values`.
    """
    if reduction is None or reduction == "none" or values.ndim == 0 or tuple(values.shape) == (0,):
        return values
    loss = torch.sum(values)
    if reduction == "sum":
        return loss
    if reduction == "mean_with_sample_weight" and sample_weight is not None:
        return divide_no_nan(loss, torch.sum(sample_weight).to(loss.dtype))
    return divide_no_nan(loss, values.numel())


def reduce_weighted_values(values, sample_weight=None, mask=None, reduction="sum_over_batch_size", dtype=None):
    """Weights loss values by `sample_weight` and `mask`, then reduces them.

    Args:
        values: The per-sample (or per-element) losses.
        sample_weight: `None` or weights, rank-matched to `values`.
        mask: `None` or a mask, folded into the weights.
        reduction: The reduction name.
        dtype: The dtype to compute in.

    Returns:
        The reduced loss.
    """
    reduction = standardize_reduction(reduction)
    values = to_tensor(values, dtype=dtype)
    if sample_weight is not None:
        sample_weight = to_tensor(sample_weight, dtype=dtype, device=values.device)
    if mask is not None:
        mask = to_tensor(mask, dtype=dtype, device=values.device)
    sample_weight = apply_mask(sample_weight, mask, dtype=values.dtype, reduction=reduction)
    if sample_weight is not None:
        sample_weight = sample_weight.to(values.dtype)
        values, sample_weight = squeeze_or_expand_to_same_rank(values, sample_weight)
        values = values * sample_weight
    return reduce_values(values, sample_weight, reduction)

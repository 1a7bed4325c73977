"""The `Loss` base class, the function wrapper, and Keras's reduction rules.

A loss is called as `loss(y_true, y_pred, sample_weight=None)`: `call()` gives
one value per sample (or per element), then the values are weighted by the
sample weights and the `_keras_mask` of `y_pred`, and reduced. Everything runs
as torch ops on the device of `y_pred`; nothing is read on the host.
"""

import torch

from kerastorch.api_export import keras_export
from kerastorch.backend import config
from kerastorch.backend import naming
from kerastorch.backend.device import get_device
from kerastorch.backend.dtype_policy import DTypePolicy
from kerastorch.backend.dtypes import standardize_dtype
from kerastorch.backend.dtypes import to_torch_dtype
from kerastorch.backend.tensors import convert_to_tensor
from kerastorch.saving import serialization_lib
from kerastorch.utils import tree

REDUCTIONS = ("sum_over_batch_size", "sum", None, "none", "mean", "mean_with_sample_weight")


def standardize_compute_dtype(dtype) -> str:
    """Returns the computation dtype named by `dtype`, as a Keras dtype string.

    Args:
        dtype: `None` (meaning `floatx()`), a dtype in any form, a dtype
            policy name (`"mixed_float16"`) or a `DTypePolicy`.

    Returns:
        A string such as `"float32"`.
    """
    if hasattr(dtype, "compute_dtype"):
        return dtype.compute_dtype
    if isinstance(dtype, str) and dtype.startswith("mixed_"):
        return DTypePolicy(dtype).compute_dtype
    return standardize_dtype(dtype)


def to_tensor(x, dtype=None, device=None) -> torch.Tensor:
    """Converts `x` to a tensor, keeping a tensor on its own device.

    Unlike `backend.convert_to_tensor`, a torch tensor is not moved to the
    default device unless `device` is given, so a loss or metric computes
    where its inputs already are. Other inputs (numpy arrays, lists,
    scalars) go to `device`, or to `get_device()`; a Python scalar is filled
    in on the device rather than copied from the host.

    Args:
        x: A tensor, numpy array, Python scalar or nested list.
        dtype: Optional target dtype.
        device: Optional target device.

    Returns:
        A `torch.Tensor`.
    """
    if isinstance(x, torch.Tensor):
        torch_dtype = None if dtype is None else to_torch_dtype(dtype)
        return x.to(device=device, dtype=torch_dtype)
    if isinstance(x, (bool, int, float)):
        # A fill on the device: no host-to-device copy, so no stream sync.
        if dtype is None:
            dtype = "bool" if isinstance(x, bool) else "int64" if isinstance(x, int) else config.floatx()
        return torch.full((), x, dtype=to_torch_dtype(dtype), device=device or get_device())
    return convert_to_tensor(x, dtype=dtype, device=device)


def convert_pair(y_true, y_pred, cast_y_true: bool = True):
    """Converts `y_pred` to a tensor, and `y_true` onto its device.

    Args:
        y_true: Targets (tensor, array, list or number).
        y_pred: Predictions (tensor, array, list or number).
        cast_y_true: Whether `y_true` also takes `y_pred`'s dtype.

    Returns:
        The pair `(y_true, y_pred)` of tensors.
    """
    y_pred = to_tensor(y_pred)
    return to_tensor(y_true, dtype=y_pred.dtype if cast_y_true else None, device=y_pred.device), y_pred


def mean(x: torch.Tensor, axis=None) -> torch.Tensor:
    """Mean as `keras.ops.mean` computes it on torch.

    Float16 and bfloat16 are averaged in float32 and cast back; integer and
    boolean inputs give a float32 result.

    Args:
        x: A tensor.
        axis: An int, a list of ints, or `None` for all axes.

    Returns:
        The reduced tensor.
    """
    if isinstance(axis, (list, tuple)) and len(axis) == 0:
        return x
    dims = tuple(range(x.ndim)) if axis is None else axis
    if x.dtype in (torch.float16, torch.bfloat16):
        return torch.mean(x.float(), dim=dims).to(x.dtype)
    if not x.is_floating_point():
        return torch.mean(x.float(), dim=dims)
    return torch.mean(x, dim=dims)


def divide_no_nan(x: torch.Tensor, y) -> torch.Tensor:
    """Returns `x / y`, or 0 where `y` is 0, without reading `y` on the host.

    Args:
        x: The numerator tensor.
        y: The denominator: a tensor, or a Python number (a shape-derived
            count, so testing it against 0 costs nothing).

    Returns:
        The quotient tensor.
    """
    if not isinstance(y, torch.Tensor):
        return x / y if y != 0 else torch.zeros_like(x)
    is_zero = y == 0
    return torch.where(is_zero, 0.0, x / torch.where(is_zero, 1.0, y))


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


@keras_export("keras.losses.Loss", "keras.Loss")
class Loss:
    """Loss base class: subclass it and implement `call(y_true, y_pred)`.

    `__call__` converts both inputs to the loss dtype, runs `call()` to get
    per-sample losses, weights them by `sample_weight` and by the
    `_keras_mask` of `y_pred` (and of the losses), then reduces them.

    Args:
        name: Optional name for the loss instance.
        reduction: `"sum_over_batch_size"` (sum divided by the number of
            elements), `"mean"` (the same), `"sum"`,
            `"mean_with_sample_weight"` (sum divided by the sum of the sample
            weights) or `None`/`"none"` (no reduction).
        dtype: Dtype of the computations; defaults to `floatx()`.

    Example:

    ```python
    class MeanSquaredError(Loss):
        def call(self, y_true, y_pred):
            return torch.mean(torch.square(y_pred - y_true), dim=-1)
    ```
    """

    def __init__(self, name: "str | None" = None, reduction="sum_over_batch_size", dtype=None):
        self.name = name or naming.auto_name(self.__class__.__name__)
        self.reduction = standardize_reduction(reduction)
        self._dtype = standardize_compute_dtype(dtype)

    @property
    def dtype(self) -> str:
        """The dtype the loss computes in, e.g. `"float32"`."""
        return self._dtype

    def __call__(self, y_true, y_pred, sample_weight=None) -> torch.Tensor:
        """Computes the weighted, reduced loss.

        Args:
            y_true: Targets (tensor, array or a nest of them).
            y_pred: Predictions (tensor or a nest of them); a `_keras_mask`
                attribute masks entries out.
            sample_weight: Optional weights, per sample or per element.

        Returns:
            A scalar tensor, or the weighted per-sample losses when the
            reduction is `None`/`"none"`.
        """
        in_mask = getattr(y_pred, "_keras_mask", None)
        y_pred = tree.map_structure(lambda x: to_tensor(x, dtype=self.dtype), y_pred)
        device = tree.flatten(y_pred)[0].device
        y_true = tree.map_structure(lambda x: to_tensor(x, dtype=self.dtype, device=device), y_true)
        losses = self.call(y_true, y_pred)
        out_mask = getattr(losses, "_keras_mask", None)
        if in_mask is not None and out_mask is not None:
            mask = in_mask & out_mask
        else:
            mask = in_mask if in_mask is not None else out_mask
        return reduce_weighted_values(
            losses, sample_weight=sample_weight, mask=mask, reduction=self.reduction, dtype=self.dtype
        )

    def call(self, y_true, y_pred) -> torch.Tensor:
        """Returns the unreduced losses; implemented by subclasses.

        Args:
            y_true: Targets, converted to the loss dtype.
            y_pred: Predictions, converted to the loss dtype.

        Returns:
            The per-sample (or per-element) losses.
        """
        raise NotImplementedError

    def get_config(self) -> dict:
        """Returns the constructor arguments, for `from_config`."""
        return {"name": self.name, "reduction": self.reduction}

    @classmethod
    def from_config(cls, config: dict):
        """Rebuilds a loss from `get_config()`'s output.

        Args:
            config: The dict `get_config()` returned.

        Returns:
            A new loss.
        """
        return cls(**config)

    def __repr__(self):
        return f"<{self.__class__.__name__} name={self.name}>"


@keras_export("keras.losses.LossFunctionWrapper")
class LossFunctionWrapper(Loss):
    """Makes a `Loss` of a function `fn(y_true, y_pred, **kwargs)`.

    Before calling `fn`, `y_true` and `y_pred` are rank-matched with
    `squeeze_or_expand_to_same_rank`, so `(N,)` targets against `(N, 1)`
    predictions give `N` losses, not `N * N`.

    Args:
        fn: The loss function, returning per-sample losses.
        reduction: The reduction (see `Loss`).
        name: Optional name of the loss.
        dtype: Dtype of the computations; defaults to `floatx()`.
        **kwargs: Keyword arguments passed on to `fn`.

    Example:

    >>> loss = LossFunctionWrapper(kerastorch.losses.mean_squared_error, name="mse")
    >>> loss(np.zeros((2, 3)), np.ones((2, 3)))
    tensor(1.)
    """

    def __init__(self, fn, reduction="sum_over_batch_size", name=None, dtype=None, **kwargs):
        super().__init__(name=name, reduction=reduction, dtype=dtype)
        self.fn = fn
        self._fn_kwargs = kwargs

    def call(self, y_true, y_pred):
        """Rank-matches the inputs and returns `fn(y_true, y_pred, **kwargs)`."""
        if isinstance(y_true, torch.Tensor) and isinstance(y_pred, torch.Tensor):
            y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
        else:
            pairs = [squeeze_or_expand_to_same_rank(t, p) for t, p in zip(tree.flatten(y_true), tree.flatten(y_pred))]
            y_true = tree.pack_sequence_as(y_true, [t for t, _ in pairs])
            y_pred = tree.pack_sequence_as(y_pred, [p for _, p in pairs])
        return self.fn(y_true, y_pred, **self._fn_kwargs)

    def get_config(self) -> dict:
        """Returns the name, reduction, serialized `fn` and its kwargs."""
        return {
            **super().get_config(),
            "fn": serialization_lib.serialize_keras_object(self.fn),
            **serialization_lib.serialize_keras_object(self._fn_kwargs),
        }

    @classmethod
    def from_config(cls, config: dict):
        """Rebuilds the wrapper, deserializing `fn`.

        Args:
            config: The dict `get_config()` returned.

        Returns:
            A new `LossFunctionWrapper` (or subclass).
        """
        if "fn" in config:
            config = {**config, "fn": serialization_lib.deserialize_keras_object(config["fn"])}
        return cls(**config)

    def __repr__(self):
        return f"<{self.__class__.__name__}({self.fn}, kwargs={self._fn_kwargs})>"


class FixedLossFunctionWrapper(LossFunctionWrapper):
    """A `LossFunctionWrapper` of one built-in function, configured by its arguments.

    The base of the built-in loss classes (`MeanSquaredError`,
    `BinaryCrossentropy`, ...). The function arguments named in
    `CONFIG_KEYS` become attributes, and the config is Keras's: `name`,
    `reduction` and those arguments (no `fn`, no `dtype`).

    Args:
        fn: The loss function.
        reduction: The reduction (see `Loss`).
        name: Name of the loss.
        dtype: Dtype of the computations; defaults to `floatx()`.
        **kwargs: Keyword arguments passed on to `fn`.
    """

    CONFIG_KEYS = ()

    def __init__(self, fn, reduction, name, dtype, **kwargs):
        super().__init__(fn, reduction=reduction, name=name, dtype=dtype, **kwargs)
        for key in self.CONFIG_KEYS:
            setattr(self, key, kwargs[key])

    def get_config(self) -> dict:
        """Returns `name`, `reduction` and the arguments in `CONFIG_KEYS`."""
        return {**Loss.get_config(self), **{key: getattr(self, key) for key in self.CONFIG_KEYS}}

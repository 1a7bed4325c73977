"""Metrics that reduce values over batches: `Sum`, `Mean` and `MeanMetricWrapper`."""

import torch

from kerastorch import losses
from kerastorch.api_export import keras_export
from kerastorch.losses.loss_utils import apply_mask
from kerastorch.losses.loss_utils import squeeze_or_expand_to_same_rank
from kerastorch.losses.tensor_utils import divide_no_nan
from kerastorch.losses.tensor_utils import mean
from kerastorch.losses.tensor_utils import to_tensor
from kerastorch.metrics.metric import Metric
from kerastorch.saving import serialization_lib


def _sum(x: torch.Tensor, axis) -> torch.Tensor:
    return torch.sum(x, dim=axis)


def reduce_to_samplewise_values(values, sample_weight, reduce_fn, dtype):
    """Weights values and reduces them to one value per sample, as Keras's `Mean` does.

    The weights are rank-matched to the values; value axes beyond the
    weights' rank are reduced first, then the values are multiplied by the
    (broadcast) weights; finally everything past the batch axis is reduced.
    A `_keras_mask` on `values` is folded into the weights when weights are
    given.

    Args:
        values: Values (tensor, array or number).
        sample_weight: `None` or weights broadcastable to the values.
        reduce_fn: `fn(x, axis)` used to reduce (mean or sum).
        dtype: Dtype to compute in.

    Returns:
        `(values, sample_weight)`: per-sample weighted values and their weights
        (`None` when no weights were given).
    """
    mask = getattr(values, "_keras_mask", None)
    values = to_tensor(values, dtype=dtype)
    if sample_weight is not None:
        sample_weight = to_tensor(sample_weight, dtype=dtype, device=values.device)
        if mask is not None:
            sample_weight = apply_mask(sample_weight, mask, dtype=dtype, reduction="sum")
        values, sample_weight = squeeze_or_expand_to_same_rank(values, sample_weight)
        weight_ndim = sample_weight.ndim
        if values.ndim > weight_ndim:
            values = reduce_fn(values, axis=list(range(weight_ndim, values.ndim)))
        values = values * torch.broadcast_to(sample_weight, values.shape)
        if weight_ndim > 1:
            sample_weight = reduce_fn(sample_weight, axis=list(range(1, weight_ndim)))
    if values.ndim > 1:
        values = reduce_fn(values, axis=list(range(1, values.ndim)))
    return values, sample_weight


@keras_export("keras.metrics.Sum")
class Sum(Metric):
    """The (weighted) sum of the values seen.

    Args:
        name: Name of the metric; defaults to `"sum"`.
        dtype: Dtype of the result; defaults to `floatx()`.

    Example:

    >>> m = Sum()
    >>> m.update_state([1, 3, 5, 7], sample_weight=[1, 1, 0, 0])
    >>> m.result()
    tensor(4.)
    """

    def __init__(self, name: str = "sum", dtype=None):
        super().__init__(name=name, dtype=dtype)
        self.total = self.add_variable(shape=(), initializer="zeros", dtype=self.dtype, name="total")

    @torch.no_grad()
    def update_state(self, values, sample_weight=None) -> None:
        """Adds the (weighted) values to the total.

        Args:
            values: Values to add (tensor, array or number).
            sample_weight: Optional weights broadcastable to `values`.
        """
        values, _ = reduce_to_samplewise_values(values, sample_weight, reduce_fn=_sum, dtype=self.dtype)
        self._move_state_to(values.device)
        self.total.add_(torch.sum(values))

    def result(self) -> torch.Tensor:
        """Returns the total (a copy, so later updates do not change it)."""
        return self.total.clone()


@keras_export("keras.metrics.Mean")
class Mean(Metric):
    """The (weighted) mean of the values seen: `total / count`.

    With weights, `total += sum(values * sample_weight)` and
    `count += sum(sample_weight)`; without, each sample counts once.

    Args:
        name: Name of the metric; defaults to `"mean"`.
        dtype: Dtype of the result; defaults to `floatx()`.

    Example:

    >>> m = Mean()
    >>> m.update_state([1, 3, 5, 7], sample_weight=[1, 1, 0, 0])
    >>> m.result()
    tensor(2.)
    """

    def __init__(self, name: str = "mean", dtype=None):
        super().__init__(name=name, dtype=dtype)
        self.total = self.add_variable(shape=(), initializer="zeros", dtype=self.dtype, name="total")
        self.count = self.add_variable(shape=(), initializer="zeros", dtype=self.dtype, name="count")

    @torch.no_grad()
    def update_state(self, values, sample_weight=None) -> None:
        """Adds the (weighted) values to the total and their weights to the count.

        Args:
            values: Values to average (tensor, array or number).
            sample_weight: Optional weights broadcastable to `values`.
        """
        values, sample_weight = reduce_to_samplewise_values(values, sample_weight, reduce_fn=mean, dtype=self.dtype)
        self._move_state_to(values.device)
        self.total.add_(torch.sum(values))
        if sample_weight is not None:
            self.count.add_(torch.sum(sample_weight))
        else:
            self.count.add_(values.shape[0] if values.ndim >= 1 else 1)

    def result(self) -> torch.Tensor:
        """Returns `total / count`, or 0 before any update."""
        return divide_no_nan(self.total, self.count)


@keras_export("keras.metrics.MeanMetricWrapper")
class MeanMetricWrapper(Mean):
    """The mean over all samples of a function `fn(y_true, y_pred, **kwargs)`.

    `fn` returns one value per sample (e.g. a loss function or an accuracy
    function); this metric averages them, weighted by `sample_weight` and the
    `_keras_mask` of `y_pred`.

    Args:
        fn: The function, with signature `fn(y_true, y_pred, **kwargs)`.
        name: Name of the metric; defaults to `"mean_metric_wrapper"`.
        dtype: Dtype of the result; defaults to `floatx()`.
        **kwargs: Keyword arguments passed on to `fn`.

    Example:

    >>> m = MeanMetricWrapper(fn=kerastorch.losses.mean_squared_error)
    >>> m.update_state(np.zeros((2, 2)), np.ones((2, 2)))
    >>> m.result()
    tensor(1.)
    """

    def __init__(self, fn, name: "str | None" = None, dtype=None, **kwargs):
        super().__init__(name=name, dtype=dtype)
        self._fn = fn
        self._fn_kwargs = kwargs
        # A wrapped Keras loss is minimized (read by callbacks with mode="auto").
        if fn in losses.ALL_OBJECTS or type(fn) in losses.ALL_OBJECTS:
            self._direction = "down"

    @torch.no_grad()
    def update_state(self, y_true, y_pred, sample_weight=None) -> None:
        """Adds `fn(y_true, y_pred)` of one batch to the running mean.

        Args:
            y_true: Targets.
            y_pred: Predictions; a `_keras_mask` attribute masks samples out.
            sample_weight: Optional weights.
        """
        mask = getattr(y_pred, "_keras_mask", None)
        values = self._fn(y_true, y_pred, **self._fn_kwargs)
        sample_weight = apply_mask(sample_weight, mask, dtype=self.dtype, reduction="sum")
        super().update_state(values, sample_weight=sample_weight)

    def get_config(self) -> dict:
        """Returns `name`, `dtype`, the serialized `fn` and its kwargs."""
        return {
            **super().get_config(),
            "fn": serialization_lib.serialize_keras_object(self._fn),
            **serialization_lib.serialize_keras_object(self._fn_kwargs),
        }

    @classmethod
    def from_config(cls, config: dict):
        """Rebuilds the wrapper, deserializing `fn`.

        Args:
            config: The dict `get_config()` returned.

        Returns:
            A new `MeanMetricWrapper` (or subclass).
        """
        if "fn" in config:
            config = {**config, "fn": serialization_lib.deserialize_keras_object(config["fn"])}
        return cls(**config)


class FixedMeanMetricWrapper(MeanMetricWrapper):
    """A `MeanMetricWrapper` of one built-in function, configured by its arguments.

    The base of the built-in metric classes (`Accuracy`, `MeanSquaredError`,
    ...). The function arguments named in `CONFIG_KEYS` become attributes,
    and the config is Keras's: `name`, `dtype` and those arguments (no `fn`).

    Args:
        fn: The metric function, returning one value per sample.
        name: Name of the metric.
        dtype: Dtype of the result; defaults to `floatx()`.
        **kwargs: Keyword arguments passed on to `fn`.
    """

    CONFIG_KEYS = ()

    def __init__(self, fn, name, dtype, **kwargs):
        super().__init__(fn=fn, name=name, dtype=dtype, **kwargs)
        for key in self.CONFIG_KEYS:
            setattr(self, key, kwargs[key])

    def get_config(self) -> dict:
        """Returns `name`, `dtype` and the arguments in `CONFIG_KEYS`."""
        return {**Metric.get_config(self), **{key: getattr(self, key) for key in self.CONFIG_KEYS}}

"""Regression metrics: squared / absolute / percentage / logarithmic errors, cosine similarity, R2.

The error metrics are running means (`MeanMetricWrapper`) of the loss
functions of the same name in `kerastorch.losses`; `RootMeanSquaredError`
takes the root of a running mean, and `R2Score` keeps per-output sums from
which the coefficient of determination is computed at `result()` time.
"""

import warnings

import torch

from kerastorch.api_export import keras_export
from kerastorch.losses import similarity
from kerastorch.losses.loss_utils import squeeze_or_expand_to_same_rank
from kerastorch.losses.regression import mean_absolute_error
from kerastorch.losses.regression import mean_absolute_percentage_error
from kerastorch.losses.regression import mean_squared_error
from kerastorch.losses.regression import mean_squared_logarithmic_error
from kerastorch.losses.robust_regression import log_cosh
from kerastorch.losses.tensor_utils import to_tensor
from kerastorch.metrics.metric import Metric
from kerastorch.metrics.reduction_metrics import FixedMeanMetricWrapper
from kerastorch.metrics.reduction_metrics import Mean


def _as_metric_pair(y_true, y_pred, dtype: str):
    """Both tensors in the metric's dtype on `y_pred`'s device, rank-matched."""
    y_pred = to_tensor(y_pred, dtype=dtype)
    y_true = to_tensor(y_true, dtype=dtype, device=y_pred.device)
    return squeeze_or_expand_to_same_rank(y_true, y_pred)


def cosine_similarity(y_true, y_pred, axis: int = -1) -> torch.Tensor:
    """Returns the cosine similarity of labels and predictions along `axis`.

    `sum(l2_normalize(y_true) * l2_normalize(y_pred), axis)`: 1 for the same
    direction, -1 for opposite ones (the loss `keras.losses.cosine_similarity`
    is its negative).

    Args:
        y_true: Targets.
        y_pred: Predictions, the shape of `y_true`.
        axis: The axis along which vectors are compared.

    Returns:
        The similarities, with `axis` reduced.

    Example:

    >>> cosine_similarity(np.array([[0.0, 1.0], [1.0, 1.0]]), np.array([[1.0, 0.0], [1.0, 1.0]]))
    tensor([0.0000, 1.0000])
    """
    return -similarity.cosine_similarity(y_true, y_pred, axis=axis)


@keras_export("keras.metrics.MeanSquaredError")
class MeanSquaredError(FixedMeanMetricWrapper):
    """The mean squared error between labels and predictions, over all samples seen.

    Args:
        name: Name of the metric; defaults to `"mean_squared_error"`.
        dtype: Dtype of the result; defaults to `floatx()`.

    Example:

    >>> m = MeanSquaredError()
    >>> m.update_state([[0, 1], [0, 0]], [[1, 1], [0, 0]])
    >>> m.result()
    tensor(0.2500)
    """

    _direction = "down"

    def __init__(self, name: str = "mean_squared_error", dtype=None):
        super().__init__(mean_squared_error, name, dtype)


@keras_export("keras.metrics.MeanAbsoluteError")
class MeanAbsoluteError(FixedMeanMetricWrapper):
    """The mean absolute error between labels and predictions, over all samples seen.

    Args:
        name: Name of the metric; defaults to `"mean_absolute_error"`.
        dtype: Dtype of the result; defaults to `floatx()`.

    Example:

    >>> m = MeanAbsoluteError()
    >>> m.update_state([[0, 1], [0, 0]], [[1, 1], [0, 0]])
    >>> m.result()
    tensor(0.2500)
    """

    _direction = "down"

    def __init__(self, name: str = "mean_absolute_error", dtype=None):
        super().__init__(mean_absolute_error, name, dtype)


@keras_export("keras.metrics.MeanAbsolutePercentageError")
class MeanAbsolutePercentageError(FixedMeanMetricWrapper):
    """The mean absolute percentage error between labels and predictions, over all samples seen.

    `100 * abs((y_true - y_pred) / max(abs(y_true), epsilon))`, averaged.

    Args:
        name: Name of the metric; defaults to `"mean_absolute_percentage_error"`.
        dtype: Dtype of the result; defaults to `floatx()`.

    Example:

    >>> m = MeanAbsolutePercentageError()
    >>> m.update_state([[0.0, 1.0], [0.0, 0.0]], [[1.0, 1.0], [0.0, 0.0]])
    >>> m.result()
    tensor(2.5000e+08)
    """

    _direction = "down"

    def __init__(self, name: str = "mean_absolute_percentage_error", dtype=None):
        super().__init__(mean_absolute_percentage_error, name, dtype)


@keras_export("keras.metrics.MeanSquaredLogarithmicError")
class MeanSquaredLogarithmicError(FixedMeanMetricWrapper):
    """The mean squared logarithmic error between labels and predictions, over all samples seen.

    `square(log(max(y_true, epsilon) + 1) - log(max(y_pred, epsilon) + 1))`, averaged.

    Args:
        name: Name of the metric; defaults to `"mean_squared_logarithmic_error"`.
        dtype: Dtype of the result; defaults to `floatx()`.

    Example:

    >>> m = MeanSquaredLogarithmicError()
    >>> m.update_state([[0.0, 1.0], [0.0, 0.0]], [[1.0, 1.0], [0.0, 0.0]])
    >>> m.result()
    tensor(0.1201)
    """

    _direction = "down"

    def __init__(self, name: str = "mean_squared_logarithmic_error", dtype=None):
        super().__init__(mean_squared_logarithmic_error, name, dtype)


@keras_export("keras.metrics.LogCoshError")
class LogCoshError(FixedMeanMetricWrapper):
    """The logarithm of the hyperbolic cosine of the prediction error, averaged over all samples seen.

    `log(cosh(y_pred - y_true))`: about `x ** 2 / 2` for small errors and
    `abs(x) - log(2)` for large ones.

    Args:
        name: Name of the metric; defaults to `"logcosh"` (as in Keras).
        dtype: Dtype of the result; defaults to `floatx()`.

    Example:

    >>> m = LogCoshError()
    >>> m.update_state([[0.0, 1.0], [0.0, 0.0]], [[1.0, 1.0], [0.0, 0.0]])
    >>> m.result()
    tensor(0.1084)
    """

    _direction = "down"

    def __init__(self, name: str = "logcosh", dtype=None):
        super().__init__(log_cosh, name, dtype)


@keras_export("keras.metrics.RootMeanSquaredError")
class RootMeanSquaredError(Mean):
    """The square root of the mean squared error over all samples seen.

    The squared errors are averaged with `sample_weight` (as `Mean` does)
    and the root is taken in `result()`.

    Args:
        name: Name of the metric; defaults to `"root_mean_squared_error"`.
        dtype: Dtype of the result; defaults to `floatx()`.

    Example:

    >>> m = RootMeanSquaredError()
    >>> m.update_state([[0, 1], [0, 0]], [[1, 1], [0, 0]])
    >>> m.result()
    tensor(0.5000)
    """

    _direction = "down"

    def __init__(self, name: str = "root_mean_squared_error", dtype=None):
        super().__init__(name=name, dtype=dtype)

    @torch.no_grad()
    def update_state(self, y_true, y_pred, sample_weight=None) -> None:
        """Adds the squared errors of one batch to the running mean.

        Args:
            y_true: Targets.
            y_pred: Predictions, the shape of `y_true` (or `(N,)` against `(N, 1)`).
            sample_weight: Optional weights broadcastable to the errors.
        """
        y_true, y_pred = _as_metric_pair(y_true, y_pred, self.dtype)
        super().update_state(torch.square(y_pred - y_true), sample_weight=sample_weight)

    def result(self) -> torch.Tensor:
        """Returns `sqrt(mean squared error)`, or 0 before any update."""
        return torch.sqrt(super().result())


@keras_export("keras.metrics.CosineSimilarity")
class CosineSimilarity(FixedMeanMetricWrapper):
    """The cosine similarity between labels and predictions, averaged over all samples seen.

    As in Keras, `axis` is not part of the config, so `from_config` rebuilds
    the metric with `axis=-1`.

    Args:
        name: Name of the metric; defaults to `"cosine_similarity"`.
        dtype: Dtype of the result; defaults to `floatx()`.
        axis: The axis along which vectors are compared; defaults to `-1`.

    Example:

    >>> m = CosineSimilarity(axis=1)
    >>> m.update_state([[0.0, 1.0], [1.0, 1.0]], [[1.0, 0.0], [1.0, 1.0]])
    >>> m.result()
    tensor(0.5000)
    """

    _direction = "up"

    def __init__(self, name: str = "cosine_similarity", dtype=None, axis: int = -1):
        super().__init__(cosine_similarity, name, dtype, axis=axis)


_CLASS_AGGREGATIONS = (None, "uniform_average", "variance_weighted_average")


@keras_export("keras.metrics.R2Score")
class R2Score(Metric):
    """The coefficient of determination (R2) of predictions, over all samples seen.

    `R2 = 1 - sum((y_true - y_pred) ** 2) / sum((y_true - mean(y_true)) ** 2)`,
    one score per output (the last axis), then aggregated. With
    `num_regressors = p > 0` it is the adjusted score
    `1 - (1 - R2) * (n - 1) / (n - p - 1)`, where `n` counts the label
    entries seen. The per-output state is created by the first update, which
    fixes the number of outputs.

    Args:
        class_aggregation: How the per-output scores combine: `None` (one
            score per output), `"uniform_average"` (their mean) or
            `"variance_weighted_average"` (weighted by the labels' variance).
        num_regressors: Number of independent regressors of the adjusted
            score; `0` gives the standard R2.
        name: Name of the metric; defaults to `"r2_score"`.
        dtype: Dtype of the result; defaults to `floatx()`.

    Example:

    >>> m = R2Score()
    >>> m.update_state(np.array([[1.0], [4.0], [3.0]]), np.array([[2.0], [4.0], [4.0]]))
    >>> m.result()
    tensor(0.5714)
    """

    _direction = "up"

    def __init__(
        self, class_aggregation: "str | None" = "uniform_average", num_regressors: int = 0, name: str = "r2_score",
        dtype=None,
    ):
        super().__init__(name=name, dtype=dtype)
        if class_aggregation not in _CLASS_AGGREGATIONS:
            raise ValueError(
                f"Invalid value for argument `class_aggregation`. Expected one of {_CLASS_AGGREGATIONS}. "
                f"Received: class_aggregation={class_aggregation}"
            )
        if num_regressors < 0:
            raise ValueError(
                "Invalid value for argument `num_regressors`. Expected a value >= 0. "
                f"Received: num_regressors={num_regressors}"
            )
        self.class_aggregation = class_aggregation
        self.num_regressors = num_regressors
        self.num_samples = self.add_variable(shape=(), initializer="zeros", name="num_samples")
        self._built = False

    def _build(self, y_true_shape, y_pred_shape) -> None:
        if len(y_pred_shape) != 2 or len(y_true_shape) != 2:
            raise ValueError(
                "R2Score expects 2D inputs with shape (batch_size, output_dim). Received input shapes: "
                f"y_pred.shape={tuple(y_pred_shape)} and y_true.shape={tuple(y_true_shape)}."
            )
        num_outputs = y_pred_shape[-1]
        self.squared_sum = self.add_variable(shape=(num_outputs,), initializer="zeros", name="squared_sum")
        self.sum = self.add_variable(shape=(num_outputs,), initializer="zeros", name="sum")
        self.total_mse = self.add_variable(shape=(num_outputs,), initializer="zeros", name="residual")
        self.count = self.add_variable(shape=(num_outputs,), initializer="zeros", name="count")
        self._built = True

    @torch.no_grad()
    def update_state(self, y_true, y_pred, sample_weight=None) -> None:
        """Adds one batch's per-output sums.

        Args:
            y_true: Targets, shape `(batch_size, num_outputs)` (or `(N,)`
                against `(N, 1)`).
            y_pred: Predictions, the same shape.
            sample_weight: Optional weights, shape `(batch_size,)` or
                broadcastable to the targets.

        Raises:
            ValueError: if the inputs are not 2D.
        """
        y_true, y_pred = _as_metric_pair(y_true, y_pred, self.dtype)
        if not self._built:
            self._build(y_true.shape, y_pred.shape)
        self._move_state_to(y_pred.device)
        weight = 1.0 if sample_weight is None else sample_weight
        weight = to_tensor(weight, dtype=self.dtype, device=y_pred.device)
        if weight.ndim == 1:
            weight = weight.unsqueeze(1)
        weight = torch.broadcast_to(weight, y_true.shape).to(y_true.dtype)
        weighted_y_true = y_true * weight
        self.sum.add_(torch.sum(weighted_y_true, dim=0))
        self.squared_sum.add_(torch.sum(y_true * weighted_y_true, dim=0))
        self.total_mse.add_(torch.sum(torch.square(y_true - y_pred) * weight, dim=0))
        self.count.add_(torch.sum(weight, dim=0))
        self.num_samples.add_(y_true.numel())

    def result(self) -> torch.Tensor:
        """Returns the aggregated (and, with `num_regressors`, adjusted) score.

        The adjusted score compares `num_regressors` with the number of
        samples seen, which reads that count on the host; with the default
        `num_regressors=0` nothing is read.
        """
        mean = self.sum / self.count
        total = self.squared_sum - self.sum * mean
        raw_scores = 1 - self.total_mse / total
        raw_scores = torch.where(torch.isinf(raw_scores), 0.0, raw_scores)
        if self.class_aggregation == "uniform_average":
            score = torch.mean(raw_scores)
        elif self.class_aggregation == "variance_weighted_average":
            score = torch.sum(total * raw_scores) / torch.sum(total)
        else:
            score = raw_scores
        if self.num_regressors == 0:
            return score
        num_samples = float(self.num_samples)
        if self.num_regressors > num_samples - 1:
            warnings.warn(
                "More independent predictors than datapoints in adjusted R2 score. "
                "Falling back to standard R2 score.",
                stacklevel=2,
            )
        elif self.num_regressors == num_samples - 1:
            warnings.warn("Division by zero in Adjusted R2 score. Falling back to standard R2 score.", stacklevel=2)
        else:
            score = 1.0 - (1.0 - score) * (num_samples - 1.0) / (num_samples - self.num_regressors - 1.0)
        return score

    def get_config(self) -> dict:
        """Returns `name`, `dtype`, `class_aggregation` and `num_regressors`."""
        return {
            **super().get_config(),
            "class_aggregation": self.class_aggregation,
            "num_regressors": self.num_regressors,
        }

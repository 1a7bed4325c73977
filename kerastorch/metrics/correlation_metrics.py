"""Correlation metrics: Pearson and concordance correlation coefficients.

Each function correlates `y_true` with `y_pred` along `axis` (within each
sample, by default over the last axis); each class is the running mean of
its function over the samples seen.
"""

import torch

from kerastorch.api_export import keras_export
from kerastorch.backend import config
from kerastorch.losses.loss_utils import squeeze_or_expand_to_same_rank
from kerastorch.losses.tensor_utils import convert_pair
from kerastorch.metrics.reduction_metrics import FixedMeanMetricWrapper


def _dims(axis):
    """`axis` as torch's `dim`: an int, or a tuple for several axes (a config may hold a list)."""
    return tuple(axis) if isinstance(axis, (list, tuple)) else axis


@keras_export("keras.metrics.pearson_correlation")
def pearson_correlation(y_true, y_pred, axis=-1) -> torch.Tensor:
    """Returns the Pearson correlation coefficient of labels and predictions along `axis`.

    `mean(standardize(y_true) * standardize(y_pred), axis)`, where
    `standardize(x) = (x - mean(x)) / std(x)` (population standard deviation).

    Args:
        y_true: Targets.
        y_pred: Predictions, the shape of `y_true`.
        axis: Axis, or tuple of axes, along which to correlate; defaults to `-1`.

    Returns:
        The coefficients, with `axis` reduced.

    Example:

    >>> pearson_correlation(np.array([[0, 1, 0.5], [1, 1, 0.2]]), np.array([[0.1, 0.9, 0.5], [1, 0.9, 0.2]]))
    tensor([1.0000, 0.9934])
    """
    y_true, y_pred = squeeze_or_expand_to_same_rank(*convert_pair(y_true, y_pred))
    dim = _dims(axis)
    y_true_centred = y_true - torch.mean(y_true, dim=dim, keepdim=True)
    y_pred_centred = y_pred - torch.mean(y_pred, dim=dim, keepdim=True)
    y_true_centred = y_true_centred / torch.std(y_true_centred, dim=dim, keepdim=True, correction=0)
    y_pred_centred = y_pred_centred / torch.std(y_pred_centred, dim=dim, keepdim=True, correction=0)
    return torch.mean(y_true_centred * y_pred_centred, dim=dim)


@keras_export("keras.metrics.concordance_correlation")
def concordance_correlation(y_true, y_pred, axis=-1) -> torch.Tensor:
    """Returns the concordance correlation coefficient of labels and predictions along `axis`.

    `2 * cov(y_true, y_pred) / (var(y_true) + var(y_pred) + (mean(y_true) - mean(y_pred)) ** 2)`,
    with population (co)variances and `epsilon()` added to the denominator.

    Args:
        y_true: Targets.
        y_pred: Predictions, the shape of `y_true`.
        axis: Axis, or tuple of axes, along which to correlate; defaults to `-1`.

    Returns:
        The coefficients, with `axis` reduced.

    Example:

    >>> concordance_correlation(np.array([[0, 1, 0.5], [1, 1, 0.2]]), np.array([[0.1, 0.9, 0.5], [1, 0.9, 0.2]]))
    tensor([0.9756, 0.9877])
    """
    y_true, y_pred = squeeze_or_expand_to_same_rank(*convert_pair(y_true, y_pred))
    dim = _dims(axis)
    y_true_mean = torch.mean(y_true, dim=dim, keepdim=True)
    y_pred_mean = torch.mean(y_pred, dim=dim, keepdim=True)
    y_true_var = torch.var(y_true - y_true_mean, dim=dim, keepdim=True, correction=0)
    y_pred_var = torch.var(y_pred - y_pred_mean, dim=dim, keepdim=True, correction=0)
    # Keras centres y_true on y_pred's mean; the covariance is the same (y_pred's
    # deviations sum to zero) and this form keeps Keras's rounding.
    covariance = (y_true - y_pred_mean) * (y_pred - y_pred_mean)
    norm = y_true_var + y_pred_var + torch.square(y_true_mean - y_pred_mean)
    return torch.mean(2 * covariance / (norm + config.epsilon()), dim=dim)


class _CorrelationMetric(FixedMeanMetricWrapper):
    """A running mean of a correlation function, configured by `axis`."""

    CONFIG_KEYS = ("axis",)
    _direction = "up"


@keras_export("keras.metrics.PearsonCorrelation")
class PearsonCorrelation(_CorrelationMetric):
    """The Pearson correlation coefficient of labels and predictions, averaged over samples.

    Args:
        name: Name of the metric; defaults to `"pearson_correlation"`.
        dtype: Dtype of the result; defaults to `floatx()`.
        axis: Axis, or tuple of axes, along which to correlate; defaults to `-1`.

    Example:

    >>> m = PearsonCorrelation()
    >>> m.update_state([[0, 1, 0.5], [1, 1, 0.2]], [[0.1, 0.9, 0.5], [1, 0.9, 0.2]])
    >>> m.result()
    tensor(0.9967)
    """

    def __init__(self, name: str = "pearson_correlation", dtype=None, axis=-1):
        super().__init__(pearson_correlation, name, dtype, axis=axis)


@keras_export("keras.metrics.ConcordanceCorrelation")
class ConcordanceCorrelation(_CorrelationMetric):
    """The concordance correlation coefficient of labels and predictions, averaged over samples.

    Args:
        name: Name of the metric; defaults to `"concordance_correlation"`.
        dtype: Dtype of the result; defaults to `floatx()`.
        axis: Axis, or tuple of axes, along which to correlate; defaults to `-1`.

    Example:

    >>> m = ConcordanceCorrelation()
    >>> m.update_state([[0, 1, 0.5], [1, 1, 0.2]], [[0.1, 0.9, 0.5], [1, 0.9, 0.2]])
    >>> m.result()
    tensor(0.9816)
    """

    def __init__(self, name: str = "concordance_correlation", dtype=None, axis=-1):
        super().__init__(concordance_correlation, name, dtype, axis=axis)

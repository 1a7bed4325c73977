"""Hinge metrics: hinge, squared hinge and categorical hinge, averaged over samples.

Each class is the running mean (`MeanMetricWrapper`) of the loss function of
the same name in `kerastorch.losses`.
"""

from kerastorch.api_export import keras_export
from kerastorch.losses.hinge import categorical_hinge
from kerastorch.losses.hinge import hinge
from kerastorch.losses.hinge import squared_hinge
from kerastorch.metrics.reduction_metrics import FixedMeanMetricWrapper


@keras_export("keras.metrics.Hinge")
class Hinge(FixedMeanMetricWrapper):
    """The hinge loss `mean(maximum(1 - y_true * y_pred, 0))` over all samples seen.

    Labels are -1/1, or 0/1 (mapped to -1/1).

    Args:
        name: Name of the metric; defaults to `"hinge"`.
        dtype: Dtype of the result; defaults to `floatx()`.

    Example:

    >>> m = Hinge()
    >>> m.update_state([[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]])
    >>> m.result()
    tensor(1.3000)
    """

    _direction = "down"

    def __init__(self, name: str = "hinge", dtype=None):
        super().__init__(hinge, name, dtype)


@keras_export("keras.metrics.SquaredHinge")
class SquaredHinge(FixedMeanMetricWrapper):
    """The squared hinge loss `mean(square(maximum(1 - y_true * y_pred, 0)))` over all samples seen.

    Labels are -1/1, or 0/1 (mapped to -1/1).

    Args:
        name: Name of the metric; defaults to `"squared_hinge"`.
        dtype: Dtype of the result; defaults to `floatx()`.

    Example:

    >>> m = SquaredHinge()
    >>> m.update_state([[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]])
    >>> m.result()
    tensor(1.8600)
    """

    _direction = "down"

    def __init__(self, name: str = "squared_hinge", dtype=None):
        super().__init__(squared_hinge, name, dtype)


@keras_export("keras.metrics.CategoricalHinge")
class CategoricalHinge(FixedMeanMetricWrapper):
    """The categorical hinge loss `maximum(neg - pos + 1, 0)` over all samples seen.

    `pos = sum(y_true * y_pred)` and `neg = max((1 - y_true) * y_pred)`
    along the class axis, with one-hot labels.

    Args:
        name: Name of the metric; defaults to `"categorical_hinge"`.
        dtype: Dtype of the result; defaults to `floatx()`.

    Example:

    >>> m = CategoricalHinge()
    >>> m.update_state([[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]])
    >>> m.result()
    tensor(1.4000)
    """

    _direction = "down"

    def __init__(self, name: str = "categorical_hinge", dtype=None):
        super().__init__(categorical_hinge, name, dtype)

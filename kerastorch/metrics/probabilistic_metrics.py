"""Probabilistic metrics: the crossentropies, KL divergence and Poisson, averaged over samples.

Each class is the running mean (`MeanMetricWrapper`) of the loss function of
the same name in `kerastorch.losses`, so a metric and its loss agree exactly.
"""

from kerastorch.api_export import keras_export
from kerastorch.losses.divergence import kl_divergence
from kerastorch.losses.divergence import poisson
from kerastorch.losses.probabilistic import binary_crossentropy
from kerastorch.losses.probabilistic import categorical_crossentropy
from kerastorch.losses.probabilistic import sparse_categorical_crossentropy
from kerastorch.metrics.reduction_metrics import FixedMeanMetricWrapper


@keras_export("keras.metrics.KLDivergence")
class KLDivergence(FixedMeanMetricWrapper):
    """The Kullback-Leibler divergence `sum(y_true * log(y_true / y_pred))`, averaged over all samples seen.

    Both distributions are clipped to `[epsilon, 1]` first.

    Args:
        name: Name of the metric; defaults to `"kl_divergence"`.
        dtype: Dtype of the result; defaults to `floatx()`.

    Example:

    >>> m = KLDivergence()
    >>> m.update_state([[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]])
    >>> m.result()
    tensor(0.4581)
    """

    _direction = "down"

    def __init__(self, name: str = "kl_divergence", dtype=None):
        super().__init__(kl_divergence, name, dtype)


@keras_export("keras.metrics.Poisson")
class Poisson(FixedMeanMetricWrapper):
    """The Poisson loss `y_pred - y_true * log(y_pred)`, averaged over all samples seen.

    Args:
        name: Name of the metric; defaults to `"poisson"`.
        dtype: Dtype of the result; defaults to `floatx()`.

    Example:

    >>> m = Poisson()
    >>> m.update_state([[0.0, 1.0], [0.0, 0.0]], [[1.0, 1.0], [0.0, 0.0]])
    >>> m.result()
    tensor(0.5000)
    """

    _direction = "down"

    def __init__(self, name: str = "poisson", dtype=None):
        super().__init__(poisson, name, dtype)


@keras_export("keras.metrics.BinaryCrossentropy")
class BinaryCrossentropy(FixedMeanMetricWrapper):
    """The binary crossentropy between labels (0 or 1) and predictions, over all samples seen.

    Args:
        name: Name of the metric; defaults to `"binary_crossentropy"`.
        dtype: Dtype of the result; defaults to `floatx()`.
        from_logits: Whether `y_pred` holds logits rather than probabilities.
        label_smoothing: Float in `[0, 1]`; labels become
            `y_true * (1 - label_smoothing) + 0.5 * label_smoothing`.

    Example:

    >>> m = BinaryCrossentropy()
    >>> m.update_state([[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]])
    >>> m.result()
    tensor(0.8149)
    """

    CONFIG_KEYS = ("from_logits", "label_smoothing")
    _direction = "down"

    def __init__(
        self, name: str = "binary_crossentropy", dtype=None, from_logits: bool = False, label_smoothing: float = 0
    ):
        super().__init__(
            binary_crossentropy, name, dtype, from_logits=from_logits, label_smoothing=label_smoothing
        )


@keras_export("keras.metrics.CategoricalCrossentropy")
class CategoricalCrossentropy(FixedMeanMetricWrapper):
    """The crossentropy between one-hot labels and predictions, over all samples seen.

    Args:
        name: Name of the metric; defaults to `"categorical_crossentropy"`.
        dtype: Dtype of the result; defaults to `floatx()`.
        from_logits: Whether `y_pred` holds logits rather than probabilities.
        label_smoothing: Float in `[0, 1]`; labels become
            `y_true * (1 - label_smoothing) + label_smoothing / num_classes`.
        axis: The class axis; defaults to `-1`.

    Example:

    >>> m = CategoricalCrossentropy()
    >>> m.update_state([[0, 1, 0], [0, 0, 1]], [[0.05, 0.95, 0], [0.1, 0.8, 0.1]])
    >>> m.result()
    tensor(1.1769)
    """

    CONFIG_KEYS = ("from_logits", "label_smoothing", "axis")
    _direction = "down"

    def __init__(
        self,
        name: str = "categorical_crossentropy",
        dtype=None,
        from_logits: bool = False,
        label_smoothing: float = 0,
        axis: int = -1,
    ):
        super().__init__(
            categorical_crossentropy,
            name,
            dtype,
            from_logits=from_logits,
            label_smoothing=label_smoothing,
            axis=axis,
        )


@keras_export("keras.metrics.SparseCategoricalCrossentropy")
class SparseCategoricalCrossentropy(FixedMeanMetricWrapper):
    """The crossentropy between integer labels and predictions, over all samples seen.

    Args:
        name: Name of the metric; defaults to `"sparse_categorical_crossentropy"`.
        dtype: Dtype of the result; defaults to `floatx()`.
        from_logits: Whether `y_pred` holds logits rather than probabilities.
        ignore_class: Optional class id whose labels are left out of the mean
            (when sample weights are given, as in Keras; otherwise they
            count with loss 0).
        axis: The class axis of `y_pred`; defaults to `-1`.

    Example:

    >>> m = SparseCategoricalCrossentropy()
    >>> m.update_state([1, 2], [[0.05, 0.95, 0], [0.1, 0.8, 0.1]])
    >>> m.result()
    tensor(1.1769)
    """

    CONFIG_KEYS = ("from_logits", "ignore_class", "axis")
    _direction = "down"

    def __init__(
        self,
        name: str = "sparse_categorical_crossentropy",
        dtype=None,
        from_logits: bool = False,
        ignore_class: "int | None" = None,
        axis: int = -1,
    ):
        super().__init__(
            sparse_categorical_crossentropy,
            name,
            dtype,
            from_logits=from_logits,
            ignore_class=ignore_class,
            axis=axis,
        )

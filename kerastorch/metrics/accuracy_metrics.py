"""Accuracy metrics: exact match, binary, categorical, sparse categorical and top-k.

Each function returns one float per sample (1.0 for a hit), and each class is
the running mean of its function (`MeanMetricWrapper`). Hits are computed on
the device; labels of shape `(N,)` or `(N, 1)` give the same result.
"""

import torch

from kerastorch.api_export import keras_export
from kerastorch.backend import config
from kerastorch.backend.dtypes import to_torch_dtype
from kerastorch.losses.loss_utils import squeeze_or_expand_to_same_rank
from kerastorch.losses.tensor_utils import convert_pair
from kerastorch.metrics.reduction_metrics import FixedMeanMetricWrapper


def _as_floatx(matches: torch.Tensor) -> torch.Tensor:
    return matches.to(to_torch_dtype(config.floatx()))


def accuracy(y_true, y_pred) -> torch.Tensor:
    """Returns 1.0 where `y_pred` equals `y_true` (after rank matching), else 0.0.

    Args:
        y_true: Targets.
        y_pred: Predictions, same shape (or `(N,)` against `(N, 1)`).

    Returns:
        A float tensor of matches.

    Example:

    >>> accuracy(np.array([1, 2, 3]), np.array([1, 2, 4]))
    tensor([1., 1., 0.])
    """
    y_true, y_pred = convert_pair(y_true, y_pred)
    y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
    return _as_floatx(y_true == y_pred)


@keras_export("keras.metrics.binary_accuracy")
def binary_accuracy(y_true, y_pred, threshold: float = 0.5) -> torch.Tensor:
    """Returns 1.0 where `y_pred > threshold` matches the binary label, else 0.0.

    Args:
        y_true: Binary labels.
        y_pred: Probabilities (or scores), same shape (or `(N,)` against `(N, 1)`).
        threshold: Predictions above it count as 1.

    Returns:
        A float tensor of matches, the shape of the rank-matched labels.

    Example:

    >>> binary_accuracy(np.array([[1], [0]]), np.array([[0.7], [0.6]]))
    tensor([[1.], [0.]])
    """
    y_true, y_pred = convert_pair(y_true, y_pred, cast_y_true=False)
    y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
    return _as_floatx(y_true == (y_pred > threshold).to(y_true.dtype))


@keras_export("keras.metrics.categorical_accuracy")
def categorical_accuracy(y_true, y_pred) -> torch.Tensor:
    """Returns 1.0 where the argmax of `y_pred` is the argmax of the one-hot `y_true`.

    Args:
        y_true: One-hot (or soft) labels, shape `(..., num_classes)`.
        y_pred: Probabilities or logits, same shape.

    Returns:
        A float tensor of matches, without the class axis.

    Example:

    >>> categorical_accuracy(np.array([[0, 0, 1], [0, 1, 0]]), np.array([[0.1, 0.9, 0.8], [0.05, 0.95, 0]]))
    tensor([0., 1.])
    """
    y_true, y_pred = convert_pair(y_true, y_pred)
    true_ids = torch.argmax(y_true, dim=-1)
    if true_ids.ndim == y_pred.ndim:
        # Keras's quirk for labels one rank above the predictions: drop the last axis and restore it after.
        matches = true_ids.squeeze(-1) == torch.argmax(y_pred, dim=-1)
        return _as_floatx(matches).reshape(true_ids.shape)
    return _as_floatx(true_ids == torch.argmax(y_pred, dim=-1))


@keras_export("keras.metrics.sparse_categorical_accuracy")
def sparse_categorical_accuracy(y_true, y_pred) -> torch.Tensor:
    """Returns 1.0 where the argmax of `y_pred` equals the integer label.

    Args:
        y_true: Integer labels, shape `(N,)` or `(N, 1)` (generally `y_pred`'s
            shape without, or with a size-1, class axis).
        y_pred: Probabilities or logits, shape `(N, num_classes)`.

    Returns:
        A float tensor of matches, shape `(N,)`.

    Example:

    >>> sparse_categorical_accuracy(np.array([[2], [1]]), np.array([[0.1, 0.6, 0.3], [0.05, 0.95, 0]]))
    tensor([0., 1.])
    """
    y_true, y_pred = convert_pair(y_true, y_pred)
    original_shape = y_true.shape
    squeezed = y_true.ndim == y_pred.ndim and y_true.shape[-1] == 1
    if squeezed:
        y_true = y_true.squeeze(-1)
    # Labels are compared in y_pred's dtype, as Keras does.
    matches = _as_floatx(y_true == torch.argmax(y_pred, dim=-1).to(y_true.dtype))
    if squeezed:
        matches = matches.reshape(original_shape)
    if matches.ndim > 1 and matches.shape[-1] == 1:
        matches = matches.squeeze(-1)
    return matches


def _in_top_k(target_ids: torch.Tensor, scores: torch.Tensor, k: int) -> torch.Tensor:
    """Whether each target's score reaches the k-th largest score of its row (ties count as hits)."""
    kth_largest = torch.topk(scores, k, dim=-1).values[:, -1]
    target_scores = torch.gather(scores, 1, target_ids.long().unsqueeze(1)).squeeze(1)
    return target_scores >= kth_largest


def _top_k_matches(true_ids: torch.Tensor, y_pred: torch.Tensor, k: int, in_top_k) -> torch.Tensor:
    """Flattens to `(samples, classes)`, applies `in_top_k`, and restores the label shape."""
    original_shape = true_ids.shape
    if y_pred.ndim > 2:
        y_pred = y_pred.reshape(-1, y_pred.shape[-1])
    matches = _as_floatx(in_top_k(true_ids.reshape(-1), y_pred, k))
    return matches.reshape(original_shape) if len(original_shape) > 1 else matches


@keras_export("keras.metrics.top_k_categorical_accuracy")
def top_k_categorical_accuracy(y_true, y_pred, k: int = 5) -> torch.Tensor:
    """Returns 1.0 where the one-hot label's class is among the `k` highest scores.

    Args:
        y_true: One-hot labels, shape `(..., num_classes)`.
        y_pred: Scores, same shape.
        k: How many top scores count.

    Returns:
        A float tensor of matches, without the class axis.

    Example:

    >>> top_k_categorical_accuracy(np.array([[0, 0, 1], [0, 1, 0]]), np.array([[0.1, 0.9, 0.8], [0.05, 0.95, 0]]), k=1)
    tensor([0., 1.])
    """
    y_true, y_pred = convert_pair(y_true, y_pred)
    return _top_k_matches(torch.argmax(y_true, dim=-1), y_pred, k, _in_top_k)


@keras_export("keras.metrics.sparse_top_k_categorical_accuracy")
def sparse_top_k_categorical_accuracy(y_true, y_pred, k: int = 5, from_sorted_ids: bool = False) -> torch.Tensor:
    """Returns 1.0 where the integer label is among the `k` highest scores.

    Args:
        y_true: Integer labels, shape `(N,)` (or `(N, 1)`).
        y_pred: Scores, shape `(N, num_classes)`; or, if `from_sorted_ids`,
            class ids sorted by decreasing score, shape `(N, M)` with `M >= k`.
        k: How many top scores count.
        from_sorted_ids: Whether `y_pred` holds sorted class ids.

    Returns:
        A float tensor of matches, the shape of `y_true`.

    Example:

    >>> sparse_top_k_categorical_accuracy(np.array([2, 1]), np.array([[0.1, 0.9, 0.8], [0.05, 0.95, 0]]), k=1)
    tensor([0., 1.])
    """
    if from_sorted_ids:
        return _top_k_matches(*convert_pair(y_true, y_pred), k, _in_sorted_ids)
    y_true, y_pred = convert_pair(y_true, y_pred, cast_y_true=False)
    return _top_k_matches(y_true.long(), y_pred, k, _in_top_k)


def _in_sorted_ids(target_ids: torch.Tensor, sorted_ids: torch.Tensor, k: int) -> torch.Tensor:
    """Whether each target is among the first `k` ids of its row."""
    return torch.any(target_ids.unsqueeze(1) == sorted_ids[:, :k], dim=1)


@keras_export("keras.metrics.Accuracy")
class Accuracy(FixedMeanMetricWrapper):
    """How often predictions equal labels exactly.

    Args:
        name: Name of the metric; defaults to `"accuracy"`.
        dtype: Dtype of the result; defaults to `floatx()`.

    Example:

    >>> m = Accuracy()
    >>> m.update_state([[1], [2], [3], [4]], [[0], [2], [3], [4]])
    >>> m.result()
    tensor(0.7500)
    """

    _direction = "up"

    def __init__(self, name: str = "accuracy", dtype=None):
        super().__init__(accuracy, name, dtype)


@keras_export("keras.metrics.BinaryAccuracy")
class BinaryAccuracy(FixedMeanMetricWrapper):
    """How often `y_pred > threshold` matches binary labels.

    Args:
        name: Name of the metric; defaults to `"binary_accuracy"`.
        dtype: Dtype of the result; defaults to `floatx()`.
        threshold: Predictions above it count as 1; defaults to 0.5.

    Example:

    >>> m = BinaryAccuracy()
    >>> m.update_state([[1], [1], [0], [0]], [[0.98], [1], [0], [0.6]])
    >>> m.result()
    tensor(0.7500)
    """

    CONFIG_KEYS = ("threshold",)
    _direction = "up"

    def __init__(self, name: str = "binary_accuracy", dtype=None, threshold: float = 0.5):
        super().__init__(binary_accuracy, name, dtype, threshold=threshold)


@keras_export("keras.metrics.CategoricalAccuracy")
class CategoricalAccuracy(FixedMeanMetricWrapper):
    """How often the argmax of the predictions matches the one-hot labels.

    Args:
        name: Name of the metric; defaults to `"categorical_accuracy"`.
        dtype: Dtype of the result; defaults to `floatx()`.

    Example:

    >>> m = CategoricalAccuracy()
    >>> m.update_state([[0, 0, 1], [0, 1, 0]], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]])
    >>> m.result()
    tensor(0.5000)
    """

    _direction = "up"

    def __init__(self, name: str = "categorical_accuracy", dtype=None):
        super().__init__(categorical_accuracy, name, dtype)


@keras_export("keras.metrics.SparseCategoricalAccuracy")
class SparseCategoricalAccuracy(FixedMeanMetricWrapper):
    """How often the argmax of the predictions matches integer labels.

    Args:
        name: Name of the metric; defaults to `"sparse_categorical_accuracy"`.
        dtype: Dtype of the result; defaults to `floatx()`.

    Example:

    >>> m = SparseCategoricalAccuracy()
    >>> m.update_state([[2], [1]], [[0.1, 0.6, 0.3], [0.05, 0.95, 0]])
    >>> m.result()
    tensor(0.5000)
    """

    _direction = "up"

    def __init__(self, name: str = "sparse_categorical_accuracy", dtype=None):
        super().__init__(sparse_categorical_accuracy, name, dtype)


@keras_export("keras.metrics.TopKCategoricalAccuracy")
class TopKCategoricalAccuracy(FixedMeanMetricWrapper):
    """How often the one-hot label's class is among the `k` highest predictions.

    Args:
        k: How many top predictions count; defaults to 5.
        name: Name of the metric; defaults to `"top_k_categorical_accuracy"`.
        dtype: Dtype of the result; defaults to `floatx()`.

    Example:

    >>> m = TopKCategoricalAccuracy(k=1)
    >>> m.update_state([[0, 0, 1], [0, 1, 0]], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]])
    >>> m.result()
    tensor(0.5000)
    """

    CONFIG_KEYS = ("k",)
    _direction = "up"

    def __init__(self, k: int = 5, name: str = "top_k_categorical_accuracy", dtype=None):
        super().__init__(top_k_categorical_accuracy, name, dtype, k=k)


@keras_export("keras.metrics.SparseTopKCategoricalAccuracy")
class SparseTopKCategoricalAccuracy(FixedMeanMetricWrapper):
    """How often the integer label is among the `k` highest predictions.

    Args:
        k: How many top predictions count; defaults to 5.
        name: Name of the metric; defaults to `"sparse_top_k_categorical_accuracy"`.
        dtype: Dtype of the result; defaults to `floatx()`.
        from_sorted_ids: Whether `y_pred` holds class ids sorted by
            decreasing score instead of scores.

    Example:

    >>> m = SparseTopKCategoricalAccuracy(k=1)
    >>> m.update_state([2, 1], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]])
    >>> m.result()
    tensor(0.5000)
    """

    CONFIG_KEYS = ("k", "from_sorted_ids")
    _direction = "up"

    def __init__(
        self, k: int = 5, name: str = "sparse_top_k_categorical_accuracy", dtype=None, from_sorted_ids: bool = False
    ):
        super().__init__(sparse_top_k_categorical_accuracy, name, dtype, k=k, from_sorted_ids=from_sorted_ids)

    def get_config(self) -> dict:
        """Returns `name`, `dtype`, `k`, and `from_sorted_ids` when set (as Keras)."""
        config = super().get_config()
        if not self.from_sorted_ids:
            del config["from_sorted_ids"]
        return config

"""F-scores: `FBetaScore` and `F1Score`, per class or averaged."""

import torch

from kerastorch.api_export import keras_export
from kerastorch.backend import config
from kerastorch.losses.tensor_utils import to_tensor
from kerastorch.metrics.metric import Metric

_AVERAGES = (None, "micro", "macro", "weighted")


@keras_export("keras.metrics.FBetaScore")
class FBetaScore(Metric):
    """The F-beta score, `(1 + b^2) * precision * recall / (b^2 * precision + recall)`.

    For multi-class and multi-label data of shape `(batch, classes)`. The
    state (weighted true positives, false positives, false negatives and
    label totals, per class or summed) is created at the first update.

    Args:
        average: `None` (one score per class), `"micro"` (from the counts
            summed over classes), `"macro"` (mean of the class scores) or
            `"weighted"` (class scores weighted by the classes' label totals).
        beta: The weight of recall, a Python float > 0; defaults to 1.0.
        threshold: Predictions above it count as 1; if `None` (default),
            each row's largest prediction counts as 1 (ties included).
        name: Name of the metric; defaults to `"fbeta_score"`.
        dtype: Dtype of the state and result.

    Example:

    >>> m = FBetaScore(beta=2.0, threshold=0.5)
    >>> m.update_state(np.array([[1, 1, 1], [1, 0, 0], [1, 1, 0]]),
    ...                np.array([[0.2, 0.6, 0.7], [0.2, 0.6, 0.6], [0.6, 0.8, 0.0]]))
    >>> m.result()
    tensor([0.3846, 0.9091, 0.8333])
    """

    _direction = "up"

    def __init__(self, average=None, beta: float = 1.0, threshold=None, name: str = "fbeta_score", dtype=None):
        super().__init__(name=name, dtype=dtype)
        if average not in _AVERAGES:
            raise ValueError("Invalid `average` argument value. Expected one of: {None, 'micro', 'macro', "
                             f"'weighted'}}. Received: average={average}")
        if not isinstance(beta, float):
            raise ValueError("Invalid `beta` argument value. It should be a Python float. "
                             f"Received: beta={beta} of type '{type(beta)}'")
        if beta <= 0.0:
            raise ValueError(f"Invalid `beta` argument value. It should be > 0. Received: beta={beta}")
        if threshold is not None:
            if not isinstance(threshold, float):
                raise ValueError("Invalid `threshold` argument value. It should be a Python float. "
                                 f"Received: threshold={threshold} of type '{type(threshold)}'")
            if threshold > 1.0 or threshold <= 0.0:
                raise ValueError("Invalid `threshold` argument value. It should verify 0 < threshold <= 1. "
                                 f"Received: threshold={threshold}")
        self.average = average
        self.beta = beta
        self.threshold = threshold
        self.axis = None if average == "micro" else 0
        self._built = False

    def _build(self, y_true_shape, y_pred_shape) -> None:
        if len(y_pred_shape) != 2 or len(y_true_shape) != 2:
            raise ValueError(
                "FBetaScore expects 2D inputs with shape (batch_size, output_dim). Received input shapes: "
                f"y_pred.shape={tuple(y_pred_shape)} and y_true.shape={tuple(y_true_shape)}."
            )
        shape = () if self.average == "micro" else (y_pred_shape[-1],)
        for name in ("true_positives", "false_positives", "false_negatives", "intermediate_weights"):
            setattr(self, name, self.add_variable(shape=shape, initializer="zeros", dtype=self.dtype, name=name))
        self._built = True

    @torch.no_grad()
    def update_state(self, y_true, y_pred, sample_weight=None) -> None:
        """Adds one batch's (weighted) counts.

        Args:
            y_true: Labels, shape `(batch, classes)` (one-hot or multi-hot).
            y_pred: Predictions, shape `(batch, classes)`.
            sample_weight: Optional weights, shape `(batch,)`.
        """
        y_pred = to_tensor(y_pred, dtype=self.dtype)
        y_true = to_tensor(y_true, dtype=self.dtype, device=y_pred.device)
        if not self._built:
            self._build(y_true.shape, y_pred.shape)
        self._move_state_to(y_pred.device)
        if self.threshold is None:
            row_max = torch.amax(y_pred, dim=-1, keepdim=True)
            y_pred = (y_pred >= row_max) & (torch.abs(y_pred) > 1e-9)
        else:
            y_pred = y_pred > self.threshold
        y_pred = y_pred.to(y_true.dtype)
        if sample_weight is not None:
            sample_weight = to_tensor(sample_weight, dtype=self.dtype, device=y_pred.device)
            if sample_weight.ndim == 0:
                raise ValueError(f"{self.__class__.__name__} expects `sample_weight` with one weight per sample, "
                                 "shape (batch_size,). Received a scalar.")
            sample_weight = sample_weight.unsqueeze(1)

        def add_weighted_sum(variable, values):
            if sample_weight is not None:
                values = values * sample_weight
            values = torch.sum(values) if self.axis is None else torch.sum(values, dim=self.axis)
            if values.shape != variable.shape:
                raise ValueError(
                    f"{self.__class__.__name__} expects `sample_weight` of shape (batch_size,): the weighted "
                    f"counts have shape {tuple(values.shape)} instead of {tuple(variable.shape)}."
                )
            variable.add_(values)

        add_weighted_sum(self.true_positives, y_pred * y_true)
        add_weighted_sum(self.false_positives, y_pred * (1 - y_true))
        add_weighted_sum(self.false_negatives, (1 - y_pred) * y_true)
        add_weighted_sum(self.intermediate_weights, y_true)

    def result(self) -> torch.Tensor:
        """Returns the score per class, or averaged (0-d)."""
        epsilon = config.epsilon()
        precision = self.true_positives / (self.true_positives + self.false_positives + epsilon)
        recall = self.true_positives / (self.true_positives + self.false_negatives + epsilon)
        beta_squared = self.beta ** 2
        score = (precision * recall) / (beta_squared * precision + recall + epsilon) * (1 + beta_squared)
        if self.average == "weighted":
            weights = self.intermediate_weights / (torch.sum(self.intermediate_weights) + epsilon)
            return torch.sum(score * weights)
        if self.average is not None:
            return torch.mean(score)
        return score

    def get_config(self) -> dict:
        """Returns `name`, `dtype`, `average`, `beta` and `threshold`."""
        return {**super().get_config(), "average": self.average, "beta": self.beta, "threshold": self.threshold}


@keras_export("keras.metrics.F1Score")
class F1Score(FBetaScore):
    """The F1 score, `2 * precision * recall / (precision + recall)` (`FBetaScore` with `beta=1`).

    Args:
        average: `None` (one score per class), `"micro"`, `"macro"` or
            `"weighted"` (see `FBetaScore`).
        threshold: Predictions above it count as 1; if `None` (default),
            each row's largest prediction counts as 1.
        name: Name of the metric; defaults to `"f1_score"`.
        dtype: Dtype of the state and result.

    Example:

    >>> m = F1Score(threshold=0.5)
    >>> m.update_state(np.array([[1, 1, 1], [1, 0, 0], [1, 1, 0]]),
    ...                np.array([[0.2, 0.6, 0.7], [0.2, 0.6, 0.6], [0.6, 0.8, 0.0]]))
    >>> m.result()
    tensor([0.5000, 0.8000, 0.6667])
    """

    def __init__(self, average=None, threshold=None, name: str = "f1_score", dtype=None):
        super().__init__(average=average, beta=1.0, threshold=threshold, name=name, dtype=dtype)

    def get_config(self) -> dict:
        """Returns `name`, `dtype`, `average` and `threshold`."""
        config_dict = super().get_config()
        del config_dict["beta"]
        return config_dict

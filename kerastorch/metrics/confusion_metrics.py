"""Metrics built on confusion-matrix counts at thresholds.

Counts (`TruePositives`, ...), `Precision` and `Recall`, the
sensitivity / specificity / precision / recall trade-off metrics, and `AUC`.
Each keeps weighted true/false positive/negative counts per threshold in
device tensors; `update_state` adds a batch's counts for all thresholds at
once (see `metrics_utils.update_confusion_matrix_variables`), and `result`
derives the value from the counts.
"""

import numpy as np
import torch

from kerastorch.api_export import keras_export
from kerastorch.backend import config
from kerastorch.backend.device import get_device
from kerastorch.losses.tensor_utils import divide_no_nan
from kerastorch.losses.tensor_utils import to_tensor
from kerastorch.metrics import metrics_utils
from kerastorch.metrics.metric import Metric
from kerastorch.metrics.metrics_utils import ConfusionMatrix
from kerastorch.saving import serialization_lib

_VARIABLE_NAMES = {
    ConfusionMatrix.TRUE_POSITIVES: "true_positives",
    ConfusionMatrix.FALSE_POSITIVES: "false_positives",
    ConfusionMatrix.TRUE_NEGATIVES: "true_negatives",
    ConfusionMatrix.FALSE_NEGATIVES: "false_negatives",
}
_ALL_CONDITIONS = tuple(_VARIABLE_NAMES)


class _ConfusionMatrixMetric(Metric):
    """Base of the metrics that accumulate confusion-matrix counts at thresholds."""

    def _add_counts(self, conditions, shape, names=None) -> None:
        """Creates one zero state tensor per condition, as the attribute Keras names it."""
        self._counts = {}
        for condition in conditions:
            name = (names or _VARIABLE_NAMES)[condition]
            self._counts[condition] = self.add_variable(shape=shape, initializer="zeros", name=name)
            setattr(self, name, self._counts[condition])

    @torch.no_grad()
    def _accumulate(self, y_true, y_pred, sample_weight, thresholds, evenly: bool, **kwargs) -> None:
        """Adds one batch's counts at `thresholds`; the state follows `y_pred`'s device."""
        y_pred = to_tensor(y_pred)
        self._move_state_to(y_pred.device)
        metrics_utils.update_confusion_matrix_variables(
            self._counts, y_true, y_pred, thresholds,
            thresholds_distributed_evenly=evenly, sample_weight=sample_weight, **kwargs,
        )

    def _rate(self, kind: str) -> torch.Tensor:
        """`"recall"` (= sensitivity), `"precision"` or `"specificity"` at each threshold."""
        tp = self.true_positives
        if kind == "recall":
            return divide_no_nan(tp, tp + self.false_negatives)
        if kind == "precision":
            return divide_no_nan(tp, tp + self.false_positives)
        return divide_no_nan(self.true_negatives, self.true_negatives + self.false_positives)


class _ConfusionMatrixConditionCount(_ConfusionMatrixMetric):
    """The weighted count of one confusion-matrix condition, at each threshold.

    Args:
        confusion_matrix_cond: The `ConfusionMatrix` condition counted.
        thresholds: A float or a list of floats in `[0, 1]`; defaults to 0.5.
            A prediction above a threshold counts as positive.
        name: Name of the metric.
        dtype: Dtype of the result.
    """

    def __init__(self, confusion_matrix_cond, thresholds=None, name=None, dtype=None):
        super().__init__(name=name, dtype=dtype)
        self._confusion_matrix_cond = confusion_matrix_cond
        self.init_thresholds = thresholds
        self.thresholds = metrics_utils.parse_init_thresholds(thresholds, default_threshold=0.5)
        self._thresholds_distributed_evenly = metrics_utils.is_evenly_distributed_thresholds(self.thresholds)
        self._add_counts((confusion_matrix_cond,), (len(self.thresholds),), {confusion_matrix_cond: "accumulator"})

    def update_state(self, y_true, y_pred, sample_weight=None) -> None:
        """Adds the (weighted) count of one batch.

        Args:
            y_true: Labels (non-zero is positive).
            y_pred: Predictions, in `[0, 1]`.
            sample_weight: Optional weights broadcastable to `y_true`.
        """
        self._accumulate(y_true, y_pred, sample_weight, self.thresholds, self._thresholds_distributed_evenly)

    def result(self) -> torch.Tensor:
        """Returns the count (0-d), or one count per threshold."""
        return (self.accumulator[0] if len(self.thresholds) == 1 else self.accumulator).clone()

    def get_config(self) -> dict:
        """Returns `name`, `dtype` and `thresholds`."""
        return {**super().get_config(), "thresholds": self.init_thresholds}


@keras_export("keras.metrics.FalsePositives")
class FalsePositives(_ConfusionMatrixConditionCount):
    """The (weighted) number of false positives: negative labels predicted above the threshold.

    Args:
        thresholds: A float or a list of floats in `[0, 1]`; defaults to 0.5.
            One count per threshold. With logits, use 0.
        name: Name of the metric.
        dtype: Dtype of the result.

    Example:

    >>> m = FalsePositives()
    >>> m.update_state([0, 1, 0, 0], [0, 0, 1, 1])
    >>> m.result()
    tensor(2.)
    """

    def __init__(self, thresholds=None, name=None, dtype=None):
        super().__init__(ConfusionMatrix.FALSE_POSITIVES, thresholds=thresholds, name=name, dtype=dtype)


@keras_export("keras.metrics.FalseNegatives")
class FalseNegatives(_ConfusionMatrixConditionCount):
    """The (weighted) number of false negatives: positive labels predicted at or below the threshold.

    Args:
        thresholds: A float or a list of floats in `[0, 1]`; defaults to 0.5.
            One count per threshold. With logits, use 0.
        name: Name of the metric.
        dtype: Dtype of the result.

    Example:

    >>> m = FalseNegatives()
    >>> m.update_state([0, 1, 1, 1], [0, 1, 0, 0])
    >>> m.result()
    tensor(2.)
    """

    def __init__(self, thresholds=None, name=None, dtype=None):
        super().__init__(ConfusionMatrix.FALSE_NEGATIVES, thresholds=thresholds, name=name, dtype=dtype)


@keras_export("keras.metrics.TrueNegatives")
class TrueNegatives(_ConfusionMatrixConditionCount):
    """The (weighted) number of true negatives: negative labels predicted at or below the threshold.

    Args:
        thresholds: A float or a list of floats in `[0, 1]`; defaults to 0.5.
            One count per threshold. With logits, use 0.
        name: Name of the metric.
        dtype: Dtype of the result.

    Example:

    >>> m = TrueNegatives()
    >>> m.update_state([0, 1, 0, 0], [1, 1, 0, 0])
    >>> m.result()
    tensor(2.)
    """

    def __init__(self, thresholds=None, name=None, dtype=None):
        super().__init__(ConfusionMatrix.TRUE_NEGATIVES, thresholds=thresholds, name=name, dtype=dtype)


@keras_export("keras.metrics.TruePositives")
class TruePositives(_ConfusionMatrixConditionCount):
    """The (weighted) number of true positives: positive labels predicted above the threshold.

    Args:
        thresholds: A float or a list of floats in `[0, 1]`; defaults to 0.5.
            One count per threshold. With logits, use 0.
        name: Name of the metric.
        dtype: Dtype of the result.

    Example:

    >>> m = TruePositives()
    >>> m.update_state([0, 1, 1, 1], [1, 0, 1, 1])
    >>> m.result()
    tensor(2.)
    """

    def __init__(self, thresholds=None, name=None, dtype=None):
        super().__init__(ConfusionMatrix.TRUE_POSITIVES, thresholds=thresholds, name=name, dtype=dtype)


class _PrecisionOrRecall(_ConfusionMatrixMetric):
    """`tp / (tp + fp)` or `tp / (tp + fn)` per threshold, optionally over the top-k or one class."""

    _RATE = None
    _direction = "up"

    def __init__(self, thresholds=None, top_k=None, class_id=None, name=None, dtype=None):
        super().__init__(name=name, dtype=dtype)
        self.init_thresholds = thresholds
        self.top_k = top_k
        self.class_id = class_id
        default_threshold = 0.5 if top_k is None else metrics_utils.NEG_INF
        self.thresholds = metrics_utils.parse_init_thresholds(thresholds, default_threshold=default_threshold)
        self._thresholds_distributed_evenly = metrics_utils.is_evenly_distributed_thresholds(self.thresholds)
        other = ConfusionMatrix.FALSE_POSITIVES if self._RATE == "precision" else ConfusionMatrix.FALSE_NEGATIVES
        self._add_counts((ConfusionMatrix.TRUE_POSITIVES, other), (len(self.thresholds),))

    def update_state(self, y_true, y_pred, sample_weight=None) -> None:
        """Adds one batch's true positives and false positives (precision) or negatives (recall).

        Args:
            y_true: Labels, the shape of `y_pred` (non-zero is positive).
            y_pred: Predictions, in `[0, 1]`.
            sample_weight: Optional weights broadcastable to `y_true`.
        """
        self._accumulate(y_true, y_pred, sample_weight, self.thresholds, self._thresholds_distributed_evenly,
                         top_k=self.top_k, class_id=self.class_id)

    def result(self) -> torch.Tensor:
        """Returns the value (0-d), or one value per threshold."""
        result = self._rate(self._RATE)
        return result[0] if len(self.thresholds) == 1 else result

    def get_config(self) -> dict:
        """Returns `name`, `dtype`, `thresholds`, `top_k` and `class_id`."""
        return {**super().get_config(), "thresholds": self.init_thresholds, "top_k": self.top_k,
                "class_id": self.class_id}


@keras_export("keras.metrics.Precision")
class Precision(_PrecisionOrRecall):
    """The precision of the predictions: `true_positives / (true_positives + false_positives)`.

    With `top_k`, only the `k` highest predictions of each row count as
    positive; with `class_id`, only that class (last axis) is considered.

    Args:
        thresholds: A float or a list of floats in `[0, 1]`; one value per
            threshold. Defaults to 0.5 (none with `top_k`). With logits, use 0.
        top_k: Optional int: the number of top predictions counted as positive.
        class_id: Optional int: the class whose precision is computed.
        name: Name of the metric.
        dtype: Dtype of the result.

    Example:

    >>> m = Precision()
    >>> m.update_state([0, 1, 1, 1], [1, 0, 1, 1])
    >>> m.result()
    tensor(0.6667)
    """

    _RATE = "precision"


@keras_export("keras.metrics.Recall")
class Recall(_PrecisionOrRecall):
    """The recall of the predictions: `true_positives / (true_positives + false_negatives)`.

    With `top_k`, only the `k` highest predictions of each row count as
    positive; with `class_id`, only that class (last axis) is considered.

    Args:
        thresholds: A float or a list of floats in `[0, 1]`; one value per
            threshold. Defaults to 0.5 (none with `top_k`). With logits, use 0.
        top_k: Optional int: the number of top predictions counted as positive.
        class_id: Optional int: the class whose recall is computed.
        name: Name of the metric.
        dtype: Dtype of the result.

    Example:

    >>> m = Recall()
    >>> m.update_state([0, 1, 1, 1], [1, 0, 1, 1])
    >>> m.result()
    tensor(0.6667)
    """

    _RATE = "recall"


class SensitivitySpecificityBase(_ConfusionMatrixMetric):
    """Base of the metrics that maximise one rate subject to a minimum on another.

    Counts are kept at `num_thresholds` evenly spaced thresholds in `[0, 1]`
    (only 0.5 when `num_thresholds == 1`); `result` returns the best
    `_DEPENDENT` rate over the thresholds where the `_CONSTRAINED` rate is at
    least `value`, or 0.

    Args:
        value: The required minimum of the constrained rate, in `[0, 1]`.
        num_thresholds: Number of thresholds; defaults to 200.
        class_id: Optional int: the class (last axis) considered.
        name: Name of the metric.
        dtype: Dtype of the result.
    """

    _VALUE_NAME = None
    _CONSTRAINED = None
    _DEPENDENT = None
    _direction = "up"

    def __init__(self, value, num_thresholds: int = 200, class_id=None, name=None, dtype=None):
        if value < 0 or value > 1:
            raise ValueError(f"Argument `{self._VALUE_NAME}` must be in the range [0, 1]. "
                             f"Received: {self._VALUE_NAME}={value}")
        setattr(self, self._VALUE_NAME, value)
        self.num_thresholds = num_thresholds
        super().__init__(name=name, dtype=dtype)
        if num_thresholds <= 0:
            raise ValueError("Argument `num_thresholds` must be an integer > 0. "
                             f"Received: num_thresholds={num_thresholds}")
        self.value = value
        self.class_id = class_id
        if num_thresholds == 1:
            self.thresholds = [0.5]
            self._thresholds_distributed_evenly = False
        else:
            inner = [(i + 1) * 1.0 / (num_thresholds - 1) for i in range(num_thresholds - 2)]
            self.thresholds = [0.0] + inner + [1.0]
            self._thresholds_distributed_evenly = True
        self._add_counts(_ALL_CONDITIONS, (len(self.thresholds),))

    def update_state(self, y_true, y_pred, sample_weight=None) -> None:
        """Adds one batch's counts at every threshold.

        Args:
            y_true: Labels (non-zero is positive).
            y_pred: Predictions, in `[0, 1]`.
            sample_weight: Optional weights broadcastable to `y_true`.
        """
        self._accumulate(y_true, y_pred, sample_weight, self.thresholds, self._thresholds_distributed_evenly,
                         class_id=self.class_id)

    def result(self) -> torch.Tensor:
        """Returns the best dependent rate where the constraint holds (0-d), or 0."""
        feasible = self._rate(self._CONSTRAINED) >= self.value
        best = torch.max(torch.where(feasible, self._rate(self._DEPENDENT), 0.0))
        return torch.clamp_min(best, 0.0)

    def get_config(self) -> dict:
        """Returns `name`, `dtype`, `class_id`, `num_thresholds` and the constraint value."""
        return {**super().get_config(), "class_id": self.class_id, "num_thresholds": self.num_thresholds,
                self._VALUE_NAME: self.value}


@keras_export("keras.metrics.SensitivityAtSpecificity")
class SensitivityAtSpecificity(SensitivitySpecificityBase):
    """The best sensitivity (`tp / (tp + fn)`) where specificity (`tn / (tn + fp)`) is at least `specificity`.

    Args:
        specificity: The required specificity, in `[0, 1]`.
        num_thresholds: Number of thresholds tried; defaults to 200.
        class_id: Optional int: the class (last axis) considered.
        name: Name of the metric.
        dtype: Dtype of the result.

    Example:

    >>> m = SensitivityAtSpecificity(0.5)
    >>> m.update_state([0, 0, 0, 1, 1], [0, 0.3, 0.8, 0.3, 0.8])
    >>> m.result()
    tensor(0.5000)
    """

    _VALUE_NAME, _CONSTRAINED, _DEPENDENT = "specificity", "specificity", "recall"

    def __init__(self, specificity, num_thresholds: int = 200, class_id=None, name=None, dtype=None):
        super().__init__(specificity, num_thresholds=num_thresholds, class_id=class_id, name=name, dtype=dtype)


@keras_export("keras.metrics.SpecificityAtSensitivity")
class SpecificityAtSensitivity(SensitivitySpecificityBase):
    """The best specificity (`tn / (tn + fp)`) where sensitivity (`tp / (tp + fn)`) is at least `sensitivity`.

    Args:
        sensitivity: The required sensitivity, in `[0, 1]`.
        num_thresholds: Number of thresholds tried; defaults to 200.
        class_id: Optional int: the class (last axis) considered.
        name: Name of the metric.
        dtype: Dtype of the result.

    Example:

    >>> m = SpecificityAtSensitivity(0.5)
    >>> m.update_state([0, 0, 0, 1, 1], [0, 0.3, 0.8, 0.3, 0.8])
    >>> m.result()
    tensor(0.6667)
    """

    _VALUE_NAME, _CONSTRAINED, _DEPENDENT = "sensitivity", "recall", "specificity"

    def __init__(self, sensitivity, num_thresholds: int = 200, class_id=None, name=None, dtype=None):
        super().__init__(sensitivity, num_thresholds=num_thresholds, class_id=class_id, name=name, dtype=dtype)


@keras_export("keras.metrics.PrecisionAtRecall")
class PrecisionAtRecall(SensitivitySpecificityBase):
    """The best precision where recall is at least `recall`.

    Args:
        recall: The required recall, in `[0, 1]`.
        num_thresholds: Number of thresholds tried; defaults to 200.
        class_id: Optional int: the class (last axis) considered.
        name: Name of the metric.
        dtype: Dtype of the result.

    Example:

    >>> m = PrecisionAtRecall(0.5)
    >>> m.update_state([0, 0, 0, 1, 1], [0, 0.3, 0.8, 0.3, 0.8])
    >>> m.result()
    tensor(0.5000)
    """

    _VALUE_NAME, _CONSTRAINED, _DEPENDENT = "recall", "recall", "precision"

    def __init__(self, recall, num_thresholds: int = 200, class_id=None, name=None, dtype=None):
        super().__init__(recall, num_thresholds=num_thresholds, class_id=class_id, name=name, dtype=dtype)


@keras_export("keras.metrics.RecallAtPrecision")
class RecallAtPrecision(SensitivitySpecificityBase):
    """The best recall where precision is at least `precision` (0 if no threshold achieves it).

    Args:
        precision: The required precision, in `[0, 1]`.
        num_thresholds: Number of thresholds tried; defaults to 200.
        class_id: Optional int: the class (last axis) considered.
        name: Name of the metric.
        dtype: Dtype of the result.

    Example:

    >>> m = RecallAtPrecision(0.8)
    >>> m.update_state([0, 0, 1, 1], [0, 0.5, 0.3, 0.9])
    >>> m.result()
    tensor(0.5000)
    """

    _VALUE_NAME, _CONSTRAINED, _DEPENDENT = "precision", "precision", "recall"

    def __init__(self, precision, num_thresholds: int = 200, class_id=None, name=None, dtype=None):
        super().__init__(precision, num_thresholds=num_thresholds, class_id=class_id, name=name, dtype=dtype)


@keras_export("keras.metrics.AUC")
class AUC(_ConfusionMatrixMetric):
    """The area under the ROC or precision-recall curve, as a Riemann sum over thresholds.

    Counts are kept at `num_thresholds` thresholds: `-epsilon`, evenly spaced
    values in `(0, 1)` (or the given `thresholds`), and `1 + epsilon`; the
    curve through the points of those thresholds is summed by
    `summation_method`. Predictions should lie in `[0, 1]` (or be logits with
    `from_logits=True`).

    Args:
        num_thresholds: Number of thresholds (> 1); defaults to 200.
        curve: `"ROC"` (default), `"PR"` (precision-recall) or `"PRGAIN"`.
        summation_method: `"interpolation"` (default; for PR, interpolates
            the counts rather than precision), `"minoring"` (lower bound) or
            `"majoring"` (upper bound).
        name: Name of the metric.
        dtype: Dtype of the result.
        thresholds: Optional list of thresholds in `[0, 1]` replacing the
            evenly spaced ones (`num_thresholds` is then `len + 2`).
        multi_label: Whether rank-2 data holds one label per column, each with
            its own curve, the AUCs being averaged; if `False`, the data is
            flattened into one binary problem.
        num_labels: Number of labels with `multi_label`; if not given, the
            state is created at the first update.
        label_weights: Optional per-label weights: for averaging the label AUCs
            with `multi_label`, otherwise for weighting the flattened values.
        from_logits: Whether predictions are logits (a sigmoid is applied).

    Example:

    >>> m = AUC(num_thresholds=3)
    >>> m.update_state([0, 0, 1, 1], [0, 0.5, 0.3, 0.9])
    >>> m.result()
    tensor(0.7500)
    """

    _direction = "up"

    def __init__(
        self,
        num_thresholds: int = 200,
        curve="ROC",
        summation_method="interpolation",
        name=None,
        dtype=None,
        thresholds=None,
        multi_label: bool = False,
        num_labels=None,
        label_weights=None,
        from_logits: bool = False,
    ):
        self._init_from_thresholds = thresholds is not None
        if thresholds is not None:
            self.num_thresholds = len(thresholds) + 2
            thresholds = sorted(thresholds)
            self._thresholds_distributed_evenly = metrics_utils.is_evenly_distributed_thresholds(
                np.array([0.0] + thresholds + [1.0])
            )
        else:
            if num_thresholds <= 1:
                raise ValueError("Argument `num_thresholds` must be an integer > 1. "
                                 f"Received: num_thresholds={num_thresholds}")
            self.num_thresholds = num_thresholds
            thresholds = [(i + 1) * 1.0 / (num_thresholds - 1) for i in range(num_thresholds - 2)]
            self._thresholds_distributed_evenly = True
        epsilon = config.epsilon()
        self._thresholds = np.array([0.0 - epsilon] + thresholds + [1.0 + epsilon])
        self.curve = curve if isinstance(curve, metrics_utils.AUCCurve) else metrics_utils.AUCCurve.from_str(curve)
        self.summation_method = (
            summation_method if isinstance(summation_method, metrics_utils.AUCSummationMethod)
            else metrics_utils.AUCSummationMethod.from_str(summation_method)
        )
        super().__init__(name=name, dtype=dtype)
        self.multi_label = multi_label
        self.num_labels = num_labels
        self.label_weights = None
        if label_weights is not None:
            self.label_weights = to_tensor(label_weights, dtype=self.dtype, device=get_device())
        self._from_logits = from_logits
        self._built = False
        if multi_label:
            if num_labels:
                self._build([None, num_labels])
        else:
            if num_labels:
                raise ValueError("`num_labels` is needed only when `multi_label` is True.")
            self._build(None)

    @property
    def thresholds(self) -> list:
        """The thresholds, including the `-epsilon` and `1 + epsilon` ends."""
        return list(self._thresholds)

    def _build(self, shape) -> None:
        """Creates the count tensors, `(num_thresholds, num_labels)` with `multi_label`."""
        if self.multi_label:
            if len(shape) != 2:
                raise ValueError(
                    f"`y_pred` must have rank 2 when `multi_label=True`. Found rank {len(shape)}. "
                    f"Full shape received for `y_pred`: {tuple(shape)}"
                )
            self._num_labels = shape[1]
            variable_shape = (self.num_thresholds, self._num_labels)
        else:
            variable_shape = (self.num_thresholds,)
        self._build_input_shape = shape
        self._add_counts(_ALL_CONDITIONS, variable_shape)
        self._built = True

    def update_state(self, y_true, y_pred, sample_weight=None) -> None:
        """Adds one batch's counts at every threshold.

        Args:
            y_true: Labels (non-zero is positive).
            y_pred: Predictions in `[0, 1]`, or logits with `from_logits`.
            sample_weight: Optional weights broadcastable to `y_true`.
        """
        y_pred = to_tensor(y_pred)
        if not self._built:
            self._build(y_pred.shape)
        if self._from_logits:
            y_pred = torch.sigmoid(y_pred)
        if self.label_weights is not None:
            self.label_weights = metrics_utils.on_device(self.label_weights, y_pred.device)
        self._accumulate(y_true, y_pred, sample_weight, self._thresholds, self._thresholds_distributed_evenly,
                         multi_label=self.multi_label, label_weights=None if self.multi_label else self.label_weights)

    def _sum_over_thresholds(self, terms: torch.Tensor) -> torch.Tensor:
        """Sums the per-interval areas; with `multi_label`, averages the label AUCs."""
        if not self.multi_label:
            return torch.sum(terms)
        by_label_auc = torch.sum(terms, dim=0)
        if self.label_weights is None:
            return torch.mean(by_label_auc)
        return divide_no_nan(torch.sum(by_label_auc * self.label_weights), torch.sum(self.label_weights))

    def interpolate_pr_auc(self) -> torch.Tensor:
        """The PR AUC with true and false positives interpolated linearly between thresholds.

        Within an interval `[A, B]`, precision is `(TP_A + slope * (P - P_A)) / P`
        with `P = TP + FP` and `slope = dTP / dP`, whose integral is
        `slope * (dTP + intercept * log(P_B / P_A))` (Davis & Goadrich 2006),
        divided by the total positive weight.

        Returns:
            The area (0-d).
        """
        tp, fp, fn = self.true_positives, self.false_positives, self.false_negatives
        dtp = tp[:-1] - tp[1:]
        p = tp + fp
        dp = p[:-1] - p[1:]
        prec_slope = divide_no_nan(dtp, torch.clamp_min(dp, 0))
        intercept = tp[1:] - prec_slope * p[1:]
        safe_p_ratio = torch.where(
            (p[:-1] > 0) & (p[1:] > 0), divide_no_nan(p[:-1], torch.clamp_min(p[1:], 0)), torch.ones_like(p[1:])
        )
        pr_auc_increment = divide_no_nan(
            prec_slope * (dtp + intercept * torch.log(safe_p_ratio)), torch.clamp_min(tp[1:] + fn[1:], 0)
        )
        return self._sum_over_thresholds(pr_auc_increment)

    def _curve_points(self):
        """The `(x, y)` coordinates of the curve at each threshold."""
        recall = self._rate("recall")
        if self.curve == metrics_utils.AUCCurve.ROC:
            return divide_no_nan(self.false_positives, self.false_positives + self.true_negatives), recall
        if self.curve == metrics_utils.AUCCurve.PR:
            return recall, self._rate("precision")
        tp, no_tp = self.true_positives, self.true_positives == 0.0
        scaling_factor = divide_no_nan(tp + self.false_negatives, self.true_negatives + self.false_positives)
        recall_gain = 1.0 - scaling_factor * divide_no_nan(self.false_negatives, tp)
        precision_gain = 1.0 - scaling_factor * divide_no_nan(self.false_positives, tp)
        recall_gain = torch.clamp_min(torch.where(no_tp, 0.0, recall_gain), 0.0)
        return recall_gain, torch.where(no_tp, 1.0, precision_gain)

    def result(self) -> torch.Tensor:
        """Returns the area under the curve (0-d)."""
        interpolation = self.summation_method == metrics_utils.AUCSummationMethod.INTERPOLATION
        if self.curve == metrics_utils.AUCCurve.PR and interpolation:
            return self.interpolate_pr_auc()
        x, y = self._curve_points()
        if interpolation:
            heights = (y[:-1] + y[1:]) / 2.0
        elif self.summation_method == metrics_utils.AUCSummationMethod.MINORING:
            heights = torch.minimum(y[:-1], y[1:])
        else:
            heights = torch.maximum(y[:-1], y[1:])
        return self._sum_over_thresholds((x[:-1] - x[1:]) * heights)

    @classmethod
    def from_config(cls, config: dict) -> "AUC":
        """Rebuilds an `AUC`, also from a serialized config (`label_weights` as a `"__tensor__"` dict).

        Args:
            config: The dict `get_config()` returned, or its serialized form.

        Returns:
            A new `AUC`.
        """
        if isinstance(config.get("label_weights"), dict):
            config = {**config, "label_weights": serialization_lib.deserialize_keras_object(config["label_weights"])}
        return cls(**config)

    def get_config(self) -> dict:
        """Returns the constructor arguments; `thresholds` only when they were given."""
        config_dict = {
            **super().get_config(),
            "num_thresholds": self.num_thresholds,
            "curve": self.curve.value,
            "summation_method": self.summation_method.value,
            "multi_label": self.multi_label,
            "num_labels": self.num_labels,
            "label_weights": self.label_weights,
            "from_logits": self._from_logits,
        }
        if self._init_from_thresholds:
            config_dict["thresholds"] = self.thresholds[1:-1]
        return config_dict

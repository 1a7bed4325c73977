"""The generalized crossentropy (Zhang & Sabuncu, 2018): a crossentropy robust to noisy labels."""

import torch
import torch.nn.functional as F

from kerastorch.api_export import keras_export
from kerastorch.losses.loss import FixedLossFunctionWrapper
from kerastorch.losses.tensor_utils import to_tensor


@keras_export("keras.losses.categorical_generalized_cross_entropy")
def categorical_generalized_cross_entropy(y_true, y_pred, q: float) -> torch.Tensor:
    """Computes the generalized crossentropy `(1 - p ** q) / q` of the true class.

    `p` is the predicted probability of the labelled class. As `q -> 0` this
    tends to the crossentropy `-log(p)`; `q = 1` gives the MAE-like `1 - p`.

    Args:
        y_true: Integer labels, shape `(batch_size, ...)`; a negative label
            selects no class (`p = 0`).
        y_pred: Probabilities, shape `(batch_size, ..., num_classes)`.
        q: The exponent, in (0, 1).

    Returns:
        Losses of shape `(batch_size, ...)`.

    Example:

    >>> categorical_generalized_cross_entropy(np.array([1, 0]), np.array([[0.2, 0.8], [0.6, 0.4]]), q=0.5)
    tensor([0.2111, 0.4508])
    """
    y_pred = to_tensor(y_pred)
    labels = to_tensor(y_true, device=y_pred.device).long()
    # Keras's one-hot (negative labels give all-zero rows) and masked sum.
    one_hot = F.one_hot(torch.clamp(labels, min=0), y_pred.shape[-1]) * (labels >= 0).unsqueeze(-1)
    p = torch.sum(y_pred * one_hot.to(y_pred.dtype), dim=-1)
    return (1 - torch.pow(p, q)) / q


@keras_export("keras.losses.CategoricalGeneralizedCrossEntropy")
class CategoricalGeneralizedCrossEntropy(FixedLossFunctionWrapper):
    """Generalized crossentropy, between crossentropy and MAE, for noisy labels.

    Not in `keras.losses.get`'s names (as in Keras); pass an instance.

    Args:
        q: The exponent, in (0, 1): near 0 behaves like crossentropy, near 1
            like mean absolute error (more robust to label noise).
        reduction: The reduction (see `Loss`); defaults to `"sum_over_batch_size"`.
        name: Name of the loss; defaults to `"categorical_generalized_cross_entropy"`.
        dtype: Dtype of the computations; defaults to `floatx()`.

    Raises:
        ValueError: if `q` is not in (0, 1).

    Example:

    >>> CategoricalGeneralizedCrossEntropy(q=0.5)(np.array([1, 0]), np.array([[0.2, 0.8], [0.6, 0.4]]))
    tensor(0.3310)
    """

    CONFIG_KEYS = ("q",)

    def __init__(
        self, q: float = 0.5, reduction="sum_over_batch_size", name="categorical_generalized_cross_entropy", dtype=None
    ):
        if not 0 < q < 1:
            raise ValueError("q must be in the interval (0, 1)")
        super().__init__(categorical_generalized_cross_entropy, reduction, name, dtype, q=q)

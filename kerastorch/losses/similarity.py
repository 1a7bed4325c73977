"""Similarity losses on embeddings: cosine similarity and Circle loss."""

import torch
import torch.nn.functional as F

from kerastorch.api_export import keras_export
from kerastorch.losses.loss import FixedLossFunctionWrapper
from kerastorch.losses.loss_utils import squeeze_or_expand_to_same_rank
from kerastorch.losses.tensor_utils import convert_pair
from kerastorch.losses.tensor_utils import to_tensor
from kerastorch.utils.numerical_utils import normalize


@keras_export("keras.losses.cosine_similarity")
def cosine_similarity(y_true, y_pred, axis: int = -1) -> torch.Tensor:
    """Computes the negated cosine similarity between labels and predictions.

    `loss = -sum(l2_normalize(y_true) * l2_normalize(y_pred), axis)`: -1 for
    vectors pointing the same way, 0 for orthogonal ones (and for a zero
    vector), 1 for opposite ones.

    Args:
        y_true: Targets.
        y_pred: Predictions.
        axis: The axis along which the similarity is computed.

    Returns:
        The losses, with `axis` reduced.

    Example:

    >>> cosine_similarity(np.array([[0.0, 1.0], [1.0, 1.0]]), np.array([[1.0, 0.0], [1.0, 1.0]]))
    tensor([-0., -1.])
    """
    y_true, y_pred = squeeze_or_expand_to_same_rank(*convert_pair(y_true, y_pred))
    return -torch.sum(normalize(y_true, axis=axis) * normalize(y_pred, axis=axis), dim=axis)


def build_pos_neg_masks(query_labels, key_labels, remove_diagonal: bool = True):
    """Returns the masks of same-label (positive) and other-label (negative) pairs.

    Args:
        query_labels: Labels of the queries, shape `(N,)` or `(N, 1)`.
        key_labels: Labels of the keys, shape `(M,)` or `(M, 1)`.
        remove_diagonal: Whether pair `(i, i)` is left out of the positives
            (when the queries are the keys).

    Returns:
        The boolean masks `(positive, negative)`, each of shape `(N, M)`.
    """
    query_labels = query_labels.reshape(-1, 1)
    key_labels = key_labels.reshape(-1, 1)
    positive_mask = query_labels == key_labels.T
    negative_mask = ~positive_mask
    if remove_diagonal:
        eye = torch.eye(query_labels.numel(), key_labels.numel(), dtype=torch.bool, device=positive_mask.device)
        positive_mask = positive_mask & ~eye
    return positive_mask, negative_mask


@keras_export("keras.losses.circle")
def circle(
    y_true,
    y_pred,
    ref_labels=None,
    ref_embeddings=None,
    remove_diagonal: bool = True,
    gamma: float = 80,
    margin: float = 0.4,
) -> torch.Tensor:
    """Computes the Circle loss (Sun et al., 2020) of L2-normalized embeddings.

    Pairs are scored by cosine distance (`1 - dot product`); same-label
    pairs are pulled below `margin` and other-label pairs pushed beyond
    `1 - margin`, each weighted by how far it is from its optimum, and the
    result is `softplus(logsumexp(positive terms) + logsumexp(negative terms))`
    per query. The result's `_keras_mask` keeps the queries with a positive
    loss, so that reductions average over them only.

    Args:
        y_true: Integer labels, shape `(batch_size,)`.
        y_pred: L2-normalized embeddings, shape `(batch_size, dim)`.
        ref_labels: Labels of reference embeddings; defaults to `y_true`.
        ref_embeddings: Reference embeddings; defaults to `y_pred`.
        remove_diagonal: Whether each query's pair with itself is ignored.
        gamma: Scale of the similarity terms.
        margin: Relaxation margin.

    Returns:
        The losses, shape `(batch_size,)`.

    Example:

    >>> embeddings = kerastorch.utils.normalize(torch.randn(4, 8))
    >>> circle(np.array([0, 0, 1, 1]), embeddings).shape
    torch.Size([4])
    """
    y_pred = to_tensor(y_pred)
    y_true = to_tensor(y_true, device=y_pred.device).to(torch.int32)
    ref_embeddings = y_pred if ref_embeddings is None else to_tensor(ref_embeddings, device=y_pred.device)
    ref_labels = y_true if ref_labels is None else to_tensor(ref_labels, device=y_pred.device).to(torch.int32)

    distances = torch.clamp(1 - torch.matmul(y_pred, ref_embeddings.T), min=0.0)
    positive_mask, negative_mask = build_pos_neg_masks(y_true, ref_labels, remove_diagonal=remove_diagonal)
    # Keras's order of operations, so that the float32 results agree.
    pos_weights = torch.clamp((margin + distances) * positive_mask.to(distances.dtype), min=0.0)
    neg_weights = torch.clamp(((1 + margin) - distances) * negative_mask.to(distances.dtype), min=0.0)
    pos_scores = -1 * gamma * pos_weights * (margin - distances)
    neg_scores = gamma * neg_weights * ((1 - margin) - distances)
    p_loss = torch.logsumexp(torch.where(positive_mask, pos_scores, float("-inf")), dim=1)
    n_loss = torch.logsumexp(torch.where(negative_mask, neg_scores, float("-inf")), dim=1)
    losses = F.softplus(p_loss + n_loss)
    losses._keras_mask = losses > 0
    return losses


@keras_export("keras.losses.CosineSimilarity")
class CosineSimilarity(FixedLossFunctionWrapper):
    """Negated cosine similarity between labels and predictions.

    As in Keras, `axis` is not part of the config (`get_config()` holds
    `name` and `reduction` only).

    Args:
        axis: The axis along which the similarity is computed.
        reduction: The reduction (see `Loss`); defaults to `"sum_over_batch_size"`.
        name: Name of the loss; defaults to `"cosine_similarity"`.
        dtype: Dtype of the computations; defaults to `floatx()`.

    Example:

    >>> CosineSimilarity()(np.array([[0.0, 1.0], [1.0, 1.0]]), np.array([[1.0, 0.0], [1.0, 1.0]]))
    tensor(-0.5000)
    """

    def __init__(self, axis: int = -1, reduction="sum_over_batch_size", name="cosine_similarity", dtype=None):
        super().__init__(cosine_similarity, reduction, name, dtype, axis=axis)


@keras_export("keras.losses.Circle")
class Circle(FixedLossFunctionWrapper):
    """Circle loss for metric learning on L2-normalized embeddings.

    Within each batch, embeddings of the same label are pulled together and
    others pushed apart, with self-paced pair weights (see `circle`).

    Args:
        gamma: Scale of the similarity terms.
        margin: Relaxation margin.
        remove_diagonal: Whether each query's pair with itself is ignored.
        reduction: The reduction (see `Loss`); defaults to `"sum_over_batch_size"`.
        name: Name of the loss; defaults to `"circle"`.
        dtype: Dtype of the computations; defaults to `floatx()`.

    Example:

    >>> loss = Circle()
    >>> loss(np.array([0, 0, 1, 1]), kerastorch.utils.normalize(torch.randn(4, 8)))
    """

    CONFIG_KEYS = ("gamma", "margin", "remove_diagonal")

    def __init__(
        self,
        gamma: float = 80.0,
        margin: float = 0.4,
        remove_diagonal: bool = True,
        reduction="sum_over_batch_size",
        name="circle",
        dtype=None,
    ):
        super().__init__(
            circle, reduction, name, dtype, gamma=gamma, margin=margin, remove_diagonal=remove_diagonal
        )

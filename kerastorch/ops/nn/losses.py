"""Loss ops of `keras.ops.nn`: the crossentropies (unreduced) and CTC loss / decoding.

The maths is Keras's torch backend, shared with `kerastorch.losses`:
probabilities clipped to `[epsilon, 1 - epsilon]` (categorical ones first
normalised by their sum), logits through torch's fused kernels.
"""

import torch
import torch.nn.functional as F

from kerastorch.api_export import keras_export
from kerastorch.losses.crossentropy_utils import (
    check_same_shape,
    clip_probabilities,
    elementwise_binary_crossentropy,
)
from kerastorch.ops.operation import keras_op
from kerastorch.ops.tensor_args import as_tensor, promoted_dtype

NN = "keras.src.ops.nn"


@keras_export("keras.ops.binary_crossentropy", "keras.ops.nn.binary_crossentropy")
@keras_op(NN, static=("from_logits",))
def binary_crossentropy(target, output, from_logits=False):
    """Element-wise binary crossentropy between targets and probabilities (or logits).

    Args:
        target: Targets in `[0, 1]`, same shape as `output`.
        output: Probabilities, or logits if `from_logits`.
        from_logits: Whether `output` holds logits.

    Returns:
        The unreduced losses, shaped like `output`.

    Example:

    >>> kerastorch.ops.binary_crossentropy(torch.tensor([1.0]), torch.tensor([0.5]))
    tensor([0.6931])
    """
    return elementwise_binary_crossentropy(as_tensor(target), as_tensor(output), from_logits)


@keras_export("keras.ops.categorical_crossentropy", "keras.ops.nn.categorical_crossentropy")
@keras_op(NN, static=("from_logits", "axis"))
def categorical_crossentropy(target, output, from_logits=False, axis=-1):
    """Crossentropy between one-hot (or soft) targets and probabilities (or logits).

    Args:
        target: Targets, same shape as `output`.
        output: Probabilities (normalised by their sum over `axis`), or logits
            if `from_logits`.
        from_logits: Whether `output` holds logits.
        axis: The class axis.

    Returns:
        The losses, with `axis` reduced.

    Example:

    >>> kerastorch.ops.categorical_crossentropy(torch.tensor([[0.0, 1.0]]),
    ...                                         torch.tensor([[0.5, 0.5]]))
    tensor([0.6931])
    """
    target, output = as_tensor(target), as_tensor(output)
    check_same_shape(target, output)
    if target.ndim < 1:
        raise ValueError(
            "Arguments `target` and `output` must be at least rank 1. Received: "
            f"target.shape={tuple(target.shape)}, output.shape={tuple(output.shape)}")
    if from_logits:
        log_prob = F.log_softmax(output, dim=axis)
    else:
        log_prob = torch.log(clip_probabilities(output / torch.sum(output, dim=axis,
                                                                   keepdim=True)))
    return -torch.sum(target * log_prob, dim=axis)


@keras_export("keras.ops.sparse_categorical_crossentropy",
              "keras.ops.nn.sparse_categorical_crossentropy")
@keras_op(NN, static=("from_logits", "axis"))
def sparse_categorical_crossentropy(target, output, from_logits=False, axis=-1):
    """Crossentropy between integer class ids and probabilities (or logits).

    Args:
        target: Integer class ids, shaped like `output` without the class axis
            (a class axis of size 1 is squeezed).
        output: Probabilities (normalised by their sum over `axis`), or logits
            if `from_logits`.
        from_logits: Whether `output` holds logits.
        axis: The class axis of `output`.

    Returns:
        The losses, one per id.

    Example:

    >>> kerastorch.ops.sparse_categorical_crossentropy(torch.tensor([1]),
    ...                                                torch.tensor([[0.5, 0.5]]))
    tensor([0.6931])
    """
    target, output = as_tensor(target).long(), as_tensor(output)
    if target.ndim == output.ndim and target.shape[axis] == 1:
        target = target.squeeze(axis)
    if output.ndim < 1:
        raise ValueError("Argument `output` must be at least rank 1. Received: "
                         f"output.shape={tuple(output.shape)}")
    class_axis = axis % output.ndim
    if target.shape != output.shape[:class_axis] + output.shape[class_axis + 1:]:
        raise ValueError(
            "Arguments `target` and `output` must have the same shape up until the last "
            f"dimension: target.shape={tuple(target.shape)}, output.shape={tuple(output.shape)}")
    # torch's fused kernels want the classes on axis 1 (a leading batch of 1 for rank 1).
    scores = output.unsqueeze(0) if output.ndim == 1 else output.movedim(class_axis, 1)
    labels = target.unsqueeze(0) if output.ndim == 1 else target
    if from_logits:
        losses = F.cross_entropy(scores, labels, reduction="none")
    else:
        log_prob = torch.log(clip_probabilities(scores / torch.sum(scores, dim=1, keepdim=True)))
        losses = F.nll_loss(log_prob, labels, reduction="none")
    return losses.squeeze(0) if output.ndim == 1 else losses


@keras_export("keras.ops.ctc_loss", "keras.ops.nn.ctc_loss")
@keras_op(NN, class_name="CTCLoss", static=("mask_index",))
def ctc_loss(target, output, target_length, output_length, mask_index=0):
    """Connectionist Temporal Classification loss (torch's native `ctc_loss`).

    Args:
        target: Integer labels, `(batch, max_label_length)`.
        output: Logits, `(batch, max_length, num_classes)`.
        target_length: Label sequence lengths, `(batch,)`.
        output_length: Logit sequence lengths, `(batch,)`.
        mask_index: The blank class.

    Returns:
        The negative log-likelihoods, `(batch,)`, in at least float32.

    Example:

    >>> kerastorch.ops.ctc_loss(torch.tensor([[1, 2]]), torch.zeros(1, 4, 3),
    ...                         torch.tensor([2]), torch.tensor([4])).shape
    torch.Size([1])
    """
    output = as_tensor(output)
    output = output.to(promoted_dtype(output.dtype, "float32"))
    log_probs = F.log_softmax(output.transpose(0, 1), dim=-1)
    return F.ctc_loss(log_probs, as_tensor(target), as_tensor(output_length),
                      as_tensor(target_length), blank=mask_index, reduction="none")


@keras_export("keras.ops.ctc_decode", "keras.ops.nn.ctc_decode")
@keras_op(NN, class_name="CTCDecode",
          static=("strategy", "beam_width", "top_paths", "merge_repeated", "mask_index"))
def ctc_decode(inputs, sequence_lengths, strategy="greedy", beam_width=100, top_paths=1,
               merge_repeated=True, mask_index=0):
    """Decodes CTC outputs: greedy (the best class per frame) or beam search.

    Args:
        inputs: Scores, `(batch, max_length, num_classes)`.
        sequence_lengths: Sequence lengths, `(batch,)`.
        strategy: `"greedy"` or `"beam_search"`.
        beam_width: Beam width of the beam search.
        top_paths: Number of paths the beam search returns.
        merge_repeated: Whether repeated classes are merged.
        mask_index: The blank class (`None`: the last class).

    Returns:
        `(paths, scores)`: `(top_paths, batch, max_length)` int32 class ids,
        padded with -1 (one path for greedy decoding), and `(batch, top_paths)`
        scores (greedy: the negative sum of the best scores; beam search: the
        paths' log-probabilities).

    Example:

    >>> kerastorch.ops.ctc_decode(torch.eye(3)[None], torch.tensor([3]))[0]
    tensor([[[1, 2, -1]]], dtype=torch.int32)
    """
    inputs = as_tensor(inputs)
    inputs = inputs.to(promoted_dtype(inputs.dtype, "float32"))
    if strategy == "beam_search":
        return _beam_search_decode(inputs, as_tensor(sequence_lengths, "int32"), beam_width,
                                   top_paths, mask_index)
    if strategy != "greedy":
        raise ValueError(f"Invalid strategy {strategy}. Supported values are 'greedy' and "
                         "'beam_search'.")
    return _greedy_decode(inputs, as_tensor(sequence_lengths, "int32"), merge_repeated,
                          mask_index)


def _greedy_decode(inputs, sequence_lengths, merge_repeated, mask_index):
    _, max_length, num_classes = inputs.shape
    if mask_index is None:
        mask_index = num_classes - 1
    scores, indices = torch.max(inputs, dim=-1)
    indices = indices.int()
    beyond = torch.arange(max_length, device=inputs.device) >= sequence_lengths[:, None]
    indices = torch.where(beyond, mask_index, indices)
    scores = torch.where(beyond, 0.0, scores)
    if merge_repeated:
        repeat = F.pad(indices[:, 1:] == indices[:, :-1], (1, 0))
        indices = torch.where(repeat, mask_index, indices)
    invalid = indices == mask_index
    indices = torch.where(invalid, -1, indices)
    # Valid ids first, in order: a stable sort on "invalid".
    order = torch.argsort(invalid.to(torch.int8), dim=-1, stable=True)
    indices = torch.take_along_dim(indices, order, dim=-1)
    return indices.unsqueeze(0), -torch.sum(scores, dim=1, keepdim=True)


_PAD = -1
_HASH_BASE = 2654435769  # Knuth's multiplicative hash constant.


def _unique_rows(paths, size):
    """The distinct rows of `paths` (in hash order, as Keras's torch backend orders them),
    padded with `_PAD` rows to `size`, and each row's index among them."""
    hashes = ((paths.long() + 1) * _HASH_BASE ** torch.arange(
        paths.shape[1], dtype=torch.int64, device=paths.device)).sum(dim=1)
    order = torch.argsort(hashes, stable=True)
    sorted_paths, sorted_hashes = paths[order], hashes[order]
    duplicate = (sorted_hashes[1:] == sorted_hashes[:-1]) & \
        (sorted_paths[1:] == sorted_paths[:-1]).all(dim=1)
    first = torch.cat([duplicate.new_ones(1), ~duplicate])
    inverse = torch.empty_like(order)
    inverse[order] = torch.cumsum(first.long(), dim=0) - 1
    unique = sorted_paths[first]
    padding = unique.new_full((size - unique.shape[0], paths.shape[1]), _PAD)
    return torch.cat([unique, padding]), inverse


def _merge_scores(inverse, scores, size):
    """Log-sum-exp of the `scores` of rows with the same `inverse` index."""
    top = scores.max()
    totals = scores.new_zeros(size).scatter_add_(0, inverse, torch.exp(scores - top))
    return torch.log(totals) + top


def _extend_beams(paths, scores, masked, frame, blank):
    """Every beam extended by every class of one frame (blanks and repeats add nothing)."""
    num_classes = frame.shape[0]
    paths = paths.repeat_interleave(num_classes, dim=0)
    scores = scores.repeat_interleave(num_classes) + frame.repeat(paths.shape[0] // num_classes)
    previous_masked = masked.repeat_interleave(num_classes)
    rows = torch.arange(paths.shape[0], device=paths.device)
    tail = (paths == _PAD).int().argmax(dim=1)
    last = torch.where(tail == 0, _PAD, paths[rows, tail - 1])
    classes = torch.arange(num_classes, dtype=paths.dtype, device=paths.device)
    classes[blank] = _PAD
    classes = classes.repeat(paths.shape[0] // num_classes)
    masked = classes == _PAD
    paths[rows, tail] = torch.where(~previous_masked & (last == classes), _PAD, classes)
    return paths, scores, masked


def _prune_beams(paths, scores, masked, num_classes, beam_width):
    """Merges equal beams and keeps the `beam_width` best, each with an emitting and a
    blank-ending score track."""
    unique, inverse = _unique_rows(paths, 2 * num_classes * beam_width)
    emit = _merge_scores(inverse, torch.where(masked, -torch.inf, scores), unique.shape[0])
    blank = _merge_scores(inverse, torch.where(masked, scores, -torch.inf), unique.shape[0])
    best = torch.argsort(torch.logaddexp(emit, blank), stable=True)[-beam_width:]
    tracks = torch.cat([masked.new_zeros(beam_width), masked.new_ones(beam_width)])
    return unique[best].repeat(2, 1), torch.cat([emit[best], blank[best]]), tracks


def _beam_search_decode(inputs, sequence_lengths, beam_width, top_paths, mask_index):
    """CTC beam search, JAX's algorithm as Keras's torch backend runs it (per sequence,
    classes in reverse order so that ties break as in JAX)."""
    _, max_length, num_classes = inputs.shape
    log_probs = torch.flip(F.log_softmax(inputs, dim=-1), dims=[2])
    blank = num_classes - 1 - (num_classes - 1 if mask_index is None else mask_index)
    initial = min(num_classes, beam_width)
    all_paths, all_scores = [], []
    for frames, length in zip(log_probs, sequence_lengths.tolist()):
        paths = torch.full((2 * beam_width, max_length), _PAD, dtype=torch.int32,
                           device=inputs.device)
        best = torch.argsort(frames[0], stable=True)[-initial:]
        paths[:initial, 0] = torch.where(best == blank, _PAD, best.int())
        scores = torch.full((2 * beam_width,), -torch.inf, dtype=frames.dtype,
                            device=inputs.device)
        scores[:initial] = frames[0, best]
        masked = paths[:, 0] == _PAD
        for frame in frames[1:length]:
            paths, scores, masked = _extend_beams(paths, scores, masked, frame, blank)
            paths, scores, masked = _prune_beams(paths, scores, masked, num_classes,
                                                 beam_width)
        unique, inverse = _unique_rows(paths, 2 * num_classes * beam_width)
        scores = _merge_scores(inverse, scores, unique.shape[0])
        top = torch.argsort(scores, stable=True)[-top_paths:].flip(0)
        all_paths.append(unique[top])
        all_scores.append(scores[top])
    paths = torch.stack(all_paths)
    paths = torch.where(paths == _PAD, _PAD, num_classes - 1 - paths)
    return paths.permute(1, 0, 2), torch.stack(all_scores)

"""Class-encoding ops of `keras.ops.nn`: `one_hot` and `multi_hot`."""

import torch
import torch.nn.functional as F

from kerastorch.api_export import keras_export
from kerastorch.backend.dtypes import standardize_dtype, to_torch_dtype
from kerastorch.ops.operation import keras_op
from kerastorch.ops.tensor_args import as_tensor

NN = "keras.src.ops.nn"
ENCODING = ("num_classes", "axis", "dtype", "sparse")


def _check_dense(sparse):
    if sparse:
        raise ValueError("Unsupported value `sparse=True` with torch backend")


def _one_hot(x, num_classes, axis, dtype):
    x = as_tensor(x).long()
    # Negative ids encode to all-zero rows, as in Keras.
    output = F.one_hot(torch.clamp(x, min=0), num_classes) * (x >= 0).unsqueeze(-1)
    output = output.to(to_torch_dtype(dtype))
    if axis not in (-1, output.ndim):
        output = output.movedim(-1, axis)
    return output


@keras_export("keras.ops.one_hot", "keras.ops.nn.one_hot")
def one_hot(x, num_classes, axis=-1, dtype=None, sparse=False):
    """One-hot encodes integer ids (negative ids give all-zero rows).

    Args:
        x: Integer tensor of class ids.
        num_classes: Number of classes.
        axis: Where the class axis goes in the output.
        dtype: Output dtype (default: `keras.config.floatx()`).
        sparse: Unsupported on torch (raises `ValueError`), as in Keras.

    Returns:
        A tensor with one more axis, of size `num_classes`.

    Example:

    >>> kerastorch.ops.one_hot(torch.tensor([1, -1]), 3)
    tensor([[0., 1., 0.],
            [0., 0., 0.]])
    """
    return _one_hot_op(x, num_classes, axis, standardize_dtype(dtype), sparse)


@keras_op(NN, class_name="OneHot", static=ENCODING)
def _one_hot_op(x, num_classes, axis, dtype, sparse):
    _check_dense(sparse)
    return _one_hot(x, num_classes, axis, dtype)


@keras_export("keras.ops.multi_hot", "keras.ops.nn.multi_hot")
def multi_hot(inputs, num_classes=None, axis=-1, dtype=None, sparse=False, **kwargs):
    """Multi-hot encodes integer ids: each row marks the classes it contains.

    Args:
        inputs: Integer tensor of class ids, `(batch, ids)` or `(ids,)`.
        num_classes: Number of classes (also accepted as `num_tokens`).
        axis: Where the class axis goes in the one-hot encoding before the ids
            axis is reduced.
        dtype: Output dtype (default: `keras.config.floatx()`).
        sparse: Unsupported on torch (raises `ValueError`), as in Keras.
        **kwargs: `num_tokens`, the legacy name of `num_classes`.

    Returns:
        `(batch, num_classes)` (or `(num_classes,)`) encodings.

    Example:

    >>> kerastorch.ops.multi_hot(torch.tensor([[0, 2], [1, 1]]), 3)
    tensor([[1., 0., 1.],
            [0., 1., 0.]])
    """
    if num_classes is None and "num_tokens" in kwargs:
        num_classes = kwargs.pop("num_tokens")
    if num_classes is None:
        raise ValueError("Argument `num_classes` must be specified.")
    return _multi_hot(inputs, num_classes, axis, standardize_dtype(dtype), sparse)


@keras_op(NN, class_name="MultiHot", static=ENCODING)
def _multi_hot(inputs, num_classes, axis, dtype, sparse):
    _check_dense(sparse)
    x = as_tensor(inputs)
    encoded = _one_hot(x, num_classes, axis, dtype)
    return torch.amax(encoded, dim=1 if x.ndim > 1 else 0)

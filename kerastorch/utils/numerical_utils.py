"""`to_categorical` and `normalize`: the numeric helpers of `keras.utils`."""

from typing import Optional

import numpy as np
import torch

from kerastorch.api_export import keras_export
from kerastorch.backend import config
from kerastorch.backend.dtypes import to_torch_dtype
from kerastorch.backend.tensors import convert_to_tensor


@keras_export("keras.utils.to_categorical")
def to_categorical(x, num_classes: Optional[int] = None):
    """Converts a vector of class indices to a one-hot matrix.

    A trailing axis of size 1 is dropped first, so `(N, 1)` labels give
    `(N, num_classes)`. Array-likes give a float64 NumPy array, as in Keras;
    a torch tensor gives an int64 tensor on the same device, with all-zero
    rows for negative indices.

    Args:
        x: Array-like or tensor of class indices, from 0 to `num_classes - 1`.
        num_classes: Number of classes; `None` means `max(x) + 1`.

    Returns:
        The one-hot encoding, with the class axis last.

    Example:

    >>> to_categorical([0, 2, 1], num_classes=3)
    array([[1., 0., 0.],
           [0., 0., 1.],
           [0., 1., 0.]])
    """
    if isinstance(x, torch.Tensor):
        if x.dim() > 1 and x.shape[-1] == 1:
            x = x.reshape(x.shape[:-1])
        x = x.long()
        one_hot = torch.nn.functional.one_hot(
            x.clamp(min=0), -1 if num_classes is None else num_classes
        )
        return one_hot * (x >= 0).unsqueeze(-1)
    x = np.array(x, dtype="int64")
    input_shape = x.shape
    if len(input_shape) > 1 and input_shape[-1] == 1:
        input_shape = input_shape[:-1]
    x = x.reshape(-1)
    if not num_classes:
        num_classes = np.max(x) + 1
    categorical = np.zeros((x.shape[0], num_classes))
    categorical[np.arange(x.shape[0]), x] = 1
    return categorical.reshape(input_shape + (num_classes,))


@keras_export("keras.utils.normalize")
def normalize(x, axis: Optional[int] = -1, order: int = 2):
    """Divides an array by its norm along an axis.

    A NumPy array gives a NumPy array (zero norms are left as 1, so zero
    vectors stay zero). Anything else gives a tensor, computed as
    `keras.ops.normalize` does: `x / max(norm, epsilon)`, with
    `order` an integer >= 1.

    Args:
        x: NumPy array, tensor or array-like.
        axis: Axis along which to normalize. With a NumPy array, `None`
            takes NumPy's norm of the whole array.
        order: Order of the norm (`2` for L2).

    Returns:
        The normalized copy of `x`.

    Example:

    >>> normalize(np.array([[3.0, 4.0]]))
    array([[0.6, 0.8]])
    """
    if isinstance(x, np.ndarray):
        norm = np.atleast_1d(np.linalg.norm(x, order, axis))
        norm[norm == 0] = 1
        # Keras expands at `axis or -1`, which misplaces the norms for
        # `axis=0`; we expand at the axis that was reduced.
        return x / np.expand_dims(norm, -1 if axis is None else axis)

    if not isinstance(order, int) or order < 1:
        raise ValueError(f"Argument `order` must be an int >= 1. Received: order={order}")
    if not isinstance(x, torch.Tensor):
        x = convert_to_tensor(x)
    if not x.is_floating_point():
        x = x.to(to_torch_dtype(config.floatx()))
    if x.dim() == 0:
        x = x.unsqueeze(0)
    epsilon = config.epsilon()
    if order == 2:
        inv_norm = torch.rsqrt(x.square().sum(dim=axis, keepdim=True))
        return x * inv_norm.clamp(max=1.0 / epsilon)
    norm = torch.linalg.norm(x, ord=order, dim=axis, keepdim=True)
    return x / norm.clamp(min=epsilon)

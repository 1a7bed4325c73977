"""`Maximum` and `maximum`: the elementwise maximum of the inputs."""

import torch

from kerastorch.api_export import keras_export
from kerastorch.layers.merging.base_merge import Merge


@keras_export("keras.layers.Maximum")
class Maximum(Merge):
    """Computes the elementwise maximum of a list of inputs.

    Takes a list of tensors of the same shape (or shapes that broadcast) and
    returns one tensor of that shape.

    Where an input carries a mask, its masked-out positions take the other
    operand's value (they do not win the comparison).

    Args:
        **kwargs: Base layer arguments (`name`, `dtype`, ...).

    Example:

    >>> kerastorch.layers.Maximum()([torch.ones(2, 3), torch.ones(2, 3)])
    tensor([[1., 1., 1.],
            [1., 1., 1.]])
    """

    def _merge_function(self, inputs):
        return self._apply_merge_op_and_or_mask(torch.maximum, inputs)


@keras_export("keras.layers.maximum")
def maximum(inputs, **kwargs):
    """Functional interface to the `Maximum` layer.

    Args:
        inputs: A list of input tensors with broadcast-compatible shapes.
        **kwargs: Standard layer keyword arguments.

    Returns:
        A tensor, the elementwise maximum of the inputs.

    Example:

    >>> kerastorch.layers.maximum([torch.ones(2, 3), torch.ones(2, 3)]).shape
    torch.Size([2, 3])
    """
    return Maximum(**kwargs)(inputs)

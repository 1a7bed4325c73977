"""`Minimum` and `minimum`: the elementwise minimum of the inputs."""

import torch

from kerastorch.api_export import keras_export
from kerastorch.layers.merging.base_merge import Merge


@keras_export("keras.layers.Minimum")
class Minimum(Merge):
    """Computes the elementwise minimum of a list of inputs.

    Takes a list of tensors of the same shape (or shapes that broadcast) and
    returns one tensor of that shape.

    Where an input carries a mask, its masked-out positions take the other
    operand's value (they do not win the comparison).

    Args:
        **kwargs: Base layer arguments (`name`, `dtype`, ...).

    Example:

    >>> kerastorch.layers.Minimum()([torch.ones(2, 3), torch.ones(2, 3)])
    tensor([[1., 1., 1.],
            [1., 1., 1.]])
    """

    def _merge_function(self, inputs):
        return self._apply_merge_op_and_or_mask(torch.minimum, inputs)


@keras_export("keras.layers.minimum")
def minimum(inputs, **kwargs):
    """Functional interface to the `Minimum` layer.

    Args:
        inputs: A list of input tensors with broadcast-compatible shapes.
        **kwargs: Standard layer keyword arguments.

    Returns:
        A tensor, the elementwise minimum of the inputs.

    Example:

    >>> kerastorch.layers.minimum([torch.ones(2, 3), torch.ones(2, 3)]).shape
    torch.Size([2, 3])
    """
    return Minimum(**kwargs)(inputs)

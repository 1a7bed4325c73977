"""`Multiply` and `multiply`: the elementwise product of the inputs."""

import torch

from kerastorch.api_export import keras_export
from kerastorch.backend.masking import get_keras_mask, set_keras_mask
from kerastorch.layers.merging.base_merge import Merge


@keras_export("keras.layers.Multiply")
class Multiply(Merge):
    """Performs elementwise multiplication of a list of inputs.

    Takes a list of tensors of the same shape (or shapes that broadcast) and
    returns one tensor of that shape. Masked-out positions of an input count
    as 1; when every input carries a mask, the output is zero where all of
    them are masked out and gets the OR of the masks.

    Args:
        **kwargs: Base layer arguments (`name`, `dtype`, ...).

    Example:

    >>> kerastorch.layers.Multiply()([torch.full((2, 3), 2.0), torch.full((2, 3), 3.0)])
    tensor([[6., 6., 6.],
            [6., 6., 6.]])
    """

    def _merge_function(self, inputs):
        masks = [get_keras_mask(x) for x in inputs]
        has_output_mask = all(mask is not None for mask in masks)
        output = None
        output_mask = None
        for x, mask in zip(inputs, masks):
            if mask is not None:
                mask = mask.unsqueeze(-1).expand(x.shape)
                x = torch.where(mask, x, 1)
                if has_output_mask:
                    output_mask = mask if output_mask is None else torch.logical_or(
                        output_mask, mask)
            output = x if output is None else output * x
        if has_output_mask:
            output = torch.where(output_mask, output, 0)
            set_keras_mask(output, output_mask.any(dim=-1))
        return output


@keras_export("keras.layers.multiply")
def multiply(inputs, **kwargs):
    """Functional interface to the `Multiply` layer.

    Args:
        inputs: A list of input tensors with broadcast-compatible shapes.
        **kwargs: Standard layer keyword arguments.

    Returns:
        A tensor, the elementwise product of the inputs.

    Example:

    >>> kerastorch.layers.multiply([torch.ones(2, 3), torch.ones(2, 3)]).shape
    torch.Size([2, 3])
    """
    return Multiply(**kwargs)(inputs)

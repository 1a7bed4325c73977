"""`Concatenate` and `concatenate`: joins the inputs along one axis."""

import torch

from kerastorch.api_export import keras_export
from kerastorch.layers.merging.base_merge import Merge, check_merge_masks


@keras_export("keras.layers.Concatenate")
class Concatenate(Merge):
    """Concatenates a list of inputs along `axis` (`torch.cat`).

    All inputs must have the same shape except along the concatenation axis.

    Args:
        axis: Axis along which to concatenate. Defaults to -1.
        **kwargs: Base layer arguments (`name`, `dtype`, ...).

    Example:

    >>> kerastorch.layers.Concatenate(axis=1)([torch.ones(2, 3), torch.ones(2, 4)]).shape
    torch.Size([2, 7])
    """

    def __init__(self, axis=-1, **kwargs):
        super().__init__(**kwargs)
        self.axis = axis

    def build(self, input_shape):
        if len(input_shape) < 1 or not isinstance(input_shape[0], (tuple, list)):
            raise ValueError(
                f"A `Concatenate` layer ('{self.name}') should be called on a list of at "
                f"least 1 input. Received: input_shape={input_shape}"
            )
        # As Keras: the shapes without the concatenation axis must agree, a
        # `None` size agreeing with any size.
        reduced = set()
        for shape in input_shape:
            shape = list(shape)
            if len(shape) > self.axis:
                del shape[self.axis]
            reduced.add(tuple(shape))
        if len(reduced) > 1:
            ranks = {len(shape) for shape in reduced}
            if len(ranks) != 1 or any(
                len({shape[axis] for shape in reduced} - {None}) > 1
                for axis in range(ranks.pop())
            ):
                raise ValueError(
                    f"A `Concatenate` layer ('{self.name}') requires inputs with matching "
                    "shapes except for the concatenation axis. "
                    f"Received: input_shape={input_shape}"
                )

    def _merge_function(self, inputs):
        return torch.cat(inputs, dim=self.axis)

    def compute_output_shape(self, input_shape):
        if not isinstance(input_shape, (tuple, list)) or not isinstance(
                input_shape[0], (tuple, list)):
            raise ValueError(
                f"A `Concatenate` layer ('{self.name}') should be called on a list of "
                f"inputs. Received: input_shape={input_shape}"
            )
        output_shape = list(input_shape[0])
        for shape in input_shape[1:]:
            if output_shape[self.axis] is None or shape[self.axis] is None:
                output_shape[self.axis] = None
                break
            output_shape[self.axis] += shape[self.axis]
        return tuple(output_shape)

    def compute_mask(self, inputs, mask=None):
        if mask is None:
            return None
        check_merge_masks(inputs, mask)
        if all(m is None for m in mask):
            return None
        # Each mask is brought to its input's full shape (all True when the
        # input has none), then concatenated; the last axis is reduced by `any`
        # as Keras does.
        masks = []
        for x, m in zip(inputs, mask):
            if m is None:
                masks.append(torch.ones(x.shape, dtype=torch.bool, device=x.device))
            elif m.ndim < x.ndim:
                masks.append(m.unsqueeze(-1).expand(x.shape))
            else:
                masks.append(m)
        return torch.cat(masks, dim=self.axis).any(dim=-1)

    def get_config(self) -> dict:
        return {**super().get_config(), "axis": self.axis}


@keras_export("keras.layers.concatenate")
def concatenate(inputs, axis=-1, **kwargs):
    """Functional interface to the `Concatenate` layer.

    Args:
        inputs: A list of input tensors.
        axis: Concatenation axis.
        **kwargs: Standard layer keyword arguments.

    Returns:
        A tensor, the concatenation of the inputs along `axis`.

    Example:

    >>> kerastorch.layers.concatenate([torch.ones(2, 3), torch.ones(2, 4)]).shape
    torch.Size([2, 7])
    """
    return Concatenate(axis=axis, **kwargs)(inputs)

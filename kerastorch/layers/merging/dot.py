"""`Dot` and `dot`: per-sample dot products of two tensors along given axes."""

import torch

from kerastorch.api_export import keras_export
from kerastorch.layers.merging.base_merge import Merge
from kerastorch.utils.numerical_utils import normalize


def batch_dot(x, y, axes):
    """Batchwise dot product of `x` and `y`, contracting `x`'s `axes[0]` with `y`'s `axes[1]`.

    The result has the remaining axes of `x`, then those of `y` (batch axis
    once); two rank-2 inputs give shape `(batch_size, 1)`. Computed with one
    `torch.bmm`.

    Args:
        x: Tensor of rank >= 2.
        y: Tensor of rank >= 2, same batch size.
        axes: Pair of non-negative axes (neither 0).

    Returns:
        A tensor.

    Example:

    >>> batch_dot(torch.ones(2, 3), torch.ones(2, 3), (1, 1))
    tensor([[3.],
            [3.]])
    """
    if x.ndim < 2 or y.ndim < 2:
        raise ValueError(
            "Cannot do batch_dot on inputs with rank < 2. Received inputs with shapes "
            f"{tuple(x.shape)} and {tuple(y.shape)}."
        )
    if x.shape[0] != y.shape[0]:
        raise ValueError(
            "Cannot do batch_dot on inputs with different batch sizes. Received inputs "
            f"with shapes {tuple(x.shape)} and {tuple(y.shape)}."
        )
    if 0 in axes:
        raise ValueError(
            "Cannot perform batch_dot over axis 0. If your inputs are not batched, add a "
            "dummy batch dimension to your inputs using keras.ops.expand_dims(x, 0)"
        )
    a0, a1 = axes
    if x.shape[a0] != y.shape[a1]:
        raise ValueError(
            f"Cannot do batch_dot on inputs with shapes {tuple(x.shape)} and "
            f"{tuple(y.shape)} with axes={list(axes)}. x.shape[{a0}] != y.shape[{a1}] "
            f"({x.shape[a0]} != {y.shape[a1]})."
        )
    x = x.movedim(a0, -1)
    y = y.movedim(a1, 1)
    batch, size = x.shape[0], x.shape[-1]
    output_shape = (batch,) + tuple(x.shape[1:-1]) + tuple(y.shape[2:])
    output = torch.bmm(x.reshape(batch, -1, size), y.reshape(batch, size, -1))
    return output.reshape(output_shape if len(output_shape) > 1 else (batch, 1))


@keras_export("keras.layers.Dot")
class Dot(Merge):
    """Computes the dot product between samples of two tensors.

    E.g. for a list of two tensors `a` and `b` of shape `(batch_size, n)`,
    the output has shape `(batch_size, 1)`, entry `i` being `a[i] . b[i]`.

    Args:
        axes: Int or pair of ints: the axis (or axes, one per input) along
            which to take the dot product (sizes must match).
        normalize: Whether to L2-normalize the samples along the dot product
            axis first; the output is then the cosine proximity.
        **kwargs: Base layer arguments (`name`, `dtype`, ...).

    Example:

    >>> a = torch.arange(10.0).reshape(1, 5, 2)
    >>> b = torch.arange(10.0, 20.0).reshape(1, 2, 5)
    >>> kerastorch.layers.Dot(axes=(1, 2))([a, b])
    tensor([[[260., 360.],
             [320., 445.]]])
    """

    def __init__(self, axes, normalize=False, **kwargs):
        super().__init__(**kwargs)
        if not isinstance(axes, int):
            if not isinstance(axes, (list, tuple)):
                raise TypeError(
                    "Invalid type for argument `axes`: it should be a list or an int. "
                    f"Received: axes={axes}"
                )
            if len(axes) != 2:
                raise ValueError(
                    "Invalid format for argument `axes`: it should contain two elements. "
                    f"Received: axes={axes}"
                )
            if not isinstance(axes[0], int) or not isinstance(axes[1], int):
                raise ValueError(
                    "Invalid format for argument `axes`: list elements should be "
                    f"integers. Received: axes={axes}"
                )
        self.axes = axes
        self.normalize = normalize

    def _resolved_axes(self, rank1, rank2):
        if isinstance(self.axes, int):
            if self.axes < 0:
                return [self.axes % rank1, self.axes % rank2]
            return [self.axes] * 2
        return [a % rank if a < 0 else a for a, rank in zip(self.axes, (rank1, rank2))]

    def build(self, input_shape):
        if not isinstance(input_shape[0], (tuple, list)) or len(input_shape) != 2:
            raise ValueError(
                f"A `Dot` layer ('{self.name}') should be called on a list of 2 inputs. "
                f"Received: input_shape={input_shape}"
            )
        shape1, shape2 = input_shape
        axes = self._resolved_axes(len(shape1), len(shape2))
        if shape1[axes[0]] != shape2[axes[1]]:
            raise ValueError(
                f"Layer '{self.name}': incompatible input shapes: axis values "
                f"{shape1[axes[0]]} (at axis {axes[0]}) != {shape2[axes[1]]} (at axis "
                f"{axes[1]}). Full input shapes: {shape1}, {shape2}"
            )

    def _merge_function(self, inputs):
        if len(inputs) != 2:
            raise ValueError(
                f"A `Dot` layer ('{self.name}') should be called on exactly 2 inputs. "
                f"Received {len(inputs)} inputs."
            )
        x1, x2 = inputs
        axes = self._resolved_axes(x1.ndim, x2.ndim)
        if self.normalize:
            x1 = normalize(x1, axis=axes[0])
            x2 = normalize(x2, axis=axes[1])
        return batch_dot(x1, x2, axes)

    def compute_output_shape(self, input_shape):
        if not isinstance(input_shape, (tuple, list)) or len(input_shape) != 2:
            raise ValueError(
                f"A `Dot` layer ('{self.name}') should be called on a list of 2 inputs. "
                f"Received: input_shape={input_shape}"
            )
        shape1, shape2 = list(input_shape[0]), list(input_shape[1])
        axes = self._resolved_axes(len(shape1), len(shape2))
        shape1.pop(axes[0])
        shape2.pop(axes[1])
        shape2.pop(0)
        output_shape = shape1 + shape2
        if len(output_shape) == 1:
            output_shape += [1]
        return tuple(output_shape)

    def compute_mask(self, inputs, mask=None):
        return None

    def get_config(self) -> dict:
        return {**super().get_config(), "axes": self.axes, "normalize": self.normalize}


@keras_export("keras.layers.dot")
def dot(inputs, axes=-1, **kwargs):
    """Functional interface to the `Dot` layer.

    Args:
        inputs: A list of two input tensors.
        axes: Int or pair of ints, the axes of the dot product.
        **kwargs: Standard layer keyword arguments (`normalize`, `name`, ...).

    Returns:
        A tensor, the per-sample dot products of the inputs.

    Example:

    >>> kerastorch.layers.dot([torch.ones(2, 3), torch.ones(2, 3)], axes=1).shape
    torch.Size([2, 1])
    """
    return Dot(axes=axes, **kwargs)(inputs)

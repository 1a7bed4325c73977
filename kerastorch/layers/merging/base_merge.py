"""`Merge`: the base of the layers that combine a list of tensors into one."""

import torch

from kerastorch.backend.masking import get_keras_mask, set_keras_mask
from kerastorch.layers.layer import Layer


class Merge(Layer):
    """Base of `Add`, `Subtract`, `Multiply`, `Average`, `Maximum`, `Minimum`,
    `Concatenate` and `Dot`.

    Checks the input shapes when building (same batch size, shapes that
    broadcast), expands lower-rank inputs at axis 1 so that all ranks match
    (as Keras does), then applies `_merge_function` to the list of inputs.
    The output mask is the logical OR of the input masks (none when an input
    has no mask).

    Args:
        **kwargs: Base layer arguments (`name`, `dtype`, ...).

    Example:

    >>> kerastorch.layers.Add()([torch.ones(2, 3), torch.ones(2, 3)])
    tensor([[2., 2., 2.],
            [2., 2., 2.]])
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True
        self._reshape_required = False

    def _merge_function(self, inputs):
        raise NotImplementedError

    def _apply_merge_op_and_or_mask(self, op_fn, inputs):
        """Folds `op_fn` over `inputs`; masked-out positions take the other operand.

        With masks on all inputs, the output gets the OR of them (its last
        axis reduced by `any`), as Keras's `Maximum` / `Minimum` do.
        """
        output = None
        output_mask = None
        for x in inputs:
            mask = get_keras_mask(x)
            if mask is not None:
                mask = mask.unsqueeze(-1).expand(x.shape)
            if output is None:
                output, output_mask = x, mask
                continue
            if mask is not None:
                x = torch.where(mask, x, output)
            if output_mask is not None:
                output = torch.where(output_mask, output, x)
            if mask is not None and output_mask is not None:
                output_mask = torch.logical_or(output_mask, mask)
            else:
                output_mask = None
            output = op_fn(output, x)
        if output_mask is not None:
            set_keras_mask(output, output_mask.any(dim=-1))
        return output

    def _compute_elemwise_op_output_shape(self, shape1, shape2):
        """The broadcast shape of two shapes (without batch); `None` dims stay unknown."""
        if shape1 is None or shape2 is None:
            return None
        if len(shape1) < len(shape2):
            return self._compute_elemwise_op_output_shape(shape2, shape1)
        if not shape2:
            return tuple(shape1)
        output_shape = list(shape1[:-len(shape2)])
        for i, j in zip(shape1[-len(shape2):], shape2):
            if i is None or j is None:
                output_shape.append(None)
            elif i == 1:
                output_shape.append(j)
            elif j == 1 or i == j:
                output_shape.append(i)
            else:
                raise ValueError(
                    f"Layer '{self.name}': inputs have incompatible shapes. "
                    f"Received shapes {shape1} and {shape2}"
                )
        return tuple(output_shape)

    def _broadcast_shape(self, input_shapes):
        output_shape = None if input_shapes[0] is None else tuple(input_shapes[0][1:])
        for shape in input_shapes[1:]:
            output_shape = self._compute_elemwise_op_output_shape(
                output_shape, None if shape is None else tuple(shape[1:]))
        return output_shape

    def build(self, input_shape):
        if not isinstance(input_shape[0], (tuple, list)):
            raise ValueError(
                f"A merge layer ('{self.name}') should be called on a list of inputs. "
                f"Received: input_shape={input_shape} (not a list of shapes)"
            )
        batch_sizes = {s[0] for s in input_shape if s} - {None}
        if len(batch_sizes) > 1:
            raise ValueError(
                f"Layer '{self.name}' cannot merge tensors with different batch sizes. "
                f"Received tensors with shapes {input_shape}"
            )
        self._broadcast_shape(input_shape)
        self._reshape_required = len({len(s) for s in input_shape}) != 1

    def call(self, inputs):
        if not isinstance(inputs, (list, tuple)):
            raise ValueError(
                f"A merge layer ('{self.name}') should be called on a list of inputs. "
                f"Received: inputs={inputs} (not a list of tensors)"
            )
        if self._reshape_required:
            max_ndim = max(x.ndim for x in inputs)
            inputs = [x.reshape(x.shape[:1] + (1,) * (max_ndim - x.ndim) + x.shape[1:])
                      for x in inputs]
        return self._merge_function(inputs)

    def compute_output_shape(self, input_shape):
        output_shape = self._broadcast_shape(input_shape)
        batch_sizes = {s[0] for s in input_shape if s is not None} - {None}
        batch = batch_sizes.pop() if len(batch_sizes) == 1 else None
        return (batch,) + output_shape

    def compute_mask(self, inputs, mask=None):
        if mask is None:
            return None
        check_merge_masks(inputs, mask)
        if any(m is None for m in mask):
            return None
        output_mask = mask[0]
        for m in mask[1:]:
            output_mask = torch.logical_or(output_mask, m)
        return output_mask


def sum_inputs(inputs):
    """The sum of a list of tensors, added left to right (as Keras does)."""
    output = inputs[0]
    for x in inputs[1:]:
        output = output + x
    return output


def check_merge_masks(inputs, mask) -> None:
    """Raises Keras's errors when `mask` is not a list matching `inputs`."""
    if not isinstance(mask, (tuple, list)):
        raise ValueError(f"`mask` should be a list. Received: mask={mask}")
    if not isinstance(inputs, (tuple, list)):
        raise ValueError(f"`inputs` should be a list. Received: inputs={inputs}")
    if len(mask) != len(inputs):
        raise ValueError(
            "The lists `inputs` and `mask` should have the same length. Received: "
            f"inputs={inputs} of length {len(inputs)}, and mask={mask} of length {len(mask)}"
        )

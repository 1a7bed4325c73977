"""Output specs of symbolic layer calls.

A layer that defines `compute_output_shape` answers directly. Otherwise the
layer's `call` runs once on small zero tensors standing in for the symbolic
inputs (unknown sizes set to 2 and, to tell them apart from fixed ones, 3),
under `torch.no_grad()`; dimensions that follow the stand-in sizes become
`None` again.
"""

import torch

from kerastorch.backend.dtypes import standardize_dtype
from kerastorch.backend.keras_tensor import KerasTensor
from kerastorch.layers import call_context
from kerastorch.utils import tree


def compute_output_spec(layer, args, kwargs):
    """Returns the KerasTensor structure `layer(*args, **kwargs)` would output."""
    if type(layer).compute_output_shape is not _base_compute_output_shape():
        shapes = tree.map_structure(_shape_or_none, args[0])
        try:
            output_shape = layer.compute_output_shape(shapes)
        except NotImplementedError:
            output_shape = None
        if output_shape is not None:
            return _make_specs(output_shape, layer.compute_dtype)
    first = _run_with_placeholders(layer, args, kwargs, 2)
    second = _run_with_placeholders(layer, args, kwargs, 3)
    return _merge_runs(first, second)


def placeholder_masks(layer, inputs, previous_mask):
    """The KerasTensor masks `layer.compute_mask` gives for symbolic inputs.

    `compute_mask` runs on stand-in tensors of two sizes; the masks' dimensions
    that follow the stand-in sizes become `None`.
    """
    runs = []
    for size in (2, 3):
        fill = _placeholder_filler(layer, size)
        with torch.no_grad():
            runs.append(layer.compute_mask(tree.map_structure(fill, inputs),
                                           tree.map_structure(fill, previous_mask)))
    return _merge_runs(runs[0], runs[1])


def _placeholder_filler(layer, size):
    device = layer._weights_device()

    def fill(x):
        if isinstance(x, KerasTensor):
            return x.placeholder(size, device=device)
        return x

    return fill


def _merge_runs(first, second):
    """KerasTensors for the tensors of two stand-in runs (`None` where sizes differ)."""

    def merge(a, b):
        if not isinstance(a, torch.Tensor):
            return a
        shape = tuple(
            da if da == db else None for da, db in zip(a.shape, b.shape)
        )
        return KerasTensor(shape, dtype=standardize_dtype(a.dtype))

    if first is None:
        return None
    flat = [merge(a, b) for a, b in zip(tree.flatten(first), tree.flatten(second))]
    return tree.pack_sequence_as(first, flat)


def _run_with_placeholders(layer, args, kwargs, size):
    fill = _placeholder_filler(layer, size)
    real_args = tree.map_structure(fill, args)
    real_kwargs = {k: tree.map_structure(fill, v) for k, v in kwargs.items()}
    with torch.no_grad(), call_context.training_scope(False):
        outputs = layer.call(*real_args, **_with_training(layer, real_kwargs))
    layer._clear_losses()
    return outputs


def _with_training(layer, kwargs):
    if layer._call_has_training and kwargs.get("training") is None:
        kwargs = dict(kwargs, training=False)
    return kwargs


def _shape_or_none(x):
    return tuple(x.shape) if x is not None else None


def _is_shape(value) -> bool:
    return isinstance(value, (tuple, list)) and all(
        d is None or isinstance(d, int) for d in value
    )


def _make_specs(output_shape, dtype):
    if _is_shape(output_shape):
        return KerasTensor(tuple(output_shape), dtype=dtype)
    if isinstance(output_shape, dict):
        return {k: _make_specs(v, dtype) for k, v in output_shape.items()}
    return type(output_shape)(_make_specs(s, dtype) for s in output_shape)


def _base_compute_output_shape():
    from kerastorch.layers.layer import Layer

    return Layer.compute_output_shape

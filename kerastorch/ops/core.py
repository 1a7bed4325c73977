"""Core ops of `keras.ops` (Keras's `keras/src/ops/core.py`): conversion and casts,
control flow, scatter and slice updates, `custom_gradient`.

Control flow runs eagerly as Python loops over torch calls, as on Keras's torch
backend (a tensor predicate is read on the host, once per step). On KerasTensors
each op records a graph node like Keras's (`cond` with a symbolic predicate,
`scan` over a symbolic sequence...).
"""

import builtins
import functools

import numpy as np
import torch

from kerastorch.api_export import keras_export
from kerastorch.backend import tensors
from kerastorch.backend.device import get_device
from kerastorch.backend.dtypes import standardize_dtype
from kerastorch.backend.dtypes import to_torch_dtype
from kerastorch.backend.keras_tensor import KerasTensor
from kerastorch.ops.operation import keras_op
from kerastorch.ops.operation_utils import canonicalize_axis
from kerastorch.ops.tensor_args import as_tensor
from kerastorch.utils import tree

CORE = "keras.src.ops.core"


def _spec_of(value):
    """The KerasTensor structure describing `value` (tensors or KerasTensors)."""
    def spec(x):
        return None if x is None else KerasTensor(tuple(x.shape), dtype=standardize_dtype(x.dtype))

    return tree.map_structure(spec, value)


def _same_shape_spec(x, **_):
    return KerasTensor(x.shape, dtype=x.dtype)


# ----------------------------------------------------------------- conversion
@keras_export("keras.ops.is_tensor")
def is_tensor(x) -> bool:
    """Whether `x` is a backend (torch) tensor.

    Args:
        x: Any value.

    Returns:
        `True` for a `torch.Tensor` (weights included), else `False`.

    Example:

    >>> kerastorch.ops.is_tensor(torch.ones(2)), kerastorch.ops.is_tensor(np.ones(2))
    (True, False)
    """
    return isinstance(x, torch.Tensor)


@keras_export("keras.ops.shape")
def shape(x) -> tuple:
    """The shape of a tensor as a tuple (`None` for unknown sizes of a KerasTensor).

    Args:
        x: A tensor, array or KerasTensor.

    Returns:
        A tuple of ints (or `None`s).

    Example:

    >>> kerastorch.ops.shape(torch.zeros(8, 12))
    (8, 12)
    """
    if isinstance(x, KerasTensor):
        return x.shape
    return tuple(x.shape)


@keras_export("keras.ops.dtype")
def dtype(x) -> str:
    """The dtype of a tensor, as a Keras dtype name.

    Args:
        x: A tensor, array or KerasTensor.

    Returns:
        A string such as `"float32"`.

    Example:

    >>> kerastorch.ops.dtype(torch.zeros(2))
    'float32'
    """
    return standardize_dtype(x.dtype)


def _cast(x, dtype):
    torch_dtype = to_torch_dtype(dtype)
    if isinstance(x, torch.Tensor):
        return x if x.dtype is torch_dtype else x.to(torch_dtype)
    return as_tensor(x, dtype=torch_dtype)


_cast_node = keras_op(CORE, class_name="Cast", static=("dtype",),
                      spec=lambda x, dtype: KerasTensor(x.shape, dtype=dtype))(_cast)


@keras_export("keras.ops.cast")
def cast(x, dtype):
    """Casts a tensor to `dtype` (the tensor itself when it has that dtype already).

    Args:
        x: A tensor, array or Python value.
        dtype: The target dtype (a name such as `"float16"`, or a torch dtype).

    Returns:
        A tensor of `dtype`.

    Example:

    >>> kerastorch.ops.cast(torch.tensor([1.7, -1.2]), "int32")
    tensor([ 1, -1], dtype=torch.int32)
    """
    if isinstance(x, KerasTensor):
        return _cast_node(x, standardize_dtype(dtype))
    return _cast(x, dtype)


def _dtype_range(torch_dtype):
    if torch_dtype is torch.bool:
        return 0, 1
    if torch_dtype.is_floating_point:
        info = torch.finfo(torch_dtype)
    else:
        info = torch.iinfo(torch_dtype)
    return info.min, info.max


@functools.lru_cache(maxsize=None)
def _saturation_limits(in_dtype, out_dtype):
    """The clip bounds, in `in_dtype`, that keep a cast to `out_dtype` in range."""
    in_min, in_max = _dtype_range(in_dtype)
    out_min, out_max = _dtype_range(out_dtype)
    low = torch.tensor(builtins.max(in_min, out_min), dtype=in_dtype)
    high = torch.tensor(builtins.min(in_max, out_max), dtype=in_dtype)
    # A bound rounded outside the output range (float32(2**31 - 1) == 2**31)
    # moves one step towards zero; Python compares ints and floats exactly.
    if low.item() < out_min:
        low = torch.nextafter(low, torch.zeros_like(low))
    if high.item() > out_max:
        high = torch.nextafter(high, torch.zeros_like(high))
    return low.item(), high.item()


def _saturate_cast(x, dtype):
    x = as_tensor(x)
    out_dtype = to_torch_dtype(dtype)
    if x.dtype is torch.bool:
        return x.to(out_dtype)
    low, high = _saturation_limits(x.dtype, out_dtype)
    return torch.clamp(x, low, high).to(out_dtype)


_saturate_cast_node = keras_op(CORE, class_name="SaturateCast", static=("dtype",),
                               spec=lambda x, dtype: KerasTensor(x.shape, dtype=dtype))(
    _saturate_cast)


@keras_export("keras.ops.saturate_cast")
def saturate_cast(x, dtype):
    """Casts to `dtype`, clipping values to its range first (no overflow).

    `cast(cast([-1, 256], "float32"), "uint8")` wraps around to `[255, 0]`;
    `saturate_cast` gives `[0, 255]`.

    Args:
        x: A tensor.
        dtype: The target dtype.

    Returns:
        A tensor of `dtype`.

    Example:

    >>> kerastorch.ops.saturate_cast(torch.tensor([-1.0, 256.0]), "uint8")
    tensor([  0, 255], dtype=torch.uint8)
    """
    if isinstance(x, KerasTensor):
        return _saturate_cast_node(x, standardize_dtype(dtype))
    return _saturate_cast(x, dtype)


def _convert_to_tensor(x, dtype=None, sparse=None, ragged=None):
    if sparse:
        raise ValueError("`sparse=True` is not supported with torch backend")
    if ragged:
        raise ValueError("`ragged=True` is not supported with torch backend")
    if isinstance(x, torch.Tensor):
        if dtype is None and x.device == get_device():
            return x
        return tensors.convert_to_tensor(x, dtype=dtype)
    return as_tensor(x, dtype=dtype)


def _convert_to_tensor_spec(x, dtype=None, sparse=None, ragged=None):
    return KerasTensor(x.shape, dtype=x.dtype if dtype is None else dtype)


_convert_to_tensor_node = keras_op(
    CORE, class_name="ConvertToTensor", static=("dtype", "sparse", "ragged"),
    spec=_convert_to_tensor_spec)(_convert_to_tensor)


@keras_export("keras.ops.convert_to_tensor")
def convert_to_tensor(x, dtype=None, sparse=None, ragged=None):
    """Converts an array, Python value or tensor to a tensor on the compute device.

    Dtypes follow Keras's torch backend: numpy arrays keep theirs, Python ints
    become int32, floats `floatx()`, a list the promotion of its elements.

    Args:
        x: A numpy array, (nested) Python list or scalar, or a tensor.
        dtype: Optional target dtype; default: the dtype of `x`.
        sparse: `True` is not supported (torch tensors are dense).
        ragged: `True` is not supported.

    Returns:
        A tensor.

    Example:

    >>> kerastorch.ops.convert_to_tensor([1, 2, 3]).dtype
    torch.int32
    """
    if isinstance(x, KerasTensor):
        return _convert_to_tensor_node(
            x, None if dtype is None else standardize_dtype(dtype), sparse, ragged)
    return _convert_to_tensor(x, dtype, sparse, ragged)


def _to_numpy(x):
    if isinstance(x, torch.Tensor) and x.dtype is torch.bfloat16:
        array = tensors.convert_to_numpy(x.to(torch.float32))
        try:
            import ml_dtypes
        except ImportError:  # numpy has no bfloat16 of its own
            return array
        return array.astype(ml_dtypes.bfloat16)
    return tensors.convert_to_numpy(x)


@keras_export("keras.ops.convert_to_numpy")
def convert_to_numpy(x):
    """Copies a tensor (or a list of tensors) to a numpy array on the host.

    Args:
        x: A tensor, array, list of tensors or Python value.

    Returns:
        A numpy array.

    Raises:
        ValueError: For a symbolic KerasTensor, which holds no values.

    Example:

    >>> kerastorch.ops.convert_to_numpy(torch.tensor([1.0, 2.0]))
    array([1., 2.], dtype=float32)
    """
    if any(isinstance(leaf, KerasTensor) for leaf in tree.flatten(x)):
        raise ValueError(
            "A KerasTensor is symbolic: it's a placeholder for a shape an a dtype. "
            "It doesn't have any actual numerical value. You cannot convert it to a "
            "NumPy array."
        )
    if isinstance(x, (list, tuple)):
        return np.array([_to_numpy(item) for item in x])
    return _to_numpy(x)


@keras_export("keras.ops.stop_gradient")
@keras_op(CORE, spec=lambda variable: KerasTensor(variable.shape, dtype=variable.dtype))
def stop_gradient(variable):
    """The same values, cut from the autograd graph (`tensor.detach()`).

    Args:
        variable: A tensor.

    Returns:
        The tensor, detached: no gradient flows back through it.

    Example:

    >>> kerastorch.ops.stop_gradient(torch.ones(2, requires_grad=True)).requires_grad
    False
    """
    return as_tensor(variable).detach()


def _unstack_spec(x, num=None, axis=0):
    axis = canonicalize_axis(axis, len(x.shape))
    num = x.shape[axis] if num is None else num
    if num is None:
        raise ValueError(
            f"Cannot infer argument `num` from shape {x.shape}. Either provide a tensor "
            "with a concrete shape in the `axis` dimension or explicitly pass the `num` "
            "argument."
        )
    output_shape = x.shape[:axis] + x.shape[axis + 1:]
    return [KerasTensor(output_shape, dtype=x.dtype) for _ in range(num)]


@keras_export("keras.ops.unstack")
@keras_op(CORE, static=("num", "axis"), spec=_unstack_spec)
def unstack(x, num=None, axis=0):
    """Splits a tensor along `axis` into the tensors of one lower rank.

    Args:
        x: Input tensor.
        num: The size of `axis` (needed for a symbolic input whose size is
            unknown).
        axis: The axis to unpack.

    Returns:
        A tuple of tensors (a list of KerasTensors for a symbolic input).

    Example:

    >>> kerastorch.ops.unstack(torch.tensor([[1, 2], [3, 4]]))
    (tensor([1, 2]), tensor([3, 4]))
    """
    return as_tensor(x).unbind(axis)


# --------------------------------------------------------------- control flow
def _cond_spec(pred, true_fn, false_fn):
    true_spec = _spec_of(true_fn())
    false_spec = _spec_of(false_fn())
    if not _same_specs(true_spec, false_spec):
        raise ValueError(
            "`true_fn` and `false_fn` should return outputs of the same kind (struct, "
            f"dtype and shape). Got {true_spec} and {false_spec} instead."
        )
    return true_spec


def _same_specs(a, b) -> bool:
    def skeleton(structure):
        return tree.map_structure(lambda _: 0, structure)

    if skeleton(a) != skeleton(b):
        return False
    return all(
        (x is None and y is None)
        or (x is not None and y is not None and x.shape == y.shape and x.dtype == y.dtype)
        for x, y in zip(tree.flatten(a), tree.flatten(b))
    )


@keras_export("keras.ops.cond")
@keras_op(CORE, spec=_cond_spec)
def cond(pred, true_fn, false_fn):
    """Calls `true_fn()` or `false_fn()` depending on a boolean predicate.

    Eagerly the predicate is read on the host. With a symbolic predicate the
    call records a graph node; both branches must then give outputs of the
    same structure, shapes and dtypes.

    Args:
        pred: A boolean scalar (tensor or Python bool).
        true_fn: Callable of no arguments, run when `pred` is true.
        false_fn: Callable of no arguments, run otherwise.

    Returns:
        The output of the branch that ran.

    Example:

    >>> kerastorch.ops.cond(torch.tensor(True), lambda: 1, lambda: 2)
    1
    """
    return true_fn() if pred else false_fn()


def _switch(index, branches, *operands):
    index = builtins.min(builtins.max(int(index), 0), len(branches) - 1)
    return branches[index](*operands)


# The node records the operands as positional call arguments, as Keras's.
_Switch = keras_op(CORE, class_name="Switch")(_switch).op_class


@keras_export("keras.ops.switch")
def switch(index, branches, *operands):
    """Applies the branch chosen by `index` (clamped to the valid range) to `operands`.

    Args:
        index: An integer scalar (read on the host).
        branches: A sequence of callables.
        *operands: The arguments of the chosen branch.

    Returns:
        `branches[clamp(index)](*operands)`.

    Example:

    >>> branches = [lambda x, y: x + y, lambda x, y: x - y]
    >>> kerastorch.ops.switch(1, branches, torch.tensor(2.0), torch.tensor(0.5))
    tensor(1.5000)
    """
    if any(isinstance(x, KerasTensor) for x in tree.flatten(operands)):
        return _Switch()(index, branches, *operands)
    return _switch(index, branches, *operands)


def _while_loop(loop_vars, cond, body, maximum_iterations=None):
    is_sequence = isinstance(loop_vars, (tuple, list))
    loop_vars = tree.map_structure(
        as_tensor, tuple(loop_vars) if is_sequence else (loop_vars,))
    iteration = 0
    while (maximum_iterations is None or iteration < maximum_iterations) and cond(*loop_vars):
        loop_vars = body(*loop_vars)
        loop_vars = tuple(loop_vars) if isinstance(loop_vars, (list, tuple)) else (loop_vars,)
        iteration += 1
    return loop_vars if is_sequence else loop_vars[0]


_while_loop_node = keras_op(
    CORE, class_name="WhileLoop", static=("cond", "body", "maximum_iterations"),
    spec=lambda loop_vars, **_: _spec_of(loop_vars))(_while_loop)


@keras_export("keras.ops.while_loop")
def while_loop(cond, body, loop_vars, maximum_iterations=None):
    """Runs `loop_vars = body(*loop_vars)` while `cond(*loop_vars)` is true.

    Args:
        cond: Callable returning a boolean scalar (read on the host each step).
            A tuple or list of loop variables is passed as positional arguments.
        body: Callable returning the new loop variables, in the same structure.
        loop_vars: The initial loop variables (Python values become tensors).
        maximum_iterations: Optional bound on the number of iterations.

    Returns:
        The final loop variables (a tuple when `loop_vars` is a tuple or list).

    Example:

    >>> kerastorch.ops.while_loop(lambda i: i < 10, lambda i: i + 1, 0)
    tensor(10, dtype=torch.int32)
    """
    return _while_loop_node(loop_vars, cond, body, maximum_iterations)


def _fori_loop(init_val, lower, upper, body_fun):
    value = init_val
    for i in range(lower, upper):
        value = body_fun(i, value)
    return value


_fori_loop_node = keras_op(CORE, class_name="ForiLoop", static=("lower", "upper", "body_fun"),
                           spec=_same_shape_spec)(_fori_loop)


@keras_export("keras.ops.fori_loop")
def fori_loop(lower, upper, body_fun, init_val):
    """Runs `value = body_fun(i, value)` for `i` in `range(lower, upper)`.

    Args:
        lower: First value of the loop index (an int).
        upper: End of the loop index (excluded).
        body_fun: Callable of the index and the loop state, returning the state.
        init_val: The initial loop state.

    Returns:
        The final loop state.

    Example:

    >>> kerastorch.ops.fori_loop(0, 10, lambda i, s: s + i, 0)
    45
    """
    return _fori_loop_node(init_val, lower, upper, body_fun)


def _stack_outputs(outputs):
    """Stacks a list of equal structures of tensors leaf-wise along a new axis 0."""
    columns = zip(*(tree.flatten(output) for output in outputs))
    return tree.pack_sequence_as(outputs[0], [torch.stack(column) for column in columns])


def _scan_loop(f, init, xs, length, reverse):
    xs_flat = [] if xs is None else [as_tensor(x) for x in tree.flatten(xs)]
    steps = int(length) if length is not None else xs_flat[0].shape[0]
    init_flat = [as_tensor(value) for value in tree.flatten(init)]
    carry = tree.pack_sequence_as(init, init_flat) if tree.is_nested(init) else init_flat[0]
    ys = []
    for i in reversed(range(steps)) if reverse else range(steps):
        if not xs_flat:
            x = None
        elif tree.is_nested(xs):
            x = tree.pack_sequence_as(xs, [leaf[i] for leaf in xs_flat])
        else:
            x = xs_flat[0][i]
        carry, y = f(carry, x)
        ys.append(y if y is not None else [torch.zeros_like(value) for value in init_flat])
    if reverse:
        ys.reverse()
    return carry, _stack_outputs(ys)


@keras_export("keras.ops.scan")
@keras_op(CORE, static=("length", "reverse", "unroll"))
def scan(f, init, xs=None, length=None, reverse=False, unroll=1):
    """Scans `f` over the leading axis of `xs`, carrying a state along.

    Computes, like `jax.lax.scan`:

    ```python
    carry = init
    for x in xs:
        carry, y = f(carry, x)
        ys.append(y)
    return carry, stack(ys)
    ```

    Args:
        f: Callable `(carry, x) -> (new_carry, y)`.
        init: Initial carry (a tensor, scalar or nested structure).
        xs: Optional tensor (or structure of tensors) scanned along axis 0.
        length: Number of steps; required when `xs` is `None`.
        reverse: Whether to scan from the last element to the first.
        unroll: Positive int or bool, accepted for compatibility (the loop
            runs eagerly).

    Returns:
        `(final_carry, stacked_ys)`.

    Example:

    >>> carry, ys = kerastorch.ops.scan(lambda c, x: (c + x, c + x), 0,
    ...                                 torch.tensor([1, 2, 3]))
    >>> ys
    tensor([1, 3, 6])
    """
    if not callable(f):
        raise TypeError(f"`f` should be a callable. Received: f={f}")
    if not isinstance(unroll, bool) and (not isinstance(unroll, int) or unroll < 1):
        raise ValueError(
            f"`unroll` must be an positive integer or boolean. Received: unroll={unroll}")
    if xs is None and length is None:
        raise ValueError("Got no `xs` to scan over and `length` not provided.")
    return _scan_loop(f, init, xs, length, reverse)


@keras_export("keras.ops.map")
@keras_op(CORE)
def map(f, xs):  # noqa: A001 - Keras's name
    """Applies `f` to each slice of `xs` along axis 0 and stacks the results.

    Args:
        f: Callable applied to each element (its output may be a structure).
        xs: A tensor or structure of tensors, mapped over axis 0.

    Returns:
        The stacked outputs of `f`.

    Example:

    >>> kerastorch.ops.map(lambda x: x ** 2, torch.arange(4))
    tensor([0, 1, 4, 9])
    """
    return _scan_loop(lambda _, x: ((), f(x)), (), xs, None, False)[1]


def _slice_along(x, start, stop, step, axis):
    return x[(builtins.slice(None),) * axis + (builtins.slice(start, stop, step),)]


def _interleave(a, b, axis):
    """`[a0, b0, a1, b1, ...]` along `axis` (`a` holds as many items as `b`, or one more)."""
    head = a if a.shape[axis] == b.shape[axis] else _slice_along(a, 0, -1, None, axis)
    woven = torch.stack([head, b], dim=axis + 1).flatten(axis, axis + 1)
    if head is a:
        return woven
    return torch.cat([woven, _slice_along(a, -1, None, None, axis)], dim=axis)


@keras_export("keras.ops.associative_scan")
@keras_op(CORE, static=("reverse", "axis"))
def associative_scan(f, elems, reverse=False, axis=0):
    """Prefix scan with an associative binary function, in `O(log n)` parallel steps.

    The `k`-th output along `axis` is `f` folded over the first `k + 1`
    elements: for `[a, b, c]`, `[a, f(a, b), f(f(a, b), c)]`. The odd/even
    recursion is `jax.lax.associative_scan`'s (Blelloch), as in Keras.

    Args:
        f: Associative callable `f(a, b)` on slices of `elems` (same structure).
        elems: A tensor or structure of tensors of equal size along `axis`.
        reverse: Whether to scan from the end.
        axis: The scanned axis.

    Returns:
        The scanned tensor(s), in the structure of `elems`.

    Example:

    >>> kerastorch.ops.associative_scan(lambda a, b: a + b, torch.arange(5))
    tensor([ 0,  1,  3,  6, 10])
    """
    if not callable(f):
        raise TypeError(f"`f` should be a callable. Received: f={f}")
    flat = [as_tensor(elem) for elem in tree.flatten(elems)]
    axis = canonicalize_axis(axis, flat[0].ndim)
    if any(elem.shape[axis] != flat[0].shape[axis] for elem in flat[1:]):
        raise ValueError(
            "Array inputs to associative_scan must have the same first dimension. "
            f"(saw: {[tuple(elem.shape) for elem in flat]})"
        )
    if reverse:
        flat = [torch.flip(elem, (axis,)) for elem in flat]

    def combine(a_flat, b_flat):
        pack = functools.partial(tree.pack_sequence_as, elems)
        return tree.flatten(f(pack(a_flat), pack(b_flat)))

    def scan_level(level):
        size = level[0].shape[axis]
        if size < 2:
            return level
        odd = scan_level(combine([_slice_along(x, 0, -1, 2, axis) for x in level],
                                 [_slice_along(x, 1, None, 2, axis) for x in level]))
        tails = [_slice_along(x, 2, None, 2, axis) for x in level]
        if size % 2 == 0:
            even = combine([_slice_along(x, 0, -1, None, axis) for x in odd], tails)
        else:
            even = combine(odd, tails)
        even = [torch.cat([_slice_along(x, 0, 1, None, axis), e], dim=axis)
                for x, e in zip(level, even)]
        return [_interleave(e, o, axis) for e, o in zip(even, odd)]

    scanned = scan_level(flat)
    if reverse:
        scanned = [torch.flip(x, (axis,)) for x in scanned]
    return tree.pack_sequence_as(elems, scanned)


def _vectorized_map(elements, function):
    return torch.vmap(function)(elements)


_vectorized_map_node = keras_op(CORE, class_name="VectorizedMap", static=("function",))(
    _vectorized_map)


@keras_export("keras.ops.vectorized_map")
def vectorized_map(function, elements):
    """Maps `function` over axis 0 of `elements` in parallel (`torch.vmap`).

    Args:
        function: Callable applied to one element (a list of tensors when
            `elements` is a list).
        elements: A tensor or a list of tensors, mapped over axis 0.

    Returns:
        The stacked outputs.

    Example:

    >>> kerastorch.ops.vectorized_map(lambda x: x.sum(), torch.ones(3, 2))
    tensor([2., 2., 2.])
    """
    return _vectorized_map_node(elements, function)


# ------------------------------------------------------- scatter and slicing
def _scatter_spec(indices, values, shape):
    return KerasTensor(shape, dtype=values.dtype)


@keras_export("keras.ops.scatter")
@keras_op(CORE, static=("shape",), spec=_scatter_spec)
def scatter(indices, values, shape):
    """A zero tensor of `shape` with `values` added at `indices` (duplicates sum).

    Args:
        indices: Integer tensor `(..., k)`: each row indexes the first `k` axes.
        values: The values (or slices, when `k < len(shape)`) to place.
        shape: The output shape.

    Returns:
        A tensor of `shape`, of the dtype of `values`.

    Example:

    >>> kerastorch.ops.scatter([[0, 1], [1, 1]], torch.tensor([1.0, 2.0]), (2, 2))
    tensor([[0., 1.],
            [0., 2.]])
    """
    indices = as_tensor(indices)
    values = as_tensor(values)
    depth = indices.shape[-1]
    indices = indices.reshape(-1, depth).to(device=values.device, dtype=torch.int64)
    values = values.reshape((-1,) + tuple(shape[depth:]))
    output = torch.zeros(tuple(shape), dtype=values.dtype, device=values.device)
    return output.index_put_(tuple(indices.unbind(1)), values, accumulate=True)


_SCATTER_REDUCTIONS = {"max": "amax", "min": "amin", "mul": "prod"}


def _scatter_update(inputs, indices, updates, reduction=None):
    inputs = as_tensor(inputs)
    indices = as_tensor(indices, dtype="int64").to(inputs.device)
    updates = as_tensor(updates, dtype=inputs.dtype)
    index = tuple(torch.transpose(indices, 0, 1))
    if reduction is None:
        return inputs.index_put(index, updates)
    if reduction == "add":
        return inputs.index_put(index, updates, accumulate=True)
    # max / min / mul: a scatter-reduce over the flattened indexed axes.
    indexed_shape, slice_shape = inputs.shape[:len(index)], inputs.shape[len(index):]
    rows = torch.zeros_like(index[0])
    for size, position in zip(indexed_shape, index):
        rows = rows * size + torch.remainder(position, size)
    width = slice_shape.numel()
    updates = torch.broadcast_to(updates, rows.shape + slice_shape).reshape(-1, width)
    outputs = inputs.clone().reshape(-1, width)
    outputs.scatter_reduce_(0, rows.reshape(-1, 1).expand(-1, width), updates,
                            _SCATTER_REDUCTIONS[reduction])
    return outputs.reshape(inputs.shape)


_scatter_update_node = keras_op(
    CORE, class_name="ScatterUpdate", static=("reduction",),
    spec=lambda inputs, indices, updates, reduction=None: KerasTensor(
        inputs.shape, dtype=inputs.dtype))(_scatter_update)


@keras_export("keras.ops.scatter_update")
def scatter_update(inputs, indices, updates, reduction=None):
    """A copy of `inputs` with `updates` written at `indices` (`inputs[indices] = updates`).

    Args:
        inputs: The tensor to update (not modified: a new tensor is returned).
        indices: Integer tensor `(num_updates, k)`: each row indexes the first
            `k` axes of `inputs`.
        updates: `(num_updates,) + inputs.shape[k:]` values.
        reduction: How repeated or existing values combine: `None` (the update
            replaces; among duplicates one wins), `"add"`, `"max"`, `"min"` or
            `"mul"`.

    Returns:
        The updated tensor.

    Example:

    >>> kerastorch.ops.scatter_update(torch.zeros(4), [[0], [0], [1]],
    ...                               torch.tensor([1.0, 1.0, 1.0]), reduction="add")
    tensor([2., 1., 0., 0.])
    """
    if reduction is not None:
        reduction = reduction.lower()
        if reduction not in ("add", "max", "min", "mul"):
            raise ValueError(
                f"Invalid reduction: {reduction}. Supported values are: None, 'add', "
                "'max', 'min', 'mul'."
            )
    return _scatter_update_node(inputs, indices, updates, reduction)


def _window_index(start_indices, sizes, device):
    """Broadcastable index tensors selecting `[start: start + size]` on each axis."""
    starts = as_tensor(start_indices, dtype="int64").to(device)
    ndim = len(sizes)
    return tuple(
        (starts[axis] + torch.arange(size, device=device)).reshape(
            [-1 if i == axis else 1 for i in range(ndim)])
        for axis, size in enumerate(sizes)
    )


def _are_ints(values) -> bool:
    return isinstance(values, (list, tuple)) and all(isinstance(v, int) for v in values)


def _slice_spec(inputs, start_indices, shape):
    if len(shape) != len(inputs.shape):
        raise ValueError(
            "The number of dimensions in `inputs` must match the number of dimensions "
            f"in `shape`. Received inputs.shape={inputs.shape} and shape={shape}"
        )
    if hasattr(start_indices, "__len__") and not isinstance(start_indices, KerasTensor) \
            and len(start_indices) != len(inputs.shape):
        raise ValueError(
            "The number of dimensions in `start_indices` must match the number of "
            f"dimensions in `inputs`. Received start_indices={start_indices} and "
            f"inputs.shape={inputs.shape}"
        )
    output_shape = []
    for axis, (input_size, size) in enumerate(zip(inputs.shape, shape)):
        if size != -1:
            output_shape.append(size)
        elif isinstance(start_indices, KerasTensor) or input_size is None:
            output_shape.append(None)
        else:
            output_shape.append(input_size - start_indices[axis])
    return KerasTensor(output_shape, dtype=inputs.dtype)


@keras_export("keras.ops.slice")
@keras_op(CORE, static=("shape",), spec=_slice_spec)
def slice(inputs, start_indices, shape):  # noqa: A001 - Keras's name
    """The block of `shape` starting at `start_indices` (which may be a tensor).

    Args:
        inputs: Input tensor.
        start_indices: One start per axis: ints, or an integer tensor (read on
            the device, without a host sync).
        shape: The size of the block on each axis.

    Returns:
        `inputs[s0:s0 + n0, s1:s1 + n1, ...]`.

    Example:

    >>> kerastorch.ops.slice(torch.arange(10).reshape(2, 5), [0, 1], [2, 2])
    tensor([[1, 2],
            [6, 7]])
    """
    inputs = as_tensor(inputs)
    if _are_ints(start_indices) and _are_ints(shape):
        return inputs[tuple(builtins.slice(start, start + size)
                            for start, size in zip(start_indices, shape))]
    sizes = [int(size) for size in shape]
    return inputs[_window_index(start_indices, sizes, inputs.device)]


@keras_export("keras.ops.slice_update")
@keras_op(CORE, spec=lambda inputs, start_indices, updates: KerasTensor(
    inputs.shape, dtype=inputs.dtype))
def slice_update(inputs, start_indices, updates):
    """A copy of `inputs` with the block at `start_indices` replaced by `updates`.

    Args:
        inputs: The tensor to update (not modified).
        start_indices: One start per axis (ints or an integer tensor).
        updates: The new block, of the rank of `inputs`.

    Returns:
        The updated tensor.

    Example:

    >>> kerastorch.ops.slice_update(torch.zeros(2, 3), [0, 1], torch.ones(1, 2))
    tensor([[0., 1., 1.],
            [0., 0., 0.]])
    """
    inputs = as_tensor(inputs)
    updates = as_tensor(updates, dtype=inputs.dtype)
    if _are_ints(start_indices):
        outputs = inputs.clone()
        outputs[tuple(builtins.slice(start, start + size)
                      for start, size in zip(start_indices, updates.shape))] = updates
        return outputs
    return inputs.index_put(_window_index(start_indices, updates.shape, inputs.device), updates)


# ------------------------------------------------------------------ gradients
class _CustomGradientFunction(torch.autograd.Function):
    """Runs a `custom_gradient` function forward, and its `grad_fn` backward."""

    @staticmethod
    def forward(ctx, forward_fn, *args):
        output, ctx.grad_fn = forward_fn(*args)
        ctx.is_tensor = [isinstance(arg, torch.Tensor) for arg in args]
        ctx.save_for_backward(*(arg for arg, is_t in zip(args, ctx.is_tensor) if is_t))
        ctx.other_args = [arg for arg, is_t in zip(args, ctx.is_tensor) if not is_t]
        return output

    @staticmethod
    def backward(ctx, *upstream):
        saved, others = iter(ctx.saved_tensors), iter(ctx.other_args)
        args = [next(saved) if is_t else next(others) for is_t in ctx.is_tensor]
        grads = ctx.grad_fn(*args, upstream=upstream[0] if len(upstream) == 1 else upstream)
        return (None,) + (grads if isinstance(grads, tuple) else (grads,))


@keras_export("keras.ops.custom_gradient")
def custom_gradient(f):
    """Decorator giving a function a hand-written gradient.

    `f(*args)` returns `(output, grad_fn)`; backward calls
    `grad_fn(*args, upstream=upstream)` (Keras's torch-backend convention),
    which returns the gradient of each argument.

    Args:
        f: The function to decorate.

    Returns:
        A function returning `f(*args)[0]`, whose gradient is `grad_fn`'s.

    Example:

    ```python
    @kerastorch.ops.custom_gradient
    def log1pexp(x):
        e = torch.exp(x)

        def grad(*args, upstream=None):
            return upstream * (1.0 - 1.0 / (1 + e))

        return torch.log(1 + e), grad
    ```
    """

    @functools.wraps(f)
    def wrapper(*args, **kwargs):
        forward_fn = functools.partial(f, **kwargs) if kwargs else f
        return _CustomGradientFunction.apply(forward_fn, *args)

    return wrapper

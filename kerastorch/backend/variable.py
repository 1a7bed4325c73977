"""`keras.Variable`: a named, assignable tensor that torch sees as a `Parameter`.

A Keras variable holds state: model weights, counters, seeds. Here it is a
`torch.nn.Parameter` (a `KerasParameter`), so it *is* a tensor: torch
functions and operators take it directly and return plain tensors, a module
attribute holding one registers it, and `torch.optim` can train it. On top
it has Keras's `name`, `path`, `trainable`, `aggregation` and
`synchronization`, and in-place `assign`, `assign_add` and `assign_sub`
(device kernels, no host synchronisation).
"""

import copy
import numbers

import numpy as np
import torch

from kerastorch.api_export import keras_export
from kerastorch.backend import naming
from kerastorch.backend.dtypes import standardize_dtype
from kerastorch.backend.keras_parameter import KerasParameter
from kerastorch.backend.tensors import convert_to_tensor, infer_dtype

_AGGREGATIONS = (None, "none", "mean", "sum", "only_first_replica")
_SYNCHRONIZATIONS = (None, "none", "on_read", "on_write", "auto")


@keras_export("keras.Variable")
class Variable(KerasParameter):
    """A variable: a named tensor updated in place, as `keras.Variable`.

    It is a `torch.nn.Parameter`: pass it to any torch function, assign it
    to a module attribute, or give it to an optimizer. Its dtype and shape
    are torch's (`torch.float32`, `torch.Size`); use
    `kerastorch.backend.standardize_dtype(v.dtype)` for Keras's name.

    Args:
        initializer: The initial value (array, tensor, number, nested list)
            or an initializer (object, name such as `"zeros"`, or callable
            taking `shape` and `dtype`).
        shape: The shape, required with an initializer (ignored with a value,
            as in Keras).
        dtype: The dtype; defaults to the value's own (Keras's rules: Python
            floats are `floatx()`, ints `int32`) or, with an initializer, to
            `floatx()`.
        trainable: Whether gradients are computed for it (only floating
            point and complex variables can have gradients).
        autocast: Whether a layer may cast it to its compute dtype.
        aggregation: How distributed replicas combine it: `"none"`,
            `"mean"`, `"sum"` or `"only_first_replica"`.
        synchronization: When replicas synchronise it: `"auto"`, `"none"`,
            `"on_read"` or `"on_write"`.
        name: Its name (no `/`); defaults to `variable`, `variable_1`, ...
        layout: Accepted for Keras compatibility (sharding layouts); unused.
        **kwargs: Accepted for Keras compatibility (backend-specific
            arguments); unused.

    Example:

    >>> v = kerastorch.Variable(np.ones((2, 2), "float32"), name="w")
    >>> _ = v.assign_add(1.0)
    >>> (v * 2).sum()
    tensor(16., grad_fn=<SumBackward0>)
    >>> v.path, v.trainable
    ('w', True)
    """

    def __new__(cls, initializer, shape=None, dtype=None, trainable=True, autocast=True,
                aggregation="none", synchronization="auto", name=None, layout=None, **kwargs):
        name = name or naming.auto_name(cls.__name__)
        if not isinstance(name, str) or "/" in name:
            raise ValueError(
                "Argument `name` must be a string and cannot contain character `/`. "
                f"Received: name={name}"
            )
        if aggregation not in _AGGREGATIONS:
            raise ValueError(
                "Invalid value for argument `aggregation`. Expected one of `None`, "
                "`'none'`, `'mean'`, `'sum'`, `'only_first_replica'`. "
                f"Received: aggregation={aggregation}"
            )
        if synchronization not in _SYNCHRONIZATIONS:
            raise ValueError(
                "Invalid value for argument `synchronization`. Expected one of `None`, "
                "`'none'`, `'on_read'`, `'on_write'`, `'auto'`. "
                f"Received: synchronization={synchronization}"
            )
        path = _current_path(name)
        value = _initial_value(initializer, shape, dtype, path)
        variable = torch.Tensor._make_subclass(
            cls, value, bool(trainable) and (value.is_floating_point() or value.is_complex())
        )
        variable.keras_name = name
        variable.path = path
        variable.keras_trainable = bool(trainable)
        variable.regularizer = None
        variable.constraint = None
        variable.aggregation = aggregation or "none"
        variable.synchronization = synchronization or "none"
        variable._autocast = bool(autocast)
        return variable

    @property
    def name(self) -> str:
        """The variable's name, e.g. `"kernel"`."""
        return self.keras_name

    @property
    def value(self) -> torch.Tensor:
        """The current value: the variable itself (it is the tensor)."""
        return self

    @property
    def trainable(self) -> bool:
        """Whether the variable is trained; setting it turns gradients on or off."""
        return self.keras_trainable

    @trainable.setter
    def trainable(self, value) -> None:
        self.keras_trainable = bool(value)
        self.requires_grad_(bool(value) and (self.is_floating_point() or self.is_complex()))

    def numpy(self) -> np.ndarray:
        """Returns a copy of the value as a numpy array (on the host)."""
        return self.detach().to("cpu", copy=True).numpy()

    def __array__(self, dtype=None, copy=None):
        array = self.numpy()
        return array if dtype is None else array.astype(dtype, copy=False)

    def assign(self, value) -> "Variable":
        """Sets the value in place; `value` must have the variable's shape.

        Args:
            value: A tensor, array, nested list or number (cast to the
                variable's dtype).

        Returns:
            This variable.

        Raises:
            ValueError: If the shapes differ.
        """
        value = self._operand(value)
        with torch.no_grad():
            if isinstance(value, torch.Tensor):
                self._check_shape(value.shape)
                self.copy_(value)
            else:
                self._check_shape(())
                self.fill_(value)
        return self

    def assign_add(self, value) -> "Variable":
        """Adds `value` (broadcast to the variable's shape) in place.

        Args:
            value: A tensor, array, nested list or number.

        Returns:
            This variable.
        """
        return self._update(torch.Tensor.add_, torch.add, value)

    def assign_sub(self, value) -> "Variable":
        """Subtracts `value` (broadcast to the variable's shape) in place.

        Args:
            value: A tensor, array, nested list or number.

        Returns:
            This variable.
        """
        return self._update(torch.Tensor.sub_, torch.sub, value)

    def _operand(self, value):
        """A number stays a number (no host-to-device copy); the rest becomes a tensor here."""
        if isinstance(value, numbers.Number):
            return value
        if isinstance(value, torch.Tensor):
            return value.to(self.device)
        return convert_to_tensor(value, dtype=infer_dtype(value), device=self.device)

    def _update(self, in_place, out_of_place, value) -> "Variable":
        value = self._operand(value)
        if isinstance(value, torch.Tensor):
            self._check_shape(torch.broadcast_shapes(self.shape, value.shape))
        with torch.no_grad():
            if torch.can_cast(torch.result_type(self, value), self.dtype):
                in_place(self, value)
            else:  # An integer variable plus a float: Keras computes in float, then casts.
                self.copy_(out_of_place(self, value))
        return self

    def _check_shape(self, shape) -> None:
        if tuple(shape) != tuple(self.shape):
            raise ValueError(
                "The shape of the target variable and the shape of the target value in "
                f"`variable.assign(value)` must match. variable.shape={tuple(self.shape)}, "
                f"Received: value.shape={tuple(shape)}. Target variable: {self!r}"
            )

    def __bool__(self):
        raise TypeError("A Keras Variable cannot be used as a boolean.")

    def __repr__(self):
        return (f"<Variable path={self.path}, shape={tuple(self.shape)}, "
                f"dtype={standardize_dtype(self.dtype)}, value={self.numpy()}>")

    def __deepcopy__(self, memo):
        if id(self) not in memo:
            result = torch.Tensor._make_subclass(
                type(self), self.data.clone(memory_format=torch.preserve_format),
                self.requires_grad,
            )
            memo[id(self)] = result
            result.__dict__.update(copy.deepcopy(self.__dict__, memo))
        return memo[id(self)]

    def __reduce_ex__(self, protocol):
        return (_rebuild, (type(self), self.data, self.requires_grad, self.__dict__))


def _rebuild(cls, data, requires_grad, state):
    """Unpickles a `Variable` (or subclass) with its attributes."""
    variable = torch.Tensor._make_subclass(cls, data, requires_grad)
    variable.__dict__.update(state)
    return variable


def _current_path(name: str) -> str:
    """`name` under the layers being built (`"dense/kernel"`), as Keras's name scopes."""
    from kerastorch.layers import call_context

    return "/".join(filter(None, [call_context.current_path(), name]))


def _initial_value(initializer, shape, dtype, path) -> torch.Tensor:
    """The variable's first value, a new tensor on the compute device."""
    if isinstance(initializer, str):
        from kerastorch import initializers

        initializer = initializers.get(initializer)
    if not callable(initializer):
        dtype = infer_dtype(initializer) if dtype is None else dtype
        # A copy: the variable never shares memory with the caller's array.
        return convert_to_tensor(initializer, dtype=standardize_dtype(dtype)).detach().clone()
    if shape is None:
        raise ValueError(
            "When creating a Variable from an initializer, the `shape` argument should be "
            f"specified. Received: initializer={initializer} and shape={shape}"
        )
    shape = _standardize_shape(shape, path)
    dtype = standardize_dtype(dtype)
    return convert_to_tensor(initializer(shape, dtype=dtype), dtype=dtype).detach()


def _standardize_shape(shape, path) -> tuple:
    """`shape` as a tuple of non-negative ints, with Keras's errors."""
    if not hasattr(shape, "__iter__") or isinstance(shape, str):
        raise ValueError(f"Cannot convert '{shape}' to a shape.")
    dims = []
    for dim in shape:
        if dim is None:
            raise ValueError(
                "Shapes used to initialize variables must be fully-defined (no `None` "
                f"dimensions). Received: shape={shape} for variable path='{path}'"
            )
        if isinstance(dim, (str, float)) or int(dim) < 0:
            raise ValueError(
                f"Cannot convert '{shape}' to a shape. Found invalid dimension '{dim}'."
            )
        dims.append(int(dim))
    return tuple(dims)

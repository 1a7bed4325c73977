"""`KerasTensor`: a symbolic tensor with a shape and dtype but no values.

`keras.Input(shape=(784,))` returns one. Calling a layer on KerasTensors
records the call in a graph (see `kerastorch.layers.node`) and returns new
KerasTensors; `keras.Model(inputs, outputs)` then runs that graph on real data.
"""

import torch

from kerastorch.api_export import keras_export
from kerastorch.backend.dtypes import standardize_dtype


@keras_export("keras.KerasTensor")
class KerasTensor:
    """A symbolic tensor: a shape (with `None` for unknown sizes) and a dtype.

    Args:
        shape: Tuple of ints or `None`s.
        dtype: Dtype name; defaults to `floatx()`.
        name: Optional name.

    Example:

    >>> x = kerastorch.Input(shape=(784,))
    >>> x.shape
    (None, 784)
    """

    def __init__(self, shape, dtype="float32", sparse=False, name=None, record_history=None):
        self.shape = tuple(None if d is None else int(d) for d in shape)
        self.dtype = standardize_dtype(dtype)
        self.sparse = sparse
        self.name = name
        self._keras_history = record_history

    @property
    def ndim(self) -> int:
        """The number of dimensions."""
        return len(self.shape)

    def __repr__(self):
        return (
            f"<KerasTensor shape={self.shape}, dtype={self.dtype}, "
            f"sparse={self.sparse}, name={self.name}>"
        )

    def __bool__(self):
        raise TypeError("A symbolic KerasTensor cannot be used as a Python bool.")

    def __len__(self):
        raise TypeError(
            "A symbolic KerasTensor has no length; use `tensor.shape[0]` (which "
            "may be None)."
        )

    def placeholder(self, batch_size: int = 2, device=None) -> torch.Tensor:
        """A real zero tensor of this shape (`None` sizes replaced), for shape inference."""
        shape = tuple(batch_size if d is None else d for d in self.shape)
        from kerastorch.backend.dtypes import to_torch_dtype

        return torch.zeros(shape, dtype=to_torch_dtype(self.dtype), device=device)


def _op(name):
    from kerastorch import ops

    return getattr(ops, name)


def _binary(name, reflected=False):
    if reflected:
        def method(self, other):
            return _op(name)(other, self)
    else:
        def method(self, other):
            return _op(name)(self, other)
    method.__name__ = f"__{'r' if reflected else ''}{name}__"
    method.__doc__ = f"`keras.ops.{name}` on this tensor (a graph node)."
    return method


def _unary(name):
    def method(self):
        return _op(name)(self)

    method.__doc__ = f"`keras.ops.{name}` on this tensor (a graph node)."
    return method


# Python operators on KerasTensors build `keras.ops` graph nodes, as in Keras.
# (`==` keeps Python's identity semantics: KerasTensors are dict keys.)
for _dunder, _name in (
        ("add", "add"), ("sub", "subtract"), ("mul", "multiply"), ("matmul", "matmul"),
        ("truediv", "true_divide"), ("floordiv", "floor_divide"), ("mod", "mod"),
        ("pow", "power"), ("and", "logical_and"), ("or", "logical_or"),
        ("xor", "logical_xor")):
    setattr(KerasTensor, f"__{_dunder}__", _binary(_name))
    setattr(KerasTensor, f"__r{_dunder}__", _binary(_name, reflected=True))
for _dunder, _name in (("lt", "less"), ("le", "less_equal"), ("gt", "greater"),
                       ("ge", "greater_equal"), ("ne", "not_equal"), ("getitem", "get_item")):
    setattr(KerasTensor, f"__{_dunder}__", _binary(_name))
for _dunder, _name in (("neg", "negative"), ("abs", "absolute"), ("invert", "logical_not")):
    setattr(KerasTensor, f"__{_dunder}__", _unary(_name))
KerasTensor.__round__ = lambda self, ndigits=None: _op("round")(self, decimals=ndigits or 0)
KerasTensor.__hash__ = object.__hash__


def is_keras_tensor(x) -> bool:
    """Whether `x` is a symbolic `KerasTensor`."""
    return isinstance(x, KerasTensor)

"""`Operation` and `keras_op`: a `keras.ops` function that also builds graphs.

On tensors (and arrays) an op is its torch implementation, called directly.
When any argument is a symbolic `KerasTensor`, the call instead records an
`Operation` node in the layer graph (as Keras does), whose output spec comes
from the op's `spec` function when it has one, else from a run on stand-in
tensors (`layers/shape_inference.py`). A functional model then replays the node
on real tensors. The node's class is Keras's (`keras.src.ops.numpy.Add`, ...),
its config the op's non-tensor arguments, so configs read like Keras's.
"""

import functools
import inspect

import torch

from kerastorch.api_export import keras_export
from kerastorch.backend.dtypes import standardize_dtype
from kerastorch.backend.keras_tensor import KerasTensor
from kerastorch.layers.layer import Layer
from kerastorch.utils import tree


class Operation(Layer):
    """A `keras.ops` call recorded in a graph: one node of a functional model.

    Subclasses are made by `keras_op`, one per op, named as Keras names them
    (`Add`, `Matmul`, `Sum`). The constructor takes the op's non-tensor
    arguments (its config); `call` takes the tensor ones.

    Args:
        name: Node name (default: the op's snake_case name, uniquified).
        **static_arguments: The op's non-tensor arguments.
    """

    _is_operation = True
    _op_function = None  # Set per subclass by `keras_op`.
    _op_spec = None
    _op_call_names = ()
    _op_keyword_call = False

    def __init__(self, name=None, **static_arguments):
        super().__init__(name=name, autocast=False)
        self._static_arguments = static_arguments
        self.built = True

    def __call__(self, *args, **kwargs):
        if _any_symbolic(args) or (kwargs and _any_symbolic(kwargs.values())):
            return super().__call__(*args, **kwargs)
        # Replayed in a model: exactly the eager op (no input conversion).
        return self.call(*args, **kwargs)

    def call(self, *args, **kwargs):
        args, kwargs = self._by_keyword(args, kwargs)
        return type(self)._op_function(*args, **kwargs, **self._static_arguments)

    def compute_output_spec(self, *args, **kwargs):
        if self._op_spec is not None:
            args, kwargs = self._by_keyword(args, kwargs)
            return type(self)._op_spec(*args, **kwargs, **self._static_arguments)
        return super().compute_output_spec(*args, **kwargs)

    def _by_keyword(self, args, kwargs):
        """The tensor arguments by name when static ones come between them in the
        function's signature (`pad(x, pad_width, mode, constant_values)`)."""
        if not self._op_keyword_call:
            return args, kwargs
        return (), {**dict(zip(self._op_call_names, args)), **kwargs}

    def get_config(self) -> dict:
        return {"name": self.name, **self._static_arguments}

    @classmethod
    def from_config(cls, config):
        return cls(**config)


def keras_op(keras_module: str, class_name: str = None, static=(), spec=None):
    """Makes a torch function a `keras.ops` function that also works on KerasTensors.

    Args:
        keras_module: Keras's module of the op class (`"keras.src.ops.numpy"`).
        class_name: Keras's op class name (default: CamelCase of the function).
        static: Names of the non-tensor arguments: the op class's constructor
            arguments (and config), as in Keras.
        spec: Optional function of the same arguments returning the output
            `KerasTensor`(s), for ops the stand-in run cannot infer
            (data-dependent or size-sensitive shapes).

    Returns:
        A decorator.

    Example:

    ```python
    @keras_export("keras.ops.sum")
    @keras_op("keras.src.ops.numpy", static=("axis", "keepdims"))
    def sum(x, axis=None, keepdims=False):
        ...
    ```
    """

    def decorator(function):
        signature = inspect.signature(function)
        call_names = tuple(name for name in signature.parameters if name not in static)
        op_class = type(class_name or _camel_case(function.__name__), (Operation,), {
            "__doc__": f"The graph node of `keras.ops.{function.__name__}`.",
            "__module__": __name__,
            "_op_function": staticmethod(function),
            "_op_spec": staticmethod(spec) if spec is not None else None,
            "_op_call_names": call_names,
            "_op_keyword_call": list(signature.parameters)[:len(call_names)] != list(call_names),
        })
        keras_export(f"{keras_module}.{op_class.__name__}")(op_class)

        @functools.wraps(function)
        def op(*args, **kwargs):
            if _any_symbolic(args) or (kwargs and _any_symbolic(kwargs.values())):
                return _symbolic_call(op_class, signature, static, args, kwargs)
            return function(*args, **kwargs)

        op.op_class = op_class
        return op

    return decorator


def _symbolic_call(op_class, signature, static, args, kwargs):
    bound = signature.bind(*args, **kwargs)
    bound.apply_defaults()
    static_arguments = {name: bound.arguments[name] for name in static}
    if static_arguments.get("dtype") is not None:
        # Configs name dtypes as Keras does ("int32", not torch.int32).
        static_arguments["dtype"] = standardize_dtype(static_arguments["dtype"])
    call_arguments = []
    for name in op_class._op_call_names:
        if signature.parameters[name].kind is inspect.Parameter.VAR_POSITIONAL:
            call_arguments.extend(bound.arguments[name])  # `meshgrid(*x)`, `einsum`
        else:
            call_arguments.append(bound.arguments[name])
    return op_class(**static_arguments)(*call_arguments)


def _any_symbolic(values) -> bool:
    for value in values:
        if type(value) is torch.Tensor:
            continue  # The eager case, first: `isinstance` is slow on a tensor.
        if isinstance(value, KerasTensor):
            return True
        if isinstance(value, (list, tuple)) and all(type(v) is torch.Tensor for v in value):
            continue  # `concatenate([x, y])`
        if isinstance(value, (list, tuple, dict)) and any(
                isinstance(x, KerasTensor) for x in tree.flatten(value)):
            return True
    return False


def _camel_case(name: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in name.split("_"))

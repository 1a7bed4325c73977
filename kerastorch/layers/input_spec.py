"""`InputSpec`: what a layer accepts (rank, dtype, fixed axis sizes)."""

from kerastorch.api_export import keras_export
from kerastorch.backend.dtypes import standardize_dtype
from kerastorch.utils import tree


@keras_export("keras.InputSpec", "keras.layers.InputSpec")
class InputSpec:
    """Specifies the rank, dtype and some axis sizes a layer's input must have.

    Args:
        dtype: Expected dtype name, or `None`.
        shape: Expected full shape (`None` entries are free), or `None`.
        ndim: Expected rank, or `None`.
        max_ndim: Maximum rank, or `None`.
        min_ndim: Minimum rank, or `None`.
        axes: Dict mapping axis index to its expected size.
        allow_last_axis_squeeze: Accept an input whose last axis is 1 less rank.
        name: Expected input name (for error messages).
        optional: Whether the input may be `None`.

    Example:

    >>> spec = InputSpec(min_ndim=2, axes={-1: 784})
    """

    def __init__(
        self,
        dtype=None,
        shape=None,
        ndim=None,
        max_ndim=None,
        min_ndim=None,
        axes=None,
        allow_last_axis_squeeze=False,
        name=None,
        optional=False,
    ):
        self.dtype = dtype
        self.shape = None if shape is None else tuple(shape)
        self.ndim = len(self.shape) if self.shape is not None else ndim
        self.max_ndim = max_ndim
        self.min_ndim = min_ndim
        self.axes = dict(axes or {})
        self.allow_last_axis_squeeze = allow_last_axis_squeeze
        self.name = name
        self.optional = optional

    def __repr__(self):
        parts = [
            f"{k}={v}"
            for k, v in (
                ("dtype", self.dtype),
                ("shape", self.shape),
                ("ndim", self.ndim),
                ("max_ndim", self.max_ndim),
                ("min_ndim", self.min_ndim),
                ("axes", self.axes or None),
            )
            if v is not None
        ]
        return f"InputSpec({', '.join(parts)})"

    def get_config(self) -> dict:
        """Returns the constructor arguments."""
        return {
            "dtype": self.dtype,
            "shape": self.shape,
            "ndim": self.ndim,
            "max_ndim": self.max_ndim,
            "min_ndim": self.min_ndim,
            "axes": self.axes,
        }

    @classmethod
    def from_config(cls, config):
        """Rebuilds an `InputSpec` from `get_config()`."""
        return cls(**config)


def assert_input_compatibility(input_spec, inputs, layer_name: str) -> None:
    """Raises a `ValueError` naming the layer when `inputs` break `input_spec`.

    Args:
        input_spec: An `InputSpec`, a list of them, or `None`.
        inputs: The layer's first call argument (tensor or structure).
        layer_name: The layer's name, for the message.
    """
    if not input_spec:
        return
    specs = tree.flatten(input_spec)
    flat_inputs = tree.flatten(inputs)
    if len(specs) != len(flat_inputs):
        raise ValueError(
            f'Layer "{layer_name}" expects {len(specs)} input(s), but it '
            f"received {len(flat_inputs)} input tensors. Inputs received: {inputs}"
        )
    for index, (spec, x) in enumerate(zip(specs, flat_inputs)):
        if spec is None or (x is None and spec.optional):
            continue
        if not hasattr(x, "shape"):
            raise ValueError(
                f"Inputs to a layer should be tensors. Got '{x}' (of type {type(x)}) "
                f"as input for layer '{layer_name}'."
            )
        _check_one(spec, x, index, layer_name)


def _check_one(spec, x, index, layer_name):
    shape = tuple(x.shape)
    rank = len(shape)
    prefix = f'Input {index} of layer "{layer_name}" is incompatible with the layer: '
    if spec.ndim is not None and not spec.allow_last_axis_squeeze and rank != spec.ndim:
        raise ValueError(
            f"{prefix}expected ndim={spec.ndim}, found ndim={rank}. "
            f"Full shape received: {shape}"
        )
    if spec.max_ndim is not None and rank > spec.max_ndim:
        raise ValueError(
            f"{prefix}expected max_ndim={spec.max_ndim}, found ndim={rank}. "
            f"Full shape received: {shape}"
        )
    if spec.min_ndim is not None and rank < spec.min_ndim:
        raise ValueError(
            f"{prefix}expected min_ndim={spec.min_ndim}, found ndim={rank}. "
            f"Full shape received: {shape}"
        )
    if spec.dtype is not None:
        dtype = standardize_dtype(x.dtype)
        if dtype != standardize_dtype(spec.dtype):
            raise ValueError(
                f"{prefix}expected dtype={spec.dtype}, found dtype={dtype}"
            )
    for axis, value in spec.axes.items():
        if value is None:
            continue
        if axis >= rank or axis < -rank:
            raise ValueError(
                f"{prefix}expected axis {axis} of input shape to have value "
                f"{value}, but received input with shape {shape}"
            )
        if shape[axis] is not None and shape[axis] != value:
            raise ValueError(
                f"{prefix}expected axis {axis} of input shape to have value "
                f"{value}, but received input with shape {shape}"
            )
    if spec.shape is not None:
        for expected, received in zip(spec.shape, shape):
            if expected is not None and received is not None and expected != received:
                raise ValueError(
                    f"{prefix}expected shape={spec.shape}, found shape={shape}"
                )

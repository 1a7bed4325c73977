"""`InputLayer` and `Input`: the entry points of a functional model."""

from kerastorch.api_export import keras_export
from kerastorch.backend.dtypes import standardize_dtype
from kerastorch.backend.keras_tensor import KerasTensor
from kerastorch.layers.layer import Layer
from kerastorch.layers.node import Node


@keras_export("keras.layers.InputLayer")
class InputLayer(Layer):
    """The layer behind `keras.Input`: it owns a model's symbolic input.

    Args:
        shape: Shape without the batch dimension, e.g. `(784,)`.
        batch_size: Optional fixed batch size.
        dtype: Input dtype (default `floatx()`).
        sparse: Kept for Keras compatibility (must be falsy).
        batch_shape: Full shape including the batch dimension (instead of
            `shape` / `batch_size`).
        input_tensor: An existing KerasTensor to adopt as the input.
        optional: Whether the input may be `None`.
        name: Layer name.

    Example:

    >>> layer = InputLayer(shape=(784,))
    >>> layer.output.shape
    (None, 784)
    """

    def __init__(self, shape=None, batch_size=None, dtype=None, sparse=None,
                 ragged=None, batch_shape=None, input_tensor=None, optional=False,
                 name=None, **kwargs):
        if "input_shape" in kwargs and shape is None:
            shape = kwargs.pop("input_shape")
        if "batch_input_shape" in kwargs and batch_shape is None:
            batch_shape = kwargs.pop("batch_input_shape")
        super().__init__(name=name, **kwargs)
        if sparse:
            raise ValueError("kerastorch does not support sparse inputs (`sparse=True`).")
        if ragged:
            raise ValueError("kerastorch does not support ragged inputs (`ragged=True`).")
        if shape is not None and batch_shape is not None:
            raise ValueError(
                "You cannot pass both `shape` and `batch_shape` at the same time."
            )
        if batch_size is not None and batch_shape is not None:
            raise ValueError(
                "You cannot pass both `batch_size` and `batch_shape` at the same time."
            )
        if input_tensor is not None:
            batch_shape = input_tensor.shape
            dtype = dtype or input_tensor.dtype
        elif batch_shape is None:
            if shape is None:
                raise ValueError("You must pass a `shape` argument.")
            if isinstance(shape, int):
                shape = (shape,)
            batch_shape = (batch_size,) + tuple(shape)
        self._batch_shape = tuple(None if d is None else int(d) for d in batch_shape)
        self._input_dtype = standardize_dtype(dtype)
        self.sparse = False
        self.optional = optional
        self.built = True
        if input_tensor is None:
            input_tensor = KerasTensor(self._batch_shape, dtype=self._input_dtype, name=self.name)
        self._input_tensor = input_tensor
        Node(self, call_args=(), call_kwargs={}, outputs=input_tensor)

    @property
    def batch_shape(self) -> tuple:
        """The input's full shape, batch dimension included."""
        return self._batch_shape

    @property
    def dtype(self) -> str:
        """The input's dtype."""
        return self._input_dtype

    def call(self, inputs=None):
        """Returns the input unchanged."""
        return inputs

    def get_config(self) -> dict:
        """Returns `batch_shape`, `dtype`, `sparse`, `ragged`, `name`, `optional`."""
        return {
            "batch_shape": self._batch_shape,
            "dtype": self._input_dtype,
            "sparse": False,
            "ragged": False,
            "name": self.name,
            "optional": self.optional,
        }


@keras_export("keras.Input", "keras.layers.Input")
def Input(shape=None, batch_size=None, dtype=None, sparse=None, ragged=None,
          batch_shape=None, name=None, tensor=None, optional=False) -> KerasTensor:
    """Creates a symbolic input tensor for a functional model.

    Args:
        shape: Shape without the batch dimension, e.g. `(784,)`.
        batch_size: Optional fixed batch size.
        dtype: Input dtype (default `floatx()`).
        sparse: Kept for Keras compatibility (must be falsy).
        ragged: Kept for Keras compatibility (must be falsy).
        batch_shape: Full shape including the batch dimension.
        name: Name of the input layer.
        tensor: An existing KerasTensor to wrap.
        optional: Whether the input may be `None`.

    Returns:
        A `KerasTensor`.

    Example:

    ```python
    x = kerastorch.Input(shape=(784,))
    y = kerastorch.layers.Dense(10)(x)
    model = kerastorch.Model(x, y)
    ```
    """
    layer = InputLayer(
        shape=shape, batch_size=batch_size, dtype=dtype, sparse=sparse, ragged=ragged,
        batch_shape=batch_shape, name=name, input_tensor=tensor, optional=optional,
    )
    return layer.output

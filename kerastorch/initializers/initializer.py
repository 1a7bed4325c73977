"""`Initializer`: the base class of all Keras initializers."""

import torch

from kerastorch.api_export import keras_export


@keras_export("keras.Initializer", "keras.initializers.Initializer")
class Initializer:
    """Initializer base class: all Keras initializers inherit from this class.

    A subclass implements `__call__(shape, dtype=None)`, returning a tensor of
    that shape and dtype (on the CPU; the layer moves it to its device), and
    `get_config()` if its constructor takes arguments.

    Example:

    ```python
    class ExampleRandomNormal(Initializer):
        def __init__(self, mean, stddev):
            self.mean = mean
            self.stddev = stddev

        def __call__(self, shape, dtype=None):
            dtype = kerastorch.backend.dtypes.to_torch_dtype(dtype)
            return torch.randn(shape, dtype=dtype) * self.stddev + self.mean

        def get_config(self):
            return {"mean": self.mean, "stddev": self.stddev}
    ```
    """

    def __call__(self, shape, dtype=None) -> torch.Tensor:
        """Returns a tensor initialized as specified by the initializer.

        Args:
            shape: Shape of the tensor.
            dtype: Optional dtype of the tensor; defaults to `floatx()`.

        Returns:
            A tensor on the CPU.
        """
        raise NotImplementedError(
            "Initializer subclasses must implement the `__call__()` method."
        )

    def get_config(self) -> dict:
        """Returns the constructor arguments as a JSON-serializable dict.

        Returns:
            A dict such that `cls.from_config(config)` rebuilds the initializer.
        """
        return {}

    @classmethod
    def from_config(cls, config: dict) -> "Initializer":
        """Instantiates an initializer from the output of `get_config()`.

        Args:
            config: A dict of constructor arguments.

        Returns:
            An `Initializer` instance.

        Example:

        >>> config = RandomUniform(-1, 1).get_config()
        >>> initializer = RandomUniform.from_config(config)
        """
        return cls(**config)

    def clone(self) -> "Initializer":
        """Returns a new initializer with the same configuration.

        Returns:
            An `Initializer` instance of the same class.
        """
        return self.__class__.from_config(self.get_config())

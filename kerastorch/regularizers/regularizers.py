"""Weight penalties, as `keras.regularizers`: `L1`, `L2`, `L1L2`, `OrthogonalRegularizer`.

A regularizer is a callable `weight -> 0-d tensor`; `Layer.losses` collects the
penalties of a layer's weights and `fit` adds them to the training loss.
"""

import math

import numpy as np
import torch

from kerastorch.api_export import keras_export
from kerastorch.backend import convert_to_tensor
from kerastorch.utils.numerical_utils import normalize


def _as_tensor(x) -> torch.Tensor:
    return x if isinstance(x, torch.Tensor) else convert_to_tensor(x)


def _scaled(factor: float, x: torch.Tensor) -> torch.Tensor:
    """`factor * x` with `factor` first rounded to `x`'s dtype, as Keras's `ops.cast` does."""
    if x.dtype in (torch.float16, torch.bfloat16):
        factor = float(torch.tensor(factor, dtype=x.dtype))
    return factor * x


def _float32(value: float) -> float:
    # Keras keeps `L1.l1` and `OrthogonalRegularizer.factor` as float32 tensors,
    # so their configs (and penalties) hold the float32-rounded value.
    return float(np.float32(value))


@keras_export("keras.regularizers.Regularizer", "keras.Regularizer")
class Regularizer:
    """Regularizer base class: a callable that turns a weight into a scalar penalty.

    Subclasses implement `__call__(x)` and `get_config()`. Any one-argument
    function returning a scalar tensor also works as a regularizer.

    Example:

    >>> class L2Regularizer(Regularizer):
    ...     def __init__(self, l2=0.0):
    ...         self.l2 = l2
    ...     def __call__(self, x):
    ...         return self.l2 * torch.sum(torch.square(x))
    ...     def get_config(self):
    ...         return {"l2": float(self.l2)}
    """

    def __call__(self, x) -> torch.Tensor:
        """Returns the penalty of `x` (the base class: a zero)."""
        x = _as_tensor(x)
        return torch.zeros((), dtype=x.dtype, device=x.device)

    @classmethod
    def from_config(cls, config: dict) -> "Regularizer":
        """Rebuilds a regularizer from the output of `get_config`."""
        return cls(**config)

    def get_config(self) -> dict:
        """Returns the constructor arguments; subclasses must implement it."""
        raise NotImplementedError(f"{self} does not implement get_config()")


@keras_export("keras.regularizers.L1L2", "keras.regularizers.l1_l2")
class L1L2(Regularizer):
    """A regularizer that applies both L1 and L2 penalties.

    `loss = l1 * sum(abs(x)) + l2 * sum(square(x))`

    Args:
        l1: Non-negative float, the L1 factor (`None` means `0.0`).
        l2: Non-negative float, the L2 factor (`None` means `0.0`).

    Example:

    >>> L1L2(l1=0.1, l2=0.5)(torch.ones(2, 2))
    tensor(2.4000)
    """

    def __init__(self, l1: float = 0.0, l2: float = 0.0):
        # Defaults differ from `l1`/`l2`'s 0.01 on purpose (as in Keras):
        # `L1L2(l2=0.1)` has no L1 penalty.
        l1 = 0.0 if l1 is None else l1
        l2 = 0.0 if l2 is None else l2
        self.l1 = validate_float_arg(l1, name="l1")
        self.l2 = validate_float_arg(l2, name="l2")

    def __call__(self, x) -> torch.Tensor:
        x = _as_tensor(x)
        regularization = torch.zeros((), dtype=x.dtype, device=x.device)
        if self.l1 != 0.0:
            regularization = regularization + _scaled(self.l1, torch.sum(torch.abs(x)))
        if self.l2 != 0.0:
            regularization = regularization + _scaled(self.l2, torch.sum(torch.square(x)))
        return regularization

    def get_config(self) -> dict:
        return {"l1": self.l1, "l2": self.l2}


@keras_export("keras.regularizers.L1", "keras.regularizers.l1")
class L1(Regularizer):
    """A regularizer that applies an L1 penalty: `loss = l1 * sum(abs(x))`.

    Args:
        l1: Non-negative float, the L1 factor (`None` means `0.01`).

    Example:

    >>> L1(0.5)(torch.tensor([-1.0, 2.0]))
    tensor(1.5000)
    """

    def __init__(self, l1: float = 0.01):
        l1 = 0.01 if l1 is None else l1
        self.l1 = _float32(validate_float_arg(l1, name="l1"))

    def __call__(self, x) -> torch.Tensor:
        x = _as_tensor(x)
        return _scaled(self.l1, torch.sum(torch.abs(x)))

    def get_config(self) -> dict:
        return {"l1": self.l1}


@keras_export("keras.regularizers.L2", "keras.regularizers.l2")
class L2(Regularizer):
    """A regularizer that applies an L2 penalty: `loss = l2 * sum(square(x))`.

    Args:
        l2: Non-negative float, the L2 factor (`None` means `0.01`).

    Example:

    >>> L2(2.0)(torch.ones(5, 5))
    tensor(50.)
    """

    def __init__(self, l2: float = 0.01):
        l2 = 0.01 if l2 is None else l2
        self.l2 = validate_float_arg(l2, name="l2")

    def __call__(self, x) -> torch.Tensor:
        x = _as_tensor(x)
        return _scaled(self.l2, torch.sum(torch.square(x)))

    def get_config(self) -> dict:
        return {"l2": self.l2}


@keras_export("keras.regularizers.OrthogonalRegularizer",
              "keras.regularizers.orthogonal_regularizer")
class OrthogonalRegularizer(Regularizer):
    """A regularizer that pushes the rows (or columns) of a matrix to be orthogonal.

    The penalty is `factor * 0.5 * sum(|P - diag(P)|) / num_pairs`, where `P` is
    the matrix of dot products of the L2-normalized rows (`mode="rows"`) or
    columns (`mode="columns"`) and `num_pairs = n * (n - 1) / 2`.

    Args:
        factor: Non-negative float, the regularization factor.
        mode: `"rows"` or `"columns"`.

    Example:

    >>> OrthogonalRegularizer(factor=0.01)(torch.eye(3))
    tensor(0.)
    """

    def __init__(self, factor: float = 0.01, mode: str = "rows"):
        self.factor = _float32(validate_float_arg(factor, name="factor"))
        if mode not in {"rows", "columns"}:
            raise ValueError(
                'Invalid value for argument `mode`. Expected one of {"rows", "columns"}. '
                f"Received: mode={mode}"
            )
        self.mode = mode

    def __call__(self, inputs) -> torch.Tensor:
        inputs = _as_tensor(inputs)
        if inputs.ndim != 2:
            raise ValueError(
                "Inputs to OrthogonalRegularizer must have rank 2. Received: "
                f"inputs.shape={tuple(inputs.shape)}"
            )
        if self.mode == "rows":
            inputs = normalize(inputs, axis=1)
            product = inputs @ inputs.T
            size = inputs.shape[0]
        else:
            inputs = normalize(inputs, axis=0)
            product = inputs.T @ inputs
            size = inputs.shape[1]
        off_diagonal = product * (1.0 - torch.eye(size, dtype=inputs.dtype, device=inputs.device))
        num_pairs = size * (size - 1.0) / 2.0
        return _scaled(self.factor, 0.5 * torch.sum(torch.abs(off_diagonal))) / num_pairs

    def get_config(self) -> dict:
        return {"factor": self.factor, "mode": self.mode}


def validate_float_arg(value, name: str) -> float:
    """Returns `value` as a float, or raises if it is not a finite non-negative number.

    Args:
        value: The argument to check.
        name: The argument's name, for the error message.

    Returns:
        `float(value)`.

    Raises:
        ValueError: if `value` is not a finite non-negative `int` / `float`.
    """
    if (
        not isinstance(value, (float, int))
        or math.isinf(value)
        or math.isnan(value)
        or value < 0
    ):
        raise ValueError(
            f"Invalid value for argument {name}: expected a non-negative float. "
            f"Received: {name}={value}"
        )
    return float(value)

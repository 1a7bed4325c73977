"""What the normalization layers share: axis checks and the `gamma` / `beta` weights."""

import torch

from kerastorch import constraints, initializers, regularizers
from kerastorch.layers.layer import Layer


def check_axes_in_bounds(axis, input_shape) -> None:
    """Raises the `ValueError` Keras raises when an axis is outside `input_shape`.

    Args:
        axis: The layer's `axis` argument (an int or a list of ints).
        input_shape: The input shape (a tuple).
    """
    rank = len(input_shape)
    for a in axis if isinstance(axis, (list, tuple)) else [axis]:
        if a >= rank or a < -rank:
            raise ValueError(
                f"Axis {a} is out of bounds for input shape {input_shape}. "
                f"Received: axis={axis}"
            )


def at_least_float32(x: torch.Tensor) -> torch.Tensor:
    """Returns `x` in float32 unless it is float32 or float64.

    Keras computes normalization statistics in `result_type(x.dtype,
    "float32")`: squares overflow in float16.
    """
    if x.dtype in (torch.float32, torch.float64):
        return x
    return x.to(torch.float32)


def move_axes_last(x: torch.Tensor, axes):
    """Moves `axes` (in that order) to the end of `x`, a view.

    Returns:
        `(moved, restore)`: the view, and a function that moves the axes of a
        tensor shaped like `moved` back to their places.
    """
    ndim = x.dim()
    axes = [a % ndim for a in axes]
    trailing = list(range(ndim - len(axes), ndim))
    if axes == trailing:
        return x, lambda y: y
    return x.movedim(axes, trailing), lambda y: y.movedim(trailing, axes)


class AffineNormalization(Layer):
    """Base of the normalization layers with a learned scale `gamma` and offset `beta`.

    It holds the arguments `BatchNormalization`, `LayerNormalization` and
    `GroupNormalization` share, creates the two weights and serializes them.

    Args:
        epsilon: Small float added to the variance to avoid dividing by zero.
        center: Whether to add the learned offset `beta`.
        scale: Whether to multiply by the learned scale `gamma`.
        beta_initializer: Initializer of `beta`.
        gamma_initializer: Initializer of `gamma`.
        beta_regularizer: Optional regularizer of `beta`.
        gamma_regularizer: Optional regularizer of `gamma`.
        beta_constraint: Optional constraint of `beta`.
        gamma_constraint: Optional constraint of `gamma`.
        **kwargs: Base layer arguments (`name`, `dtype`, ...).
    """

    def __init__(self, epsilon=1e-3, center=True, scale=True, beta_initializer="zeros",
                 gamma_initializer="ones", beta_regularizer=None, gamma_regularizer=None,
                 beta_constraint=None, gamma_constraint=None, **kwargs):
        super().__init__(**kwargs)
        self.epsilon = epsilon
        self.center = center
        self.scale = scale
        self.beta_initializer = initializers.get(beta_initializer)
        self.gamma_initializer = initializers.get(gamma_initializer)
        self.beta_regularizer = regularizers.get(beta_regularizer)
        self.gamma_regularizer = regularizers.get(gamma_regularizer)
        self.beta_constraint = constraints.get(beta_constraint)
        self.gamma_constraint = constraints.get(gamma_constraint)
        self.supports_masking = True
        self.gamma = None
        self.beta = None

    def add_gamma_beta(self, shape, gamma=None, beta=None) -> None:
        """Creates `gamma` then `beta` of `shape`.

        Args:
            shape: Shape of both weights.
            gamma: Whether to create `gamma` (default: the `scale` argument).
            beta: Whether to create `beta` (default: the `center` argument).
        """
        self.gamma = None
        self.beta = None
        if self.scale if gamma is None else gamma:
            self.gamma = self.add_weight(
                shape=shape, name="gamma", initializer=self.gamma_initializer,
                regularizer=self.gamma_regularizer, constraint=self.gamma_constraint,
            )
        if self.center if beta is None else beta:
            self.beta = self.add_weight(
                shape=shape, name="beta", initializer=self.beta_initializer,
                regularizer=self.beta_regularizer, constraint=self.beta_constraint,
            )

    def compute_output_shape(self, input_shape):
        check_axes_in_bounds(self.axis, input_shape)
        return input_shape

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "epsilon": self.epsilon,
            "center": self.center,
            "scale": self.scale,
            "beta_initializer": initializers.serialize(self.beta_initializer),
            "gamma_initializer": initializers.serialize(self.gamma_initializer),
            "beta_regularizer": regularizers.serialize(self.beta_regularizer),
            "gamma_regularizer": regularizers.serialize(self.gamma_regularizer),
            "beta_constraint": constraints.serialize(self.beta_constraint),
            "gamma_constraint": constraints.serialize(self.gamma_constraint),
        }

"""`LayerNormalization`: normalizes each sample over its feature axes."""

import warnings

import torch
import torch.nn.functional as F

from kerastorch.api_export import keras_export
from kerastorch.backend.dtypes import to_torch_dtype
from kerastorch.layers.normalization.base_normalization import (
    AffineNormalization,
    at_least_float32,
    move_axes_last,
)


@keras_export("keras.layers.LayerNormalization")
class LayerNormalization(AffineNormalization):
    """Layer normalization layer (Ba et al., 2016).

    Normalizes each sample independently over the axes in `axis`:
    `(x - mean) / sqrt(var + epsilon) * gamma + beta`, the mean and (biased)
    variance taken over `axis`; `gamma` and `beta` span those axes. Computed
    by `F.layer_norm` (on a view with the axes moved last when they are not
    the trailing ones: Keras on torch mishandles such axes, this layer
    normalizes over them as Keras's other backends do).

    Args:
        axis: Integer or list of integers, the axes to normalize over
            (after `build`, a sorted list, as in Keras).
        epsilon: Small float added to the variance to avoid dividing by zero.
        center: Whether to add the learned offset `beta`.
        scale: Whether to multiply by the learned scale `gamma`.
        beta_initializer: Initializer of `beta`.
        gamma_initializer: Initializer of `gamma`.
        beta_regularizer: Optional regularizer of `beta`.
        gamma_regularizer: Optional regularizer of `gamma`.
        beta_constraint: Optional constraint of `beta`.
        gamma_constraint: Optional constraint of `gamma`.
        **kwargs: Base layer arguments (`name`, `dtype`, ...). The deprecated
            `rms_scaling=True` is accepted as Keras accepts it (it scales by
            the variance, with no `beta`).

    Input shape:
        Arbitrary.

    Output shape:
        Same as the input.

    Example:

    >>> layer = LayerNormalization(axis=[1, 2])
    >>> layer.build((5, 20, 30))
    >>> layer.gamma.shape
    torch.Size([20, 30])
    """

    def __init__(self, axis=-1, epsilon=1e-3, center=True, scale=True,
                 beta_initializer="zeros", gamma_initializer="ones", beta_regularizer=None,
                 gamma_regularizer=None, beta_constraint=None, gamma_constraint=None,
                 **kwargs):
        rms_scaling = kwargs.pop("rms_scaling", False)
        if rms_scaling:
            warnings.warn(
                "You passed `rms_scaling=True`, which is deprecated. This argument "
                "incorrectly scales the input by the variance, not the root mean "
                "square. To correctly use RMS Normalization, please use "
                "`keras.layers.RMSNormalization` instead.",
                stacklevel=2,
            )
        super().__init__(
            epsilon=epsilon, center=center, scale=scale,
            beta_initializer=beta_initializer, gamma_initializer=gamma_initializer,
            beta_regularizer=beta_regularizer, gamma_regularizer=gamma_regularizer,
            beta_constraint=beta_constraint, gamma_constraint=gamma_constraint, **kwargs,
        )
        if isinstance(axis, (list, tuple)):
            self.axis = list(axis)
        elif isinstance(axis, int):
            self.axis = axis
        else:
            raise TypeError(
                "Expected an int or a list/tuple of ints for the argument 'axis', "
                f"but received: {axis!r}"
            )
        self.rms_scaling = rms_scaling
        self.autocast = False

    def build(self, input_shape):
        if isinstance(self.axis, list):
            self.axis = sorted(self.axis)
        else:
            self.axis = [self.axis]
        shape = tuple(input_shape[dim] for dim in self.axis)
        self.add_gamma_beta(shape, gamma=self.scale or self.rms_scaling,
                            beta=self.center and not self.rms_scaling)
        self.built = True

    def call(self, inputs):
        x, restore = move_axes_last(at_least_float32(inputs), self.axis)
        normalized_shape = x.shape[x.dim() - len(self.axis):]
        gamma = None if self.gamma is None else self.gamma.to(x.dtype)
        if self.rms_scaling:
            dims = tuple(range(-len(self.axis), 0))
            variance = torch.var(x, dim=dims, correction=0, keepdim=True)
            outputs = x * torch.rsqrt(variance + self.epsilon) * gamma
        else:
            beta = None if self.beta is None else self.beta.to(x.dtype)
            outputs = F.layer_norm(x, normalized_shape, gamma, beta, self.epsilon)
        return restore(outputs).to(to_torch_dtype(self.compute_dtype))

    def get_config(self) -> dict:
        return {**super().get_config(), "axis": self.axis, "rms_scaling": self.rms_scaling}

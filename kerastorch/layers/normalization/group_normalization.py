"""`GroupNormalization`: normalizes each sample over groups of channels."""

import torch.nn.functional as F

from kerastorch.api_export import keras_export
from kerastorch.backend.dtypes import to_torch_dtype
from kerastorch.layers.input_spec import InputSpec
from kerastorch.layers.normalization.base_normalization import (
    AffineNormalization,
    at_least_float32,
)


@keras_export("keras.layers.GroupNormalization")
class GroupNormalization(AffineNormalization):
    """Group normalization layer (Wu & He, 2018).

    Splits the channels (`axis`) into `groups` consecutive groups and
    normalizes each sample over each group (its channels and all the other
    non-batch axes), then applies the per-channel `gamma` and `beta`.
    `groups=1` is close to `LayerNormalization`, `groups=-1` (one group per
    channel) is instance normalization. Computed by `F.group_norm` on a view
    with the channels moved to axis 1 (its variance is computed stably; Keras
    on torch uses `E[x^2] - E[x]^2`, which loses digits on small groups of
    values far from zero: there the results differ in the last digits).

    Args:
        groups: Number of groups, a divisor of the number of channels, or
            `-1` for one group per channel.
        axis: The channels axis.
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

    Input shape:
        Arbitrary, at least 2D.

    Output shape:
        Same as the input.

    Example:

    >>> GroupNormalization(groups=2)(torch.randn(4, 5, 6)).shape
    torch.Size([4, 5, 6])
    """

    def __init__(self, groups=32, axis=-1, epsilon=1e-3, center=True, scale=True,
                 beta_initializer="zeros", gamma_initializer="ones", beta_regularizer=None,
                 gamma_regularizer=None, beta_constraint=None, gamma_constraint=None,
                 **kwargs):
        if not isinstance(groups, int) or (groups <= 0 and groups != -1):
            raise ValueError(
                "Received an invalid value for argument `groups`, expected a positive "
                "integer (or `-1` for instance normalization). "
                f"Received: groups={groups}"
            )
        super().__init__(
            epsilon=epsilon, center=center, scale=scale,
            beta_initializer=beta_initializer, gamma_initializer=gamma_initializer,
            beta_regularizer=beta_regularizer, gamma_regularizer=gamma_regularizer,
            beta_constraint=beta_constraint, gamma_constraint=gamma_constraint, **kwargs,
        )
        self.autocast = False
        self.groups = groups
        self.axis = axis

    def build(self, input_shape):
        dim = input_shape[self.axis]
        if dim is None:
            raise ValueError(
                f"Axis {self.axis} of input tensor should have a defined dimension but "
                f"the layer received an input with shape {input_shape}."
            )
        if self.groups == -1:
            self.groups = dim
        if dim < self.groups:
            raise ValueError(
                f"Number of groups ({self.groups}) cannot be more than the number of "
                f"channels ({dim})."
            )
        if dim % self.groups != 0:
            raise ValueError(
                f"Number of groups ({self.groups}) must be a multiple of the number "
                f"of channels ({dim})."
            )
        self.input_spec = InputSpec(ndim=len(input_shape), axes={self.axis: dim})
        self.add_gamma_beta((dim,))
        self.built = True

    def call(self, inputs):
        x = at_least_float32(inputs)
        axis = self.axis % x.dim()
        gamma = None if self.gamma is None else self.gamma.to(x.dtype)
        beta = None if self.beta is None else self.beta.to(x.dtype)
        outputs = F.group_norm(x.movedim(axis, 1), self.groups, gamma, beta, self.epsilon)
        return outputs.movedim(1, axis).to(to_torch_dtype(self.compute_dtype))

    def get_config(self) -> dict:
        return {**super().get_config(), "groups": self.groups, "axis": self.axis}

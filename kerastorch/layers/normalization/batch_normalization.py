"""`BatchNormalization`: normalizes with batch statistics in training, moving ones after."""

import math

import torch
import torch.nn.functional as F

from kerastorch import initializers
from kerastorch.api_export import keras_export
from kerastorch.backend import config
from kerastorch.backend.dtypes import to_torch_dtype
from kerastorch.layers.input_spec import InputSpec
from kerastorch.layers.normalization.base_normalization import (
    AffineNormalization,
    at_least_float32,
)

_RENORM_CLIPPING_KEYS = ("rmax", "rmin", "dmax")


@keras_export("keras.layers.BatchNormalization")
class BatchNormalization(AffineNormalization):
    """Layer that normalizes its inputs over the batch, per feature.

    **In training** (`fit()`, or `training=True`) it returns
    `gamma * (x - mean(x)) / sqrt(var(x) + epsilon) + beta` with the mean and
    (biased) variance of the current batch over every axis but `axis`, and
    updates the moving statistics:
    `moving_mean = moving_mean * momentum + mean(x) * (1 - momentum)`, and the
    same for `moving_variance` with the biased batch variance (torch's own
    running variance is the unbiased one; this layer follows Keras).
    **In inference** (the default, `evaluate()`, `predict()`) it normalizes
    with `moving_mean` and `moving_variance`. Setting `trainable = False`
    freezes the layer *and* makes it run in inference mode, as in Keras 3.

    The weights are, in Keras order, `gamma`, `beta`, `moving_mean`,
    `moving_variance` (then `moving_stddev`, `renorm_mean`, `renorm_stddev`
    with `renorm=True`). The moving statistics are non-trainable weights:
    parameters with `requires_grad=False` (not buffers), so `weights`,
    `get_weights()` / `set_weights()` and `state_dict()` hold them in Keras's
    order; they are updated in place, on the device, without host syncs.

    Args:
        axis: The features axis (`-1` for channels-last, `1` after a
            channels-first convolution).
        momentum: Momentum of the moving averages.
        epsilon: Small float added to the variance to avoid dividing by zero.
        center: Whether to add the learned offset `beta`.
        scale: Whether to multiply by the learned scale `gamma`.
        beta_initializer: Initializer of `beta`.
        gamma_initializer: Initializer of `gamma`.
        moving_mean_initializer: Initializer of the moving mean.
        moving_variance_initializer: Initializer of the moving variance.
        beta_regularizer: Optional regularizer of `beta`.
        gamma_regularizer: Optional regularizer of `gamma`.
        beta_constraint: Optional constraint of `beta`.
        gamma_constraint: Optional constraint of `gamma`.
        renorm: Whether to use Batch Renormalization (extra moving
            statistics; inference is unchanged).
        renorm_clipping: Dict with optional keys `"rmax"`, `"rmin"`, `"dmax"`
            clipping the renorm corrections.
        renorm_momentum: Momentum of the renorm moving statistics.
        synchronized: Whether the batch statistics are reduced over all the
            processes of `torch.distributed`'s default group (when it is
            initialized), like torch's `SyncBatchNorm`. Keras supports it on
            TensorFlow only; here it works on torch.
        **kwargs: Base layer arguments (`name`, `dtype`, `trainable`, ...).

    Call arguments:
        inputs: Input tensor of any rank.
        training: Whether to normalize with the batch statistics (and update
            the moving ones).
        mask: Optional boolean tensor shaped like `inputs` without its last
            axis: masked positions are left out of the batch statistics.

    Input shape:
        Arbitrary.

    Output shape:
        Same as the input.

    Example:

    >>> layer = BatchNormalization()
    >>> layer(torch.randn(8, 3), training=True).mean(0).abs().max() < 1e-5
    tensor(True)
    """

    def __init__(self, axis=-1, momentum=0.99, epsilon=1e-3, center=True, scale=True,
                 beta_initializer="zeros", gamma_initializer="ones",
                 moving_mean_initializer="zeros", moving_variance_initializer="ones",
                 beta_regularizer=None, gamma_regularizer=None, beta_constraint=None,
                 gamma_constraint=None, renorm=False, renorm_clipping=None,
                 renorm_momentum=0.99, synchronized=False, **kwargs):
        super().__init__(
            epsilon=float(epsilon), center=center, scale=scale,
            beta_initializer=beta_initializer, gamma_initializer=gamma_initializer,
            beta_regularizer=beta_regularizer, gamma_regularizer=gamma_regularizer,
            beta_constraint=beta_constraint, gamma_constraint=gamma_constraint, **kwargs,
        )
        self.axis = int(axis)
        self.momentum = float(momentum)
        self.synchronized = synchronized
        self.moving_mean_initializer = initializers.get(moving_mean_initializer)
        self.moving_variance_initializer = initializers.get(moving_variance_initializer)
        self.renorm = renorm
        if renorm:
            renorm_clipping = renorm_clipping or {}
            _check_renorm_clipping(renorm_clipping)
        self.renorm_clipping = renorm_clipping
        self.renorm_momentum = renorm_momentum
        self.moving_mean = None
        self.moving_variance = None
        self._reduction_axes = None

    def build(self, input_shape):
        channels = input_shape[self.axis]
        shape = (channels,)
        self.add_gamma_beta(shape)
        self.moving_mean = self.add_weight(
            shape=shape, name="moving_mean", initializer=self.moving_mean_initializer,
            trainable=False,
        )
        self.moving_variance = self.add_weight(
            shape=shape, name="moving_variance",
            initializer=self.moving_variance_initializer, trainable=False,
        )
        if self.renorm:
            # Renorm tracks the inference standard deviation (initialized as the
            # square root of the variance initializer) and its own statistics.
            def moving_stddev_initializer(shape, dtype=None):
                variance = self.moving_variance_initializer(shape, dtype=dtype)
                return torch.sqrt(torch.as_tensor(variance))

            self.moving_stddev = self.add_weight(
                shape=shape, name="moving_stddev", initializer=moving_stddev_initializer,
                trainable=False,
            )
            self.renorm_mean = self.add_weight(
                shape=shape, name="renorm_mean", initializer=self.moving_mean_initializer,
                trainable=False,
            )
            self.renorm_stddev = self.add_weight(
                shape=shape, name="renorm_stddev", initializer=moving_stddev_initializer,
                trainable=False,
            )
        rank = len(input_shape)
        self.input_spec = InputSpec(ndim=rank, axes={self.axis: channels})
        self._reduction_axes = [a for a in range(rank) if a != self.axis % rank]
        self.built = True

    def call(self, inputs, training=None, mask=None):
        if mask is not None and mask.dim() != inputs.dim() - 1:
            raise ValueError(
                "The mask provided should be one dimension less than the inputs. "
                f"Received: mask.shape={tuple(mask.shape)}, "
                f"inputs.shape={tuple(inputs.shape)}"
            )
        # Statistics overflow in half precision: computed in float32, as Keras.
        x = at_least_float32(inputs)
        gamma, beta = _cast(self.gamma, x), _cast(self.beta, x)
        if not (training and self.trainable):
            outputs = F.batch_norm(
                self._channels_second(x), _cast(self.moving_mean, x),
                _cast(self.moving_variance, x), gamma, beta, False, 0.0, self.epsilon,
            ).reshape(x.shape)
        elif self._fused_statistics(x, mask):
            outputs, mean, variance = self._fused_training(x, gamma, beta)
            self._update_moving_statistics(mean, variance)
        else:
            mean, variance = self._moments(x, mask)
            if self.renorm:
                gamma, beta = self._renorm_transform(mean, variance, gamma, beta, x)
                self._update_renorm_statistics(mean, variance)
            else:
                self._update_moving_statistics(mean, variance)
            outputs = self._normalize(x, mean, variance, gamma, beta)
        return outputs.to(to_torch_dtype(self.compute_dtype))

    # ----------------------------------------------------------- statistics
    def _channels_second(self, x):
        """`x` as `(outer, channels[, inner])`, the layout `F.batch_norm` reads (a view)."""
        axis = self.axis % x.dim()
        outer = math.prod(x.shape[:axis])
        inner = math.prod(x.shape[axis + 1:])
        channels = x.shape[axis]
        return x.reshape((outer, channels) if inner == 1 else (outer, channels, inner))

    def _fused_statistics(self, x, mask) -> bool:
        if mask is not None or self.renorm or _synchronize(self.synchronized):
            return False
        return x.numel() > x.shape[self.axis]  # torch needs 2+ values per channel

    def _fused_training(self, x, gamma, beta):
        # One fused pass gives the output and the batch statistics: torch writes
        # the batch mean and the unbiased variance into zero "running" tensors
        # when momentum is 1; the biased variance Keras uses follows.
        channels = x.shape[self.axis]
        mean = x.new_zeros(channels)
        variance = x.new_zeros(channels)
        outputs = F.batch_norm(self._channels_second(x), mean, variance, gamma, beta,
                               True, 1.0, self.epsilon)
        count = x.numel() // channels
        return outputs.reshape(x.shape), mean, variance * ((count - 1) / count)

    def _moments(self, x, mask):
        """Batch mean and biased variance per channel (masked, synchronized), as Keras."""
        axes = self._reduction_axes
        weights = None if mask is None else mask.unsqueeze(-1).expand(x.shape).to(torch.bool)
        if _synchronize(self.synchronized):
            return _synchronized_moments(x, weights, axes)
        if weights is None:
            variance, mean = torch.var_mean(x, dim=axes, correction=0)
            return mean, variance
        zero = torch.zeros((), dtype=x.dtype, device=x.device)
        count = weights.sum(dim=axes, keepdim=True, dtype=x.dtype) + config.epsilon()
        mean = torch.where(weights, x, zero).sum(dim=axes, keepdim=True) / count
        squares = torch.where(weights, x - mean, zero).square()
        variance = squares.sum(dim=axes, keepdim=True) / count
        return mean.reshape(-1), variance.reshape(-1)

    def _normalize(self, x, mean, variance, gamma, beta):
        shape = [1] * x.dim()
        shape[self.axis] = x.shape[self.axis]
        inv = torch.rsqrt(variance + self.epsilon)
        if gamma is not None:
            inv = inv * gamma
        outputs = (x - mean.reshape(shape)) * inv.reshape(shape)
        if beta is not None:
            outputs = outputs + beta.reshape(shape)
        return outputs

    @torch.no_grad()
    def _update_moving_statistics(self, mean, variance):
        moving = [self.moving_mean, self.moving_variance]
        torch._foreach_mul_(moving, self.momentum)
        torch._foreach_add_(moving, [mean.to(self.moving_mean.dtype),
                                     variance.to(self.moving_variance.dtype)],
                            alpha=1.0 - self.momentum)

    # ---------------------------------------------------------------- renorm
    def _renorm_transform(self, mean, variance, gamma, beta, x):
        """Folds the (constant) renorm corrections `r`, `d` into `gamma` and `beta`."""
        with torch.no_grad():
            stddev = torch.sqrt(variance + self.epsilon)
            renorm_stddev = torch.clamp(_cast(self.renorm_stddev, x),
                                        min=math.sqrt(self.epsilon))
            r = stddev / renorm_stddev
            d = (mean - _cast(self.renorm_mean, x)) / renorm_stddev
            clipping = self.renorm_clipping
            if clipping.get("rmin") is not None:
                r = torch.clamp(r, min=clipping["rmin"])
            if clipping.get("rmax") is not None:
                r = torch.clamp(r, max=clipping["rmax"])
            if clipping.get("dmax") is not None:
                d = torch.clamp(d, -clipping["dmax"], clipping["dmax"])
        if gamma is None:
            return r, d if beta is None else d + beta
        offset = d * gamma
        return r * gamma, offset if beta is None else offset + beta

    @torch.no_grad()
    def _update_renorm_statistics(self, mean, variance):
        stddev = torch.sqrt(variance + self.epsilon)
        for weight, value in ((self.renorm_mean, mean), (self.renorm_stddev, stddev)):
            weight.copy_(weight * self.renorm_momentum + value * (1.0 - self.renorm_momentum))
        for weight, value in ((self.moving_mean, mean), (self.moving_stddev, stddev)):
            weight.copy_(weight * self.momentum + value * (1.0 - self.momentum))
        self.moving_variance.copy_(torch.relu(self.moving_stddev.square() - self.epsilon))

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "axis": self.axis,
            "momentum": self.momentum,
            "moving_mean_initializer": initializers.serialize(self.moving_mean_initializer),
            "moving_variance_initializer": initializers.serialize(
                self.moving_variance_initializer),
            "synchronized": self.synchronized,
            "renorm": self.renorm,
            "renorm_clipping": self.renorm_clipping,
            "renorm_momentum": self.renorm_momentum,
        }


def _cast(weight, x):
    return None if weight is None else weight.to(x.dtype)


def _check_renorm_clipping(clipping):
    if set(clipping) - set(_RENORM_CLIPPING_KEYS):
        raise ValueError(
            "Received invalid keys for `renorm_clipping` argument: "
            f"{clipping}. Supported values: {list(_RENORM_CLIPPING_KEYS)}."
        )
    rmax, rmin, dmax = (clipping.get(key) for key in _RENORM_CLIPPING_KEYS)
    if rmax is not None and rmin is not None and rmax < rmin:
        raise ValueError(
            "rmax should be greater than rmin in the `renorm_clipping` argument. "
            f"Received: rmax={rmax}, rmin={rmin}."
        )
    if dmax is not None and dmax < 0:
        raise ValueError(
            "dmax should be non-negative in the `renorm_clipping` argument. "
            f"Received: dmax={dmax}."
        )


def _synchronize(synchronized) -> bool:
    distributed = torch.distributed
    return bool(synchronized) and distributed.is_available() and distributed.is_initialized()


def _synchronized_moments(x, weights, axes):
    """Mean and biased variance over the batches of all processes (differentiable)."""
    from torch.distributed.nn.functional import all_reduce

    if weights is None:
        total, squares = x.sum(dim=axes), x.square().sum(dim=axes)
        count = torch.full_like(total, x.numel() // total.numel())
    else:
        w = weights.to(x.dtype)
        count = w.sum(dim=axes)
        total, squares = (x * w).sum(dim=axes), (x.square() * w).sum(dim=axes)
    sums = all_reduce(torch.stack([count, total, squares]))
    mean = sums[1] / sums[0]
    return mean, sums[2] / sums[0] - mean.square()

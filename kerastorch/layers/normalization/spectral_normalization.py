"""`SpectralNormalization`: divides a layer's kernel by its largest singular value."""

import torch

from kerastorch import initializers
from kerastorch.api_export import keras_export
from kerastorch.backend.dtypes import standardize_dtype
from kerastorch.layers.core.wrapper import Wrapper
from kerastorch.layers.input_spec import InputSpec
from kerastorch.utils.numerical_utils import normalize


@keras_export("keras.layers.SpectralNormalization")
class SpectralNormalization(Wrapper):
    """Performs spectral normalization on the weights of a target layer.

    Constrains the spectral norm (the Lipschitz constant) of the wrapped
    layer's `kernel` (or `embeddings`), which stabilizes GAN training. As in
    Keras, each call in training runs `power_iterations` steps of the power
    method from the non-trainable `vector_u`, then *replaces* the kernel by
    `kernel / sigma` (its estimated largest singular value) and updates
    `vector_u`, in place and without gradient through `sigma`; an all-zero
    kernel is left as it is. Inference calls use the kernel as stored.

    The weights are ordered as Keras orders them: the kernel, `vector_u`,
    then the wrapped layer's other weights.

    Args:
        layer: A layer with a `kernel` (`Dense`, `Conv2D`, ...) or an
            `embeddings` (`Embedding`) attribute.
        power_iterations: Number of power-method iterations per call (>= 1).
        **kwargs: Base layer arguments (`name`, `dtype`, ...).

    Example:

    >>> layer = SpectralNormalization(kerastorch.layers.Dense(10))
    >>> layer(torch.rand(1, 10, 10, 1), training=True).shape
    torch.Size([1, 10, 10, 10])
    """

    def __init__(self, layer, power_iterations=1, **kwargs):
        super().__init__(layer, **kwargs)
        if power_iterations <= 0:
            raise ValueError(
                "`power_iterations` should be greater than zero. Received: "
                f"`power_iterations={power_iterations}`"
            )
        self.power_iterations = power_iterations

    def build(self, input_shape):
        super().build(input_shape)
        self.input_spec = InputSpec(min_ndim=1, axes={-1: input_shape[-1]})
        if not (hasattr(self.layer, "kernel") or hasattr(self.layer, "embeddings")):
            raise ValueError(
                f"{type(self.layer).__name__} object has no attribute 'kernel' "
                "nor 'embeddings'"
            )
        kernel = self.kernel
        self.kernel_shape = tuple(kernel.shape)
        self.vector_u = self.add_weight(
            shape=(1, self.kernel_shape[-1]),
            initializer=initializers.TruncatedNormal(stddev=0.02),
            trainable=False, name="vector_u", dtype=standardize_dtype(kernel.dtype),
        )
        self.built = True

    @property
    def weights(self) -> list:
        """The kernel, `vector_u`, then the wrapped layer's other weights (Keras's order).

        Keras tracks the wrapped kernel as the wrapper's own first weight; in
        torch it stays registered once, in the wrapped layer.
        """
        weights = super().weights
        if not self.built:
            return weights
        kernel = self.kernel
        return [kernel] + [w for w in weights if w is not kernel]

    variables = weights

    @property
    def kernel(self):
        """The wrapped layer's `kernel` (or `embeddings`), normalized in training."""
        if hasattr(self.layer, "kernel"):
            return self.layer.kernel
        return self.layer.embeddings

    def call(self, inputs, training=False):
        if training:
            self._normalize_kernel()
        return self.layer(inputs).to(inputs.dtype)

    @torch.no_grad()
    def _normalize_kernel(self):
        vector_u, kernel = self.normalized_weights()
        all_zero = (self.kernel == 0).all()
        self.vector_u.copy_(torch.where(all_zero, self.vector_u, vector_u))
        self.kernel.copy_(torch.where(all_zero, self.kernel, kernel))

    def normalized_weights(self):
        """Returns the new `(vector_u, kernel)` after `power_iterations` power-method steps.

        The new kernel is `kernel / sigma`, `sigma` the estimated largest
        singular value (no gradient flows through it).

        Returns:
            A tuple of two tensors, shaped like `vector_u` and the kernel.
        """
        weights = self.kernel.reshape(-1, self.kernel_shape[-1])
        vector_u = self.vector_u
        for _ in range(self.power_iterations):
            vector_v = normalize(vector_u @ weights.T, axis=None)
            vector_u = normalize(vector_v @ weights, axis=None)
        vector_u, vector_v = vector_u.detach(), vector_v.detach()
        sigma = (vector_v @ weights) @ vector_u.T
        kernel = (self.kernel / sigma).reshape(self.kernel_shape)
        return vector_u.to(self.vector_u.dtype), kernel.to(self.kernel.dtype)

    def compute_output_shape(self, input_shape):
        return self.layer.compute_output_shape(input_shape)

    def get_config(self) -> dict:
        return {**super().get_config(), "power_iterations": self.power_iterations}

"""`ReversibleEmbedding`: an embedding that can also project back to the vocabulary."""

import torch

from kerastorch.api_export import keras_export
from kerastorch.backend.dtypes import to_torch_dtype
from kerastorch.backend.keras_tensor import KerasTensor
from kerastorch.backend.masking import set_keras_mask
from kerastorch.layers.core.embedding import Embedding


@keras_export("keras.layers.ReversibleEmbedding")
class ReversibleEmbedding(Embedding):
    """An `Embedding` that can be called in reverse, from vectors to vocabulary logits.

    `layer(ids)` embeds as `Embedding` does; `layer(hidden, reverse=True)`
    projects `(..., output_dim)` back to `(..., input_dim)` logits with the
    transposed `embeddings` (tied weights, the default) or with a separate
    `reverse_embeddings` weight of shape `(output_dim, input_dim)`. No bias.

    Args:
        input_dim: Size of the vocabulary (largest index + 1).
        output_dim: Dimension of the vectors.
        tie_weights: Whether the reverse projection uses the embeddings matrix.
        embeddings_initializer: Initializer of the matrices (`"uniform"`).
        embeddings_regularizer: Optional regularizer of the embeddings.
        embeddings_constraint: Optional constraint of the embeddings.
        mask_zero: Whether index 0 is padding (the forward call outputs a mask).
        reverse_dtype: Dtype of the reverse projection (default: compute dtype).
        logit_soft_cap: If set, reverse logits become
            `tanh(logits / logit_soft_cap) * logit_soft_cap`.
        **kwargs: `Embedding` and base layer arguments.

    Call arguments:
        inputs: Integer ids, or vectors when `reverse=True`.
        reverse: Whether to project vectors back to vocabulary logits.

    Example:

    >>> embedding = ReversibleEmbedding(100, 8)
    >>> hidden = embedding(torch.randint(100, (2, 5)))
    >>> embedding(hidden, reverse=True).shape
    torch.Size([2, 5, 100])
    """

    def __init__(self, input_dim, output_dim, tie_weights=True,
                 embeddings_initializer="uniform", embeddings_regularizer=None,
                 embeddings_constraint=None, mask_zero=False, reverse_dtype=None,
                 logit_soft_cap=None, **kwargs):
        super().__init__(
            input_dim, output_dim, embeddings_initializer=embeddings_initializer,
            embeddings_regularizer=embeddings_regularizer,
            embeddings_constraint=embeddings_constraint, mask_zero=mask_zero, **kwargs,
        )
        self.tie_weights = tie_weights
        self.reverse_dtype = reverse_dtype
        self.logit_soft_cap = logit_soft_cap

    def build(self, input_shape=None):
        if self.built:
            return
        super().build(input_shape)
        if not self.tie_weights:
            self.reverse_embeddings = self.add_weight(
                shape=(self.output_dim, self.input_dim),
                initializer=self.embeddings_initializer, name="reverse_embeddings",
            )

    def call(self, inputs, reverse=False):
        if not reverse:
            outputs = super().call(inputs)
            set_keras_mask(outputs, super().compute_mask(inputs))
            return outputs
        kernel = self.embeddings.t() if self.tie_weights else self.reverse_embeddings
        if self.reverse_dtype is not None:
            dtype = to_torch_dtype(self.reverse_dtype)
            inputs, kernel = inputs.to(dtype), kernel.to(dtype)
        logits = torch.matmul(inputs, kernel)
        if self.logit_soft_cap is not None:
            logits = torch.tanh(logits / self.logit_soft_cap) * self.logit_soft_cap
        return logits

    def compute_mask(self, inputs, mask=None):
        # The forward call attaches its mask itself; a reverse call has none.
        return None

    def compute_output_shape(self, input_shape, reverse=False):
        if reverse:
            return (*input_shape[:-1], self.input_dim)
        return (*input_shape, self.output_dim)

    def compute_output_spec(self, inputs, reverse=False):
        return KerasTensor(self.compute_output_shape(inputs.shape, reverse),
                           dtype=self.compute_dtype)

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "tie_weights": self.tie_weights,
            "reverse_dtype": self.reverse_dtype,
            "logit_soft_cap": self.logit_soft_cap,
        }

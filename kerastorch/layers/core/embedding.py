"""`Embedding`: looks up a dense vector for each integer index."""

import warnings

import torch
import torch.nn.functional as F

from kerastorch import constraints, initializers, regularizers
from kerastorch.api_export import keras_export
from kerastorch.backend.dtypes import to_torch_dtype
from kerastorch.layers.layer import Layer


@keras_export("keras.layers.Embedding")
class Embedding(Layer):
    """Turns non-negative integers (indexes) into dense vectors of fixed size.

    `[[4], [20]] -> [[0.25, 0.1], [0.6, -0.2]]`: row `i` of the `embeddings`
    weight, shaped `(input_dim, output_dim)`, is the vector of index `i`
    (`F.embedding`). Float indices are truncated to integers, as in Keras.

    Args:
        input_dim: Size of the vocabulary (largest index + 1).
        output_dim: Dimension of the vectors.
        embeddings_initializer: Initializer of the `embeddings` matrix
            (`"uniform"`: `RandomUniform(-0.05, 0.05)`).
        embeddings_regularizer: Optional regularizer of the matrix.
        embeddings_constraint: Optional constraint of the matrix.
        mask_zero: Whether index 0 is padding: the layer then outputs a mask
            (`compute_mask`, `inputs != 0`) for the layers downstream, and
            index 0 is not a word (`input_dim` = vocabulary size + 1).
        weights: Optional initial `(input_dim, output_dim)` matrix.
        lora_rank: Not supported (must be `None`).
        lora_alpha: Ignored without `lora_rank`, as in Keras.
        quantization_config: Not supported (must be `None`).
        **kwargs: Base layer arguments (`name`, `dtype`, ...). Keras 2's
            `input_length` is accepted and ignored, with Keras's deprecation
            warning.

    Input shape:
        `(batch_size, input_length)`, or any shape of integers.

    Output shape:
        The input shape plus `(output_dim,)`.

    Example:

    >>> layer = Embedding(1000, 64)
    >>> layer(torch.randint(1000, (32, 10))).shape
    torch.Size([32, 10, 64])
    """

    def __init__(self, input_dim, output_dim, embeddings_initializer="uniform",
                 embeddings_regularizer=None, embeddings_constraint=None, mask_zero=False,
                 weights=None, lora_rank=None, lora_alpha=None, quantization_config=None,
                 **kwargs):
        for name, value in (("input_dim", input_dim), ("output_dim", output_dim)):
            if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
                raise ValueError(
                    f"`{name}` must be a positive integer. Received: {name}={value} "
                    f"(of type {type(value).__name__})."
                )
        if lora_rank is not None or quantization_config is not None:
            raise NotImplementedError(
                "kerastorch's Embedding does not support LoRA or quantization yet."
            )
        if kwargs.pop("input_length", None) is not None:
            warnings.warn("Argument `input_length` is deprecated. Just remove it.",
                          stacklevel=2)
        super().__init__(**kwargs)
        self.input_dim = input_dim
        self.output_dim = output_dim
        self.embeddings_initializer = initializers.get(embeddings_initializer)
        self.embeddings_regularizer = regularizers.get(embeddings_regularizer)
        self.embeddings_constraint = constraints.get(embeddings_constraint)
        self.mask_zero = mask_zero
        self.supports_masking = mask_zero
        self.autocast = False
        self.lora_rank = lora_rank
        self.lora_alpha = lora_alpha
        if weights is not None:
            self.build()
            if not (isinstance(weights, list) and len(weights) == 1):
                weights = [weights]
            self.set_weights(weights)

    def build(self, input_shape=None):
        if self.built:
            return
        self.embeddings = self.add_weight(
            shape=(self.input_dim, self.output_dim), initializer=self.embeddings_initializer,
            name="embeddings", regularizer=self.embeddings_regularizer,
            constraint=self.embeddings_constraint,
        )
        self.built = True

    def call(self, inputs):
        if inputs.dtype not in (torch.int32, torch.int64):
            inputs = inputs.to(torch.int32)
        outputs = F.embedding(inputs, self.embeddings)
        return outputs.to(to_torch_dtype(self.compute_dtype))

    def compute_mask(self, inputs, mask=None):
        if not self.mask_zero:
            return None
        return inputs != 0

    def compute_output_shape(self, input_shape):
        return (*input_shape, self.output_dim)

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "input_dim": self.input_dim,
            "output_dim": self.output_dim,
            "embeddings_initializer": initializers.serialize(self.embeddings_initializer),
            "embeddings_regularizer": regularizers.serialize(self.embeddings_regularizer),
            "activity_regularizer": regularizers.serialize(self.activity_regularizer),
            "embeddings_constraint": constraints.serialize(self.embeddings_constraint),
            "mask_zero": self.mask_zero,
            "quantization_config": None,
        }

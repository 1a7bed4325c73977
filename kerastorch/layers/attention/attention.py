"""`Attention`: dot-product (Luong-style) attention over a query and a value sequence."""

import torch

from kerastorch.api_export import keras_export
from kerastorch.backend.keras_tensor import KerasTensor
from kerastorch.layers.attention import attention_ops
from kerastorch.layers.layer import Layer
from kerastorch.layers.regularization.dropout import Dropout


@keras_export("keras.layers.Attention")
class Attention(Layer):
    """Dot-product attention layer, a.k.a. Luong-style attention.

    Called on `[query, value]` or `[query, value, key]` (`key` defaults to
    `value`): scores `query @ key^T` (`"dot"`) or
    `sum(tanh(query + key), -1)` (`"concat"`), a softmax over the value
    steps, then the weighted sum of `value`.

    Without attention scores to return and without dropout, `"dot"` scores
    run in `torch.nn.functional.scaled_dot_product_attention`.

    Args:
        use_scale: Whether to learn a scalar `scale` multiplying the scores.
        score_mode: `"dot"` or `"concat"`.
        dropout: Fraction of the attention weights to drop in training.
        seed: Optional integer seed of the dropout.
        **kwargs: Base layer arguments (`name`, `dtype`, ...).

    Call arguments:
        inputs: `[query, value]` or `[query, value, key]`, shaped
            `(batch, Tq, dim)`, `(batch, Tv, dim)`, `(batch, Tv, dim)`.
        mask: Optional `[query_mask, value_mask]`, booleans shaped
            `(batch, Tq)` and `(batch, Tv)`: masked values are not attended
            to; masked query steps output zeros.
        training: Whether to apply dropout.
        return_attention_scores: Whether to also return the attention weights.
        use_causal_mask: Whether query step `i` only attends to value steps
            `j <= i`.

    Output shape:
        `(batch, Tq, dim)`, and `(batch, Tq, Tv)` weights when
        `return_attention_scores=True`.

    Example:

    >>> layer = Attention()
    >>> layer([torch.ones(2, 3, 4), torch.ones(2, 5, 4)]).shape
    torch.Size([2, 3, 4])
    """

    def __init__(self, use_scale=False, score_mode="dot", dropout=0.0, seed=None, **kwargs):
        super().__init__(**kwargs)
        self.use_scale = use_scale
        self.score_mode = score_mode
        self.dropout = dropout
        self.seed = seed
        if dropout > 0:
            # Named explicitly so that it takes no auto-name (`dropout`, ...)
            # from the user's layers: Keras's Attention has no Dropout layer.
            self._dropout_layer = Dropout(dropout, seed=seed, dtype=self.dtype_policy,
                                          name=f"{self.name}_dropout")
        if score_mode not in ("dot", "concat"):
            raise ValueError(
                "Invalid value for argument score_mode. Expected one of {'dot', 'concat'}. "
                f"Received: score_mode={score_mode}"
            )

    def build(self, input_shape):
        self._validate_inputs(input_shape)
        self.scale = None
        self.concat_score_weight = None
        if self.use_scale:
            self.scale = self.add_weight(name="scale", shape=(), initializer="ones")
        if self.score_mode == "concat":
            self.concat_score_weight = self.add_weight(
                name="concat_score_weight", shape=(), initializer="ones")
        self.built = True

    def _calculate_scores(self, query, key):
        """Returns the `(batch, Tq, Tv)` scores of `query` against `key`."""
        if self.score_mode == "dot":
            scores = query @ key.transpose(-2, -1)
            return scores if self.scale is None else scores * self.scale
        summed = query.unsqueeze(-2) + key.unsqueeze(-3)
        if self.scale is not None:
            summed = self.scale * summed
        return self.concat_score_weight * torch.tanh(summed).sum(dim=-1)

    def _uses_fused_attention(self, training, return_attention_scores):
        # The fused kernel computes `softmax(query @ key^T + bias) @ value`
        # only: it is Keras's maths for "dot" scores when no weights are needed.
        return (type(self)._calculate_scores is Attention._calculate_scores
                and self.score_mode == "dot" and not return_attention_scores
                and not (training and self.dropout > 0))

    def call(self, inputs, mask=None, training=False, return_attention_scores=False,
             use_causal_mask=False):
        self._validate_inputs(inputs, mask)
        query, value = inputs[0], inputs[1]
        key = inputs[2] if len(inputs) > 2 else value
        device = query.device
        query_mask = attention_ops.to_bool_mask(mask[0], device) if mask else None
        value_mask = attention_ops.to_bool_mask(mask[1], device) if mask else None
        scores_mask = value_mask.unsqueeze(-2) if value_mask is not None else None
        if use_causal_mask:
            causal = attention_ops.causal_mask(query.shape[-2], key.shape[-2], device)
            scores_mask = attention_ops.merge_masks(scores_mask, causal)
        # Keras subtracts 1e9 (65504 in float16) from the masked scores.
        max_value = 65504.0 if query.dtype == torch.float16 else 1.0e9
        if self._uses_fused_attention(training, return_attention_scores):
            bias = None
            if scores_mask is not None:
                bias = torch.zeros(scores_mask.shape, dtype=query.dtype, device=device)
                bias = bias.masked_fill(~scores_mask, -max_value)
            if self.scale is not None:
                query = query * self.scale
            outputs = torch.nn.functional.scaled_dot_product_attention(
                query, key, value, attn_mask=bias, scale=1.0)
            weights = None
        else:
            scores = self._calculate_scores(query, key)
            if scores_mask is not None:
                scores = torch.where(scores_mask, scores, scores - max_value)
            # As Keras, the weights returned are the ones applied (after dropout).
            weights = torch.softmax(scores, dim=-1)
            if training and self.dropout > 0:
                weights = self._dropout_layer(weights, training=True)
            outputs = weights @ value
        if query_mask is not None:
            outputs = torch.where(query_mask.unsqueeze(-1), outputs,
                                  torch.zeros((), dtype=outputs.dtype, device=device))
        if return_attention_scores:
            return outputs, weights
        return outputs

    def compute_mask(self, inputs, mask=None):
        self._validate_inputs(inputs, mask)
        if mask is None or mask[0] is None:
            return None
        return torch.as_tensor(mask[0])

    def compute_output_shape(self, input_shape):
        return (*input_shape[0][:-1], input_shape[1][-1])

    def compute_output_spec(self, inputs, mask=None, return_attention_scores=False,
                            training=None, use_causal_mask=False):
        self._validate_inputs(inputs, mask)
        query, value = inputs[0], inputs[1]
        key = inputs[2] if len(inputs) > 2 else value
        output = KerasTensor(self.compute_output_shape([query.shape, value.shape]),
                             dtype=self.compute_dtype)
        if return_attention_scores:
            scores = KerasTensor((*query.shape[:-1], key.shape[-2]), dtype=self.compute_dtype)
            return output, scores
        return output

    def _validate_inputs(self, inputs, mask=None):
        class_name = type(self).__name__
        if not isinstance(inputs, list):
            raise ValueError(  # noqa: TRY004 - Keras raises a ValueError
                f"{class_name} layer must be called on a list of inputs, namely "
                f"[query, value] or [query, value, key]. Received: inputs={inputs}."
            )
        if len(inputs) < 2 or len(inputs) > 3:
            raise ValueError(
                f"{class_name} layer accepts inputs list of length 2 or 3, namely "
                f"[query, value] or [query, value, key]. Received length: {len(inputs)}."
            )
        if mask is not None:
            if not isinstance(mask, list):
                raise ValueError(
                    f"{class_name} layer mask must be a list, namely "
                    f"[query_mask, value_mask]. Received: mask={mask}."
                )
            if len(mask) < 2 or len(mask) > 3:
                raise ValueError(
                    f"{class_name} layer accepts mask list of length 2 or 3. "
                    f"Received: inputs={inputs}, mask={mask}."
                )

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "use_scale": self.use_scale,
            "score_mode": self.score_mode,
            "dropout": self.dropout,
            "seed": self.seed,
        }

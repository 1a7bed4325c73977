"""`AdditiveAttention`: Bahdanau-style attention, scores `sum(scale * tanh(query + key))`."""

import torch

from kerastorch.api_export import keras_export
from kerastorch.layers.attention.attention import Attention


@keras_export("keras.layers.AdditiveAttention")
class AdditiveAttention(Attention):
    """Additive attention layer, a.k.a. Bahdanau-style attention.

    Called on `[query, value]` or `[query, value, key]` like `Attention`; the
    scores are `sum(scale * tanh(query + key), axis=-1)` with a learned
    `scale` vector of size `dim` (`glorot_uniform`), or without it when
    `use_scale=False`.

    Args:
        use_scale: Whether to learn the `(dim,)` scale vector.
        dropout: Fraction of the attention weights to drop in training.
        **kwargs: Base layer arguments and `seed`.

    Call arguments:
        inputs: `[query, value]` or `[query, value, key]`, shaped
            `(batch, Tq, dim)`, `(batch, Tv, dim)`, `(batch, Tv, dim)`.
        mask: Optional `[query_mask, value_mask]` booleans.
        training: Whether to apply dropout.
        return_attention_scores: Whether to also return the attention weights.
        use_causal_mask: Whether query step `i` only attends to steps `j <= i`.

    Output shape:
        `(batch, Tq, dim)`, and `(batch, Tq, Tv)` weights when
        `return_attention_scores=True`.

    Example:

    >>> layer = AdditiveAttention()
    >>> layer([torch.ones(2, 3, 4), torch.ones(2, 5, 4)]).shape
    torch.Size([2, 3, 4])
    """

    def __init__(self, use_scale=True, dropout=0.0, **kwargs):
        super().__init__(use_scale=use_scale, dropout=dropout, **kwargs)

    def build(self, input_shape):
        self._validate_inputs(input_shape)
        self.scale = None
        if self.use_scale:
            self.scale = self.add_weight(name="scale", shape=(input_shape[0][-1],),
                                         initializer="glorot_uniform")
        self.built = True

    def _calculate_scores(self, query, key):
        activated = torch.tanh(query.unsqueeze(-2) + key.unsqueeze(-3))
        if self.use_scale:
            activated = self.scale * activated
        return activated.sum(dim=-1)

    def get_config(self) -> dict:
        config = super().get_config()
        del config["score_mode"]
        return config

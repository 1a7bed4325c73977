"""`GroupedQueryAttention`: attention where groups of query heads share a key/value head."""

import math

import torch

from kerastorch import constraints, initializers, regularizers
from kerastorch.api_export import keras_export
from kerastorch.backend import config
from kerastorch.backend.keras_tensor import KerasTensor
from kerastorch.layers.activations.softmax import Softmax
from kerastorch.layers.attention import attention_ops
from kerastorch.layers.core.einsum_dense import EinsumDense
from kerastorch.layers.layer import Layer
from kerastorch.layers.regularization.dropout import Dropout


@keras_export("keras.layers.GroupQueryAttention")
class GroupedQueryAttention(Layer):
    """Grouped-query attention (Ainslie et al., 2023), `keras.layers.GroupQueryAttention`.

    `num_key_value_heads` key/value heads serve `num_query_heads` query heads
    (each key/value head a group of `num_query_heads / num_key_value_heads`
    consecutive query heads): 1 is multi-query attention, `num_query_heads`
    multi-head attention. Projections are `EinsumDense` layers `query`
    (kernel `(dim, num_query_heads, head_dim)`), `key`, `value`
    (`(dim, num_key_value_heads, head_dim)`) and `attention_output`
    (`(num_query_heads, head_dim, dim)`).

    Without dropout and without attention scores to return, the attention
    runs in `torch.nn.functional.scaled_dot_product_attention`.

    Args:
        head_dim: Size of each attention head.
        num_query_heads: Number of query heads.
        num_key_value_heads: Number of key/value heads (divides
            `num_query_heads`).
        dropout: Dropout rate of the attention weights.
        use_bias: Whether the projections have biases.
        sliding_window: Optional positive int: query `i` only attends to keys
            `j` with `|i - j| < sliding_window`.
        flash_attention: `True` to require torch's flash kernel; `None` lets
            torch choose.
        kernel_initializer: Initializer of the projection kernels.
        bias_initializer: Initializer of the projection biases.
        kernel_regularizer: Optional regularizer of the kernels.
        bias_regularizer: Optional regularizer of the biases.
        activity_regularizer: Optional regularizer of the projections' outputs.
        kernel_constraint: Optional constraint of the kernels.
        bias_constraint: Optional constraint of the biases.
        use_gate: Whether to gate the heads with `sigmoid(gate(query))`.
        seed: Optional integer seed of the dropout.
        **kwargs: Base layer arguments (`name`, `dtype`, ...).

    Call arguments:
        query: `(B, T, dim)`.
        value: `(B, S, dim)`.
        key: Optional `(B, S, dim)` (default: `value`).
        query_mask: Optional `(B, T)` mask (default: the query's Keras mask).
        value_mask: Optional `(B, S)` mask (default: the value's Keras mask).
        key_mask: Optional `(B, S)` mask (default: the key's Keras mask).
        attention_mask: Optional boolean mask broadcastable to `(B, T, S)`.
        return_attention_scores: Whether to also return the
            `(B, num_query_heads, T, S)` attention weights.
        training: Whether to apply dropout.
        use_causal_mask: Whether query `i` only attends to keys `j <= i`.

    Returns:
        The `(B, T, dim)` output, and the attention weights when asked.

    Example:

    >>> layer = GroupedQueryAttention(head_dim=4, num_query_heads=4, num_key_value_heads=2)
    >>> layer(torch.ones(2, 5, 8), torch.ones(2, 3, 8)).shape
    torch.Size([2, 5, 8])
    """

    def __init__(self, head_dim, num_query_heads, num_key_value_heads, dropout=0.0,
                 use_bias=True, sliding_window=None, flash_attention=None,
                 kernel_initializer="glorot_uniform", bias_initializer="zeros",
                 kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, bias_constraint=None, use_gate=False, seed=None,
                 **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True
        self.head_dim = head_dim
        self.num_query_heads = num_query_heads
        self.num_key_value_heads = num_key_value_heads
        if num_query_heads % num_key_value_heads != 0:
            raise ValueError(
                "`num_query_heads` must be divisible by `num_key_value_heads`."
            )
        self.num_repeats = num_query_heads // num_key_value_heads
        self.dropout = dropout
        self.use_bias = use_bias
        self.use_gate = use_gate
        if sliding_window is not None and (
                not isinstance(sliding_window, int) or sliding_window <= 0):
            raise ValueError(
                "`sliding_window` must be `None` or a positive integer. "
                f"Received: sliding_window={sliding_window}"
            )
        self.sliding_window = sliding_window
        # As Keras: `False` means "let the backend decide", like `None`.
        self._flash_attention = flash_attention or config.is_flash_attention_enabled()
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        # As Keras: it regularizes the projections' outputs and this layer's.
        self.activity_regularizer = regularizers.get(activity_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.bias_constraint = constraints.get(bias_constraint)
        self.seed = seed
        self._inverse_sqrt_head_dim = 1.0 / math.sqrt(float(head_dim))
        if self._flash_attention and dropout > 0.0:
            raise ValueError(
                "Dropout is not supported when flash attention is enabled. "
                "Please set dropout to 0.0 to use flash attention."
            )

    def _projection_kwargs(self):
        return attention_ops.projection_kwargs(
            self.kernel_initializer, self.bias_initializer, self.kernel_regularizer,
            self.bias_regularizer, self.activity_regularizer, self.kernel_constraint,
            self.bias_constraint, self.dtype_policy)

    def _projection(self, equation, heads, bias_axes, name, activation=None):
        return EinsumDense(
            equation, output_shape=(None, heads, self.head_dim),
            bias_axes=bias_axes if self.use_bias else None, activation=activation, name=name,
            **self._projection_kwargs(),
        )

    def build(self, query_shape, value_shape, key_shape=None):
        # b: batch, q: query length, k: key/value length, m: model dim,
        # u: query heads, v: key/value heads, h: head dim.
        key_shape = value_shape if key_shape is None else key_shape
        self.feature_dim = query_shape[-1]
        self._query_dense = self._projection("bqm,muh->bquh", self.num_query_heads, "uh",
                                             "query")
        self._query_dense.build(query_shape)
        self._key_dense = self._projection("bkm,mvh->bkvh", self.num_key_value_heads, "vh",
                                           "key")
        self._key_dense.build(key_shape)
        if self.use_gate:
            self._gate_dense = self._projection("bqm,muh->bquh", self.num_query_heads, "uh",
                                                "gate", activation="sigmoid")
            self._gate_dense.build(query_shape)
        self._value_dense = self._projection("bkm,mvh->bkvh", self.num_key_value_heads,
                                             "vh", "value")
        self._value_dense.build(value_shape)
        self._softmax = Softmax(axis=-1, dtype=self.dtype_policy)
        self._dropout_layer = Dropout(rate=self.dropout, dtype=self.dtype_policy,
                                      seed=self.seed)
        self._dot_product_equation = "bquh,bkuh->buqk"
        self._combine_equation = "buqk,bkuh->bquh"
        self._output_dense = EinsumDense(
            "bquh,uhm->bqm", output_shape=(None, self.feature_dim),
            bias_axes="m" if self.use_bias else None, name="attention_output",
            **self._projection_kwargs(),
        )
        self._output_dense.build((None, None, self.num_query_heads, self.head_dim))
        self.built = True

    def call(self, query, value, key=None, query_mask=None, value_mask=None, key_mask=None,
             attention_mask=None, return_attention_scores=False, training=None,
             use_causal_mask=False):
        value = self._convert_input(value)
        key = value if key is None else self._convert_input(key)
        # A causal mask alone runs as the fused kernel's `is_causal`.
        causal_only = (
            use_causal_mask and query_mask is None and value_mask is None
            and key_mask is None and attention_mask is None and self.sliding_window is None
            and type(self)._compute_attention is GroupedQueryAttention._compute_attention
        )
        if causal_only:
            attention_mask = None
        else:
            attention_mask = attention_ops.combine_attention_masks(
                query, value, query_mask, value_mask, key_mask, attention_mask,
                use_causal_mask, self.sliding_window)
        gate = self._gate_dense(query) if self.use_gate else None
        query = self._query_dense(query)
        key = self._key_dense(key).repeat_interleave(self.num_repeats, dim=2)
        value = self._value_dense(value).repeat_interleave(self.num_repeats, dim=2)
        extra = {"use_causal_mask": True} if causal_only else {}
        output, scores = self._compute_attention(
            query, key, value, attention_mask=attention_mask, training=training,
            return_attention_scores=return_attention_scores, **extra)
        if gate is not None:
            output = output * gate
        output = self._output_dense(output)
        if return_attention_scores:
            return output, scores
        return output

    def _compute_attention(self, query, key, value, attention_mask=None, training=None,
                           return_attention_scores=False, use_causal_mask=False):
        """Attention of projected `(B, T, N, H)` heads; returns `(output, scores or None)`.

        Override it to customise the attention maths (`key` and `value` come
        with their heads already repeated to `num_query_heads`).
        """
        if self._flash_attention and return_attention_scores:
            raise ValueError(
                "Returning attention scores is not supported when flash attention is "
                "enabled. Please disable flash attention to access attention scores."
            )
        if not (self.dropout > 0.0 or return_attention_scores or query.dim() != 4):
            output = attention_ops.dot_product_attention(
                query, key, value, mask=attention_ops.expand_mask(attention_mask, 4, -3),
                scale=self._inverse_sqrt_head_dim, is_causal=use_causal_mask,
                flash_attention=self._flash_attention)
            return output, None
        if use_causal_mask:
            attention_mask = attention_ops.merge_masks(
                attention_mask, attention_ops.causal_mask(query.shape[1], value.shape[1],
                                                          query.device))
        query = query * self._inverse_sqrt_head_dim
        scores = torch.einsum(self._dot_product_equation, query, key)
        scores = self._softmax(scores, mask=attention_ops.expand_mask(
            attention_mask, scores.dim(), -3))
        attended = self._dropout_layer(scores, training=training) if self.dropout > 0.0 \
            else scores
        return torch.einsum(self._combine_equation, attended, value), scores

    def compute_output_shape(self, query_shape, value_shape, key_shape=None):
        key_shape = value_shape if key_shape is None else key_shape
        if query_shape[-1] != value_shape[-1]:
            raise ValueError(
                "The last dimension of `query_shape` and `value_shape` must be equal, "
                f"but are {query_shape[-1]}, {value_shape[-1]}. Received: "
                f"query_shape={query_shape}, value_shape={value_shape}"
            )
        if tuple(value_shape[1:-1]) != tuple(key_shape[1:-1]):
            raise ValueError(
                "All dimensions of `value` and `key`, except the last one, must be equal. "
                f"Received: value_shape={value_shape} and key_shape={key_shape}"
            )
        return query_shape

    def compute_output_spec(self, query, value, key=None, query_mask=None, value_mask=None,
                            key_mask=None, attention_mask=None, return_attention_scores=False,
                            training=None, use_causal_mask=False):
        output = KerasTensor(self.compute_output_shape(
            query.shape, value.shape, None if key is None else key.shape),
            dtype=self.compute_dtype)
        if not return_attention_scores:
            return output
        key_length = (value if key is None else key).shape[1]
        scores = (query.shape[0], self.num_query_heads, query.shape[1], key_length)
        return output, KerasTensor(scores, dtype=self.compute_dtype)

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "head_dim": self.head_dim,
            "num_query_heads": self.num_query_heads,
            "num_key_value_heads": self.num_key_value_heads,
            "use_bias": self.use_bias,
            "use_gate": self.use_gate,
            "sliding_window": self.sliding_window,
            "dropout": self.dropout,
            "kernel_initializer": initializers.serialize(self.kernel_initializer),
            "bias_initializer": initializers.serialize(self.bias_initializer),
            "kernel_regularizer": regularizers.serialize(self.kernel_regularizer),
            "bias_regularizer": regularizers.serialize(self.bias_regularizer),
            "activity_regularizer": regularizers.serialize(
                self.activity_regularizer),
            "kernel_constraint": constraints.serialize(self.kernel_constraint),
            "bias_constraint": constraints.serialize(self.bias_constraint),
            "seed": self.seed,
        }

"""`MultiHeadAttention`: scaled dot-product attention over several projected heads."""

import math
import string

import torch

from kerastorch import constraints, initializers, regularizers
from kerastorch.api_export import keras_export
from kerastorch.backend import config
from kerastorch.backend.keras_tensor import KerasTensor
from kerastorch.backend.masking import get_keras_mask, set_keras_mask
from kerastorch.layers.activations.softmax import Softmax
from kerastorch.layers.attention import attention_ops
from kerastorch.layers.core.einsum_dense import EinsumDense
from kerastorch.layers.layer import Layer
from kerastorch.layers.regularization.dropout import Dropout


@keras_export("keras.layers.MultiHeadAttention")
class MultiHeadAttention(Layer):
    """Multi-head attention, as in "Attention is all you Need" (Vaswani et al., 2017).

    `query`, `key` and `value` are projected to `num_heads` heads
    (`EinsumDense` layers `query`, `key`, `value`, kernels shaped
    `(dim, num_heads, key_dim)`), each query head attends to the key heads
    (`softmax(query @ key^T / sqrt(key_dim))`), and the heads are projected
    back to the query's last dimension (or `output_shape`) by
    `attention_output`, kernel `(num_heads, value_dim, dim)`.

    Without dropout and without attention scores to return, rank-3 inputs
    run in `torch.nn.functional.scaled_dot_product_attention` (as Keras's
    torch backend); otherwise the softmax is explicit.

    Args:
        num_heads: Number of attention heads.
        key_dim: Size of each head for query and key.
        value_dim: Size of each head for value (default: `key_dim`).
        dropout: Dropout rate of the attention weights.
        use_bias: Whether the projections have biases.
        output_shape: Shape of the output besides the batch and sequence
            axes (an int or a tuple); default: the query's last dimension.
        attention_axes: Axes attention runs over (default: all but batch,
            heads and features).
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
        query_mask: Taken, as in Keras, from the query's Keras mask only.
        value_mask: Optional `(B, S)` mask (default: the value's Keras mask).
        key_mask: Optional `(B, S)` mask (default: the key's Keras mask).
        attention_mask: Optional boolean mask broadcastable to `(B, T, S)`.
        return_attention_scores: Whether to also return the `(B, N, T, S)`
            attention weights.
        training: Whether to apply dropout.
        use_causal_mask: Whether query `i` only attends to keys `j <= i`.

    Returns:
        The `(B, T, dim)` output, and the attention weights when asked.

    Example:

    >>> layer = MultiHeadAttention(num_heads=2, key_dim=2)
    >>> target, source = torch.ones(1, 8, 16), torch.ones(1, 4, 16)
    >>> output, weights = layer(target, source, return_attention_scores=True)
    >>> output.shape, weights.shape
    (torch.Size([1, 8, 16]), torch.Size([1, 2, 8, 4]))
    """

    def __init__(self, num_heads, key_dim, value_dim=None, dropout=0.0, use_bias=True,
                 output_shape=None, attention_axes=None, sliding_window=None,
                 flash_attention=None, kernel_initializer="glorot_uniform",
                 bias_initializer="zeros", kernel_regularizer=None, bias_regularizer=None,
                 activity_regularizer=None, kernel_constraint=None, bias_constraint=None,
                 use_gate=False, seed=None, **kwargs):
        for arg, value in (("num_heads", num_heads), ("key_dim", key_dim)):
            if not isinstance(value, int) or value <= 0:
                raise ValueError(
                    f"Received an invalid value for argument `{arg}`, expected a positive "
                    f"integer. Received: {arg}={value}"
                )
        if value_dim is not None and (not isinstance(value_dim, int) or value_dim <= 0):
            raise ValueError(
                "Received an invalid value for argument `value_dim`, expected a positive "
                f"integer or `None`. Received: value_dim={value_dim}"
            )
        super().__init__(**kwargs)
        self.supports_masking = True
        self._num_heads = num_heads
        self._key_dim = key_dim
        self._value_dim = value_dim if value_dim else key_dim
        self._dropout = dropout
        self._use_bias = use_bias
        self._use_gate = use_gate
        if output_shape:
            if isinstance(output_shape, int):
                output_shape = (output_shape,)
            try:
                output_shape = tuple(output_shape)
            except TypeError:
                raise ValueError(
                    f"Invalid `output_shape`: {output_shape}. When specified, the "
                    "`output_shape` should be of type tuple, list, or int."
                ) from None
        self._output_shape = output_shape
        # As Keras: `False` means "let the backend decide", like `None`.
        self._flash_attention = flash_attention or config.is_flash_attention_enabled()
        self._kernel_initializer = initializers.get(kernel_initializer)
        self._bias_initializer = initializers.get(bias_initializer)
        self._kernel_regularizer = regularizers.get(kernel_regularizer)
        self._bias_regularizer = regularizers.get(bias_regularizer)
        self._activity_regularizer = regularizers.get(activity_regularizer)
        self._kernel_constraint = constraints.get(kernel_constraint)
        self._bias_constraint = constraints.get(bias_constraint)
        if isinstance(attention_axes, int):
            attention_axes = (attention_axes,)
        elif attention_axes and not isinstance(attention_axes, (list, tuple)):
            raise ValueError(
                "`attention_axes` must be an int, list, or tuple."
                f"Received: attention_axes={attention_axes}"
            )
        self._attention_axes = attention_axes
        if sliding_window is not None and (
                not isinstance(sliding_window, int) or sliding_window <= 0):
            raise ValueError(
                "`sliding_window` must be `None` or a positive integer. "
                f"Received: sliding_window={sliding_window}"
            )
        self._sliding_window = sliding_window
        self.seed = seed
        self._inverse_sqrt_key_dim = 1.0 / math.sqrt(float(key_dim))
        if self._flash_attention and dropout > 0.0:
            raise ValueError(
                "Dropout is not supported when flash attention is enabled. "
                "Please set dropout to 0.0 to use flash attention."
            )

    @property
    def num_heads(self) -> int:
        """Number of attention heads."""
        return self._num_heads

    @property
    def key_dim(self) -> int:
        """Size of each query / key head."""
        return self._key_dim

    @property
    def value_dim(self) -> int:
        """Size of each value head."""
        return self._value_dim

    @property
    def dropout(self) -> float:
        """Dropout rate of the attention weights."""
        return self._dropout

    @property
    def use_bias(self) -> bool:
        """Whether the projections have biases."""
        return self._use_bias

    @property
    def attention_axes(self):
        """Axes attention runs over (normalised once built)."""
        return self._attention_axes

    @property
    def query_dense(self):
        """The query projection (`EinsumDense`)."""
        return self._query_dense

    @property
    def key_dense(self):
        """The key projection (`EinsumDense`)."""
        return self._key_dense

    @property
    def value_dense(self):
        """The value projection (`EinsumDense`)."""
        return self._value_dense

    @property
    def output_dense(self):
        """The output projection (`EinsumDense`)."""
        return self._output_dense

    def _projection(self, rank, heads_dim, name, activation=None):
        equation, bias_axes, output_rank = _build_proj_equation(rank - 1, bound_dims=1,
                                                                output_dims=2)
        return EinsumDense(
            equation, output_shape=_get_output_shape(output_rank - 1,
                                                     [self._num_heads, heads_dim]),
            bias_axes=bias_axes if self._use_bias else None, activation=activation,
            name=name, **self._projection_kwargs(),
        )

    def _projection_kwargs(self):
        return attention_ops.projection_kwargs(
            self._kernel_initializer, self._bias_initializer, self._kernel_regularizer,
            self._bias_regularizer, self._activity_regularizer, self._kernel_constraint,
            self._bias_constraint, self.dtype_policy)

    def build(self, query_shape, value_shape, key_shape=None):
        key_shape = value_shape if key_shape is None else key_shape
        _check_value_and_key_shapes(value_shape, key_shape)
        self._query_dense = self._projection(len(query_shape), self._key_dim, "query")
        self._query_dense.build(query_shape)
        self._key_dense = self._projection(len(key_shape), self._key_dim, "key")
        self._key_dense.build(key_shape)
        if self._use_gate:
            self._gate_dense = self._projection(len(query_shape), self._value_dim, "gate",
                                                activation="sigmoid")
            self._gate_dense.build(query_shape)
        self._value_dense = self._projection(len(value_shape), self._value_dim, "value")
        self._value_dense.build(value_shape)
        self._build_attention(len(query_shape) + 1)
        output_shape = self._output_shape or [query_shape[-1]]
        equation, bias_axes, output_rank = _build_proj_equation(
            len(query_shape) - 1, bound_dims=2, output_dims=len(output_shape))
        self._output_dense = EinsumDense(
            equation, output_shape=_get_output_shape(output_rank - 1, output_shape),
            bias_axes=bias_axes if self._use_bias else None, name="attention_output",
            **self._projection_kwargs(),
        )
        heads_shape = list(self._query_dense.compute_output_shape(query_shape))
        heads_shape[-1] = self._value_dim
        self._output_dense.build(tuple(heads_shape))
        self.built = True

    def _build_attention(self, rank):
        """Sets the attention axes, einsum equations, softmax and dropout for `rank`."""
        if self._attention_axes is None:
            self._attention_axes = tuple(range(1, rank - 2))
        else:
            self._attention_axes = tuple(axis if axis >= 0 else (rank - 1) + axis
                                         for axis in self._attention_axes)
        self._dot_product_equation, self._combine_equation, scores_rank = (
            _build_attention_equation(rank, self._attention_axes))
        norm_axes = tuple(range(scores_rank - len(self._attention_axes), scores_rank))
        self._softmax = Softmax(axis=norm_axes, dtype=self.dtype_policy)
        self._dropout_layer = Dropout(rate=self._dropout, dtype=self.dtype_policy,
                                      seed=self.seed)

    def _masked_softmax(self, attention_scores, attention_mask=None):
        # The mask gets size-1 axes at the head axis, before the attention axes.
        attention_mask = attention_ops.expand_mask(
            attention_mask, attention_scores.dim(), -len(self._attention_axes) * 2 - 1)
        return self._softmax(attention_scores, mask=attention_mask)

    def _compute_attention(self, query, key, value, attention_mask=None, training=None,
                           return_attention_scores=False, use_causal_mask=False):
        """Attention of projected `(B, T, N, H)` heads; returns `(output, scores or None)`.

        Override it to customise the attention maths.
        """
        if self._flash_attention and return_attention_scores:
            raise ValueError(
                "Returning attention scores is not supported when flash attention is "
                "enabled. Please disable flash attention to access attention scores."
            )
        if not (self._dropout > 0.0 or return_attention_scores or query.dim() != 4):
            mask = attention_ops.expand_mask(attention_mask, 4,
                                             -len(self._attention_axes) * 2 - 1)
            output = attention_ops.dot_product_attention(
                query, key, value, mask=mask, scale=self._inverse_sqrt_key_dim,
                is_causal=use_causal_mask, flash_attention=self._flash_attention)
            return output, None
        if use_causal_mask:
            attention_mask = attention_ops.merge_masks(
                attention_mask, attention_ops.causal_mask(query.shape[1], value.shape[1],
                                                          query.device))
        query = query * self._inverse_sqrt_key_dim
        scores = torch.einsum(self._dot_product_equation, key, query)
        scores = self._masked_softmax(scores, attention_mask)
        attended = self._dropout_layer(scores, training=training) if self._dropout > 0.0 \
            else scores
        return torch.einsum(self._combine_equation, attended, value), scores

    def call(self, query, value, key=None, query_mask=None, value_mask=None, key_mask=None,
             attention_mask=None, return_attention_scores=False, training=None,
             use_causal_mask=False):
        value = self._convert_input(value)
        key = value if key is None else self._convert_input(key)
        # As Keras: the query mask is the query's own Keras mask (an explicit
        # `query_mask` is ignored), and the inputs' masks are removed so that
        # the projections do not see them.
        query_mask = get_keras_mask(query)
        for tensor in (query, value, key):
            set_keras_mask(tensor, None)
        # A causal mask alone runs as the fused kernel's `is_causal`.
        causal_only = (
            use_causal_mask and query_mask is None and value_mask is None
            and key_mask is None and attention_mask is None and self._sliding_window is None
            and type(self)._compute_attention is MultiHeadAttention._compute_attention
        )
        if causal_only:
            attention_mask = None
        else:
            attention_mask = attention_ops.combine_attention_masks(
                query, value, query_mask, value_mask, key_mask, attention_mask,
                use_causal_mask, self._sliding_window)
        gate = self._gate_dense(query) if self._use_gate else None
        query = self._query_dense(query)
        key = self._key_dense(key)
        value = self._value_dense(value)
        extra = {"use_causal_mask": True} if causal_only else {}
        output, scores = self._compute_attention(query, key, value, attention_mask, training,
                                                 return_attention_scores, **extra)
        if gate is not None:
            output = output * gate
        output = self._output_dense(output)
        if query_mask is not None:
            set_keras_mask(output, query_mask)
        if return_attention_scores:
            return output, scores
        return output

    def compute_output_shape(self, query_shape, value_shape, key_shape=None):
        query_shape, value_shape = tuple(query_shape), tuple(value_shape)
        key_shape = value_shape if key_shape is None else tuple(key_shape)
        _check_value_and_key_shapes(value_shape, key_shape)
        if self._output_shape:
            return query_shape[:-1] + self._output_shape
        return query_shape

    def compute_output_spec(self, query, value, key=None, query_mask=None, value_mask=None,
                            key_mask=None, attention_mask=None, return_attention_scores=False,
                            training=None, use_causal_mask=False):
        key_shape = None if key is None else key.shape
        output = KerasTensor(self.compute_output_shape(query.shape, value.shape, key_shape),
                             dtype=self.compute_dtype)
        if not return_attention_scores:
            return output
        # The scores' axes follow the dot-product equation: batch and head
        # axes, then the query's and the key's attention axes.
        key_shape = value.shape if key is None else key_shape
        sources, product = self._dot_product_equation.split("->")
        key_letters, query_letters = sources.split(",")
        sizes = dict(zip(key_letters[:-1], key_shape[:-1]))
        sizes.update(zip(query_letters[:-1], query.shape[:-1]))
        sizes[query_letters[-2]] = self._num_heads
        scores = tuple(sizes[letter] for letter in product)
        return output, KerasTensor(scores, dtype=self.compute_dtype)

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "num_heads": self._num_heads,
            "key_dim": self._key_dim,
            "value_dim": self._value_dim,
            "dropout": self._dropout,
            "use_bias": self._use_bias,
            "use_gate": self._use_gate,
            "output_shape": self._output_shape,
            "attention_axes": self._attention_axes,
            "sliding_window": self._sliding_window,
            "kernel_initializer": initializers.serialize(self._kernel_initializer),
            "bias_initializer": initializers.serialize(self._bias_initializer),
            "kernel_regularizer": regularizers.serialize(self._kernel_regularizer),
            "bias_regularizer": regularizers.serialize(self._bias_regularizer),
            "activity_regularizer": regularizers.serialize(self._activity_regularizer),
            "kernel_constraint": constraints.serialize(self._kernel_constraint),
            "bias_constraint": constraints.serialize(self._bias_constraint),
            "seed": self.seed,
        }


def _check_value_and_key_shapes(value_shape, key_shape):
    if tuple(value_shape[1:-1]) != tuple(key_shape[1:-1]):
        raise ValueError(
            "All dimensions of `value` and `key`, except the last one, must be equal. "
            f"Received: value_shape={value_shape} and key_shape={key_shape}"
        )


def _build_attention_equation(rank, attn_axes):
    """Einsum equations of the scores and of their combination with the values.

    Projected tensors are `(batch, <non-attention axes>, <attention axes>,
    heads, channels)`; the batch, non-attention and head axes are batch axes
    of the attention. For rank 4 with `attn_axes=(1,)` (`(B, T, N, H)`):
    `"aecd,abcd->acbe"` (key, query -> `(B, N, T, S)`) and
    `"acbe,aecd->abcd"` (scores, value -> `(B, T, N, H)`).

    Returns:
        `(dot_product_equation, combine_equation, scores_rank)`.
    """
    letters = string.ascii_lowercase
    target = letters[:rank]
    batch_dims = [i for i in range(rank) if i not in attn_axes and i != rank - 1]
    source, offset = "", rank
    for i in range(rank):
        if i in batch_dims or i == rank - 1:
            source += target[i]
        else:
            source += letters[offset]
            offset += 1
    product = "".join([target[i] for i in batch_dims] + [target[i] for i in attn_axes]
                      + [source[i] for i in attn_axes])
    return f"{source},{target}->{product}", f"{product},{source}->{target}", len(product)


def _build_proj_equation(free_dims, bound_dims, output_dims):
    """Einsum equation of a projection: `free` axes kept, `bound` contracted, `output` new.

    Returns:
        `(equation, bias_axes, output_rank)`, e.g. `("abc,cde->abde", "de", 4)`.
    """
    letters = string.ascii_lowercase
    free = letters[:free_dims]
    bound = letters[free_dims:free_dims + bound_dims]
    output = letters[free_dims + bound_dims:free_dims + bound_dims + output_dims]
    return f"{free}{bound},{bound}{output}->{free}{output}", output, free_dims + output_dims


def _get_output_shape(output_rank, known_last_dims):
    return [None] * (output_rank - len(known_last_dims)) + list(known_last_dims)

"""Layers: attention."""

from kerastorch.layers.attention.additive_attention import (
    AdditiveAttention as AdditiveAttention,
)
from kerastorch.layers.attention.attention import Attention as Attention
from kerastorch.layers.attention.grouped_query_attention import (
    GroupedQueryAttention as GroupedQueryAttention,
)
from kerastorch.layers.attention.multi_head_attention import (
    MultiHeadAttention as MultiHeadAttention,
)

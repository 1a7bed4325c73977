"""Attention maths shared by the attention layers: masks and fused attention.

Masks are boolean (`True` = may attend). The fused path calls
`torch.nn.functional.scaled_dot_product_attention` exactly as Keras's torch
backend does (`keras.ops.dot_product_attention`), so results agree with
Keras's, including on rows where every key is masked.
"""

import contextlib

import torch
import torch.nn.functional as F


def to_bool_mask(mask, device):
    """Returns `mask` as a boolean tensor on `device` (nonzero = `True`), or `None`.

    Args:
        mask: `None`, a tensor, a numpy array or a nested list.
        device: The device of the tensors the mask applies to.

    Returns:
        A `torch.bool` tensor, or `None`.
    """
    if mask is None:
        return None
    mask = torch.as_tensor(mask, device=device)
    return mask if mask.dtype == torch.bool else mask != 0


def causal_mask(query_length: int, value_length: int, device) -> torch.Tensor:
    """A `(1, Tq, Tv)` boolean mask where query `i` sees the keys `j <= i`.

    Args:
        query_length: `Tq`.
        value_length: `Tv`.
        device: Device of the mask.

    Returns:
        The lower-triangular boolean mask.
    """
    ones = torch.ones((query_length, value_length), dtype=torch.bool, device=device)
    return torch.tril(ones).unsqueeze(0)


def sliding_window_mask(query_length: int, value_length: int, window: int,
                        device) -> torch.Tensor:
    """A `(1, Tq, Tv)` boolean band: query `i` sees the keys with `|i - j| < window`.

    Args:
        query_length: `Tq`.
        value_length: `Tv`.
        window: Width of the band (positive).
        device: Device of the mask.

    Returns:
        The banded boolean mask.
    """
    rows = torch.arange(query_length, device=device).view(1, -1, 1)
    cols = torch.arange(value_length, device=device).view(1, 1, -1)
    return (rows - cols).abs() < window


def merge_masks(*masks):
    """Logical AND of the masks that are not `None` (`None` if all are)."""
    merged = None
    for mask in masks:
        if mask is not None:
            merged = mask if merged is None else merged & mask
    return merged


def combine_attention_masks(query, value, query_mask=None, value_mask=None, key_mask=None,
                            attention_mask=None, use_causal_mask=False, sliding_window=None):
    """The `(B, T, S)` attention mask of multi-head attention, from all its sources.

    As Keras: the query mask becomes `(B, T, 1)`, the value and key masks
    `(B, 1, S)`, the causal and sliding-window masks `(1, T, S)`; all of them
    and `attention_mask` are combined with a logical AND.

    Args:
        query: The query, `(B, T, ...)`.
        value: The value, `(B, S, ...)`.
        query_mask: Optional `(B, T)` mask.
        value_mask: Optional `(B, S)` mask.
        key_mask: Optional `(B, S)` mask.
        attention_mask: Optional mask broadcastable to `(B, T, S)`.
        use_causal_mask: Whether to add the causal mask.
        sliding_window: Optional band width of a sliding-window mask.

    Returns:
        A boolean mask, or `None` when there is none.
    """
    device = query.device
    query_mask, value_mask, key_mask, attention_mask = (
        to_bool_mask(m, device) for m in (query_mask, value_mask, key_mask, attention_mask))
    query_length, value_length = query.shape[1], value.shape[1]
    return merge_masks(
        attention_mask,
        None if query_mask is None else query_mask.unsqueeze(-1),
        None if value_mask is None else value_mask.unsqueeze(-2),
        None if key_mask is None else key_mask.unsqueeze(-2),
        causal_mask(query_length, value_length, device) if use_causal_mask else None,
        None if sliding_window is None else sliding_window_mask(
            query_length, value_length, sliding_window, device),
    )


def expand_mask(mask, rank: int, axis: int):
    """Inserts size-1 axes at `axis` until `mask` has `rank` dimensions (`None` stays `None`).

    Args:
        mask: A mask tensor or `None`.
        rank: The rank of the scores the mask applies to.
        axis: Where the axes go (Keras: before the attention axes, the head axis).
    """
    if mask is None:
        return None
    for _ in range(rank - mask.dim()):
        mask = mask.unsqueeze(axis)
    return mask


def projection_kwargs(kernel_initializer, bias_initializer, kernel_regularizer,
                      bias_regularizer, activity_regularizer, kernel_constraint,
                      bias_constraint, dtype) -> dict:
    """Keyword arguments of the `EinsumDense` projections of an attention layer.

    Each projection gets its own copy of the initializers, as in Keras.
    """
    return {
        "kernel_initializer": type(kernel_initializer).from_config(
            kernel_initializer.get_config()),
        "bias_initializer": type(bias_initializer).from_config(bias_initializer.get_config()),
        "kernel_regularizer": kernel_regularizer,
        "bias_regularizer": bias_regularizer,
        "activity_regularizer": activity_regularizer,
        "kernel_constraint": kernel_constraint,
        "bias_constraint": bias_constraint,
        "dtype": dtype,
    }


def _large_negative(dtype) -> float:
    # Keras's torch backend: 0.7 of the largest float16 / bfloat16-range value.
    return -0.7 * (65500.0 if dtype == torch.float16 else 3.38953e38)


def dot_product_attention(query, key, value, mask=None, scale=None, is_causal=False,
                          flash_attention=None) -> torch.Tensor:
    """Fused attention on `(batch, length, heads, head_dim)` tensors, as Keras's torch backend.

    Args:
        query: `(B, T, N, H)` projected queries.
        key: `(B, S, K, H)` projected keys (`K` divides `N`; key/value head
            `k` serves the query heads `k * N/K ... (k+1) * N/K - 1`).
        value: `(B, S, K, Hv)` projected values.
        mask: Optional boolean mask broadcastable to `(B, N, T, S)`; masked
            positions get a large negative bias (not -inf, as Keras).
        scale: Factor of the dot products (default `1/sqrt(H)`).
        is_causal: Whether to restrict query `i` to keys `j <= i`.
        flash_attention: `True` to require torch's flash kernel.

    Returns:
        The `(B, T, N, Hv)` attention output.
    """
    if mask is not None:
        if is_causal:
            mask = mask & torch.ones((query.shape[1], key.shape[1]), dtype=torch.bool,
                                     device=mask.device).tril()
            is_causal = False
        mask = torch.where(mask, torch.zeros((), dtype=query.dtype, device=mask.device),
                           torch.tensor(_large_negative(query.dtype), dtype=query.dtype,
                                        device=mask.device))
    query, key, value = (t.transpose(1, 2) for t in (query, key, value))
    kernel = contextlib.nullcontext()
    if flash_attention:
        kernel = torch.nn.attention.sdpa_kernel(torch.nn.attention.SDPBackend.FLASH_ATTENTION)
    with kernel:
        output = F.scaled_dot_product_attention(
            query, key, value, attn_mask=mask, is_causal=is_causal, scale=scale,
            enable_gqa=key.shape[1] != query.shape[1],
        )
    return output.transpose(1, 2)

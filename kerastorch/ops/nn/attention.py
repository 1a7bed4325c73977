"""`keras.ops.nn.dot_product_attention`: scaled dot-product attention on torch's SDPA."""

import torch
import torch.nn.functional as F

from kerastorch.api_export import keras_export
from kerastorch.ops.operation import keras_op
from kerastorch.ops.tensor_args import as_tensor, promoted_dtype


def _large_negative(dtype):
    """Keras's masking value: a large negative number the dtype can hold."""
    return (65500.0 if dtype is torch.float16 else 3.38953e38) * -0.7


def _flash_attention_possible(query, key, value, mask, is_causal):
    try:
        from torch.backends.cuda import SDPAParams, can_use_flash_attention
    except ImportError:
        return None, None
    params = SDPAParams(query, key, value, mask, 0.0, is_causal, False)
    return params, can_use_flash_attention


@keras_export("keras.ops.dot_product_attention", "keras.ops.nn.dot_product_attention")
def dot_product_attention(query, key, value, bias=None, mask=None, scale=None, is_causal=False,
                          flash_attention=None, attn_logits_soft_cap=None):
    """Scaled dot-product attention, `softmax(q k^T * scale + bias) v`.

    Args:
        query: `(batch, query_length, num_heads, head_dim)` tensor.
        key: `(batch, key_length, num_kv_heads, head_dim)` tensor; query heads
            are split in `num_kv_heads` groups (grouped-query attention).
        value: `(batch, key_length, num_kv_heads, value_dim)` tensor.
        bias: Optional additive bias, broadcastable to
            `(batch, num_heads, query_length, key_length)`.
        mask: Optional boolean mask of the same broadcast shape (`True` attends).
        scale: Logit scale (default: `1 / sqrt(head_dim)`).
        is_causal: Whether a query attends only to keys at or before it.
        flash_attention: Whether to require (`True`), forbid (`False`) or allow
            (`None`) torch's flash-attention kernel.
        attn_logits_soft_cap: Unsupported outside JAX on TPU (raises `ValueError`).

    Returns:
        `(batch, query_length, num_heads, value_dim)` tensor.

    Example:

    >>> q = torch.ones(2, 4, 3, 8)
    >>> kerastorch.ops.dot_product_attention(q, q, q).shape
    torch.Size([2, 4, 3, 8])
    """
    if attn_logits_soft_cap is not None:
        raise ValueError("attn_logits_soft_cap is only supported for JAX on TPU. Set "
                         "attn_logits_soft_cap=None when not using JAX on TPU.")
    return _attention(query, key, value, bias, mask, scale, is_causal, flash_attention,
                      attn_logits_soft_cap)


@keras_op("keras.src.ops.nn", class_name="DotProductAttention",
          static=("is_causal", "flash_attention", "attn_logits_soft_cap"))
def _attention(query, key, value, bias, mask, scale, is_causal, flash_attention,
               attn_logits_soft_cap):
    query, key, value = as_tensor(query), as_tensor(key), as_tensor(value)
    if query.ndim != 4 or key.ndim != 4 or value.ndim != 4:
        raise ValueError(
            "`dot_product_attention` only supports 4D inputs. Received: "
            f"query.shape={tuple(query.shape)}, key.shape={tuple(key.shape)}, "
            f"value.shape={tuple(value.shape)}.")
    if bias is not None and mask is not None:
        raise ValueError("Only one of `bias` and `mask` can be provided. Received both.")
    dtype = promoted_dtype(query.dtype, key.dtype, value.dtype)
    query, key, value = (t.to(dtype).transpose(1, 2) for t in (query, key, value))
    attn_mask = None
    if mask is not None:
        mask = as_tensor(mask).to(device=query.device, dtype=torch.bool)
        if is_causal:
            mask = mask & torch.ones(query.shape[2], key.shape[2], dtype=torch.bool,
                                     device=mask.device).tril()
            is_causal = False
        attn_mask = torch.where(mask, 0.0, _large_negative(dtype)).to(dtype)
    if bias is not None:
        attn_mask = as_tensor(bias).to(dtype)
    heads, kv_heads = query.shape[1], key.shape[1]
    if heads > kv_heads > 1:
        key = key.repeat_interleave(heads // kv_heads, dim=1)
        value = value.repeat_interleave(heads // kv_heads, dim=1)
    params, can_use_flash = _flash_attention_possible(query, key, value, attn_mask, is_causal)
    if flash_attention is None:
        flash_attention = params is not None and can_use_flash(params, False)
    elif flash_attention and (params is None or not can_use_flash(params, True)):
        raise RuntimeError("Flash attention is not supported with the provided inputs. "
                           "Please check the warnings for more details.")
    if flash_attention:
        with torch.nn.attention.sdpa_kernel([torch.nn.attention.SDPBackend.FLASH_ATTENTION]):
            outputs = F.scaled_dot_product_attention(query, key, value, attn_mask=attn_mask,
                                                     is_causal=is_causal, scale=scale)
    else:
        outputs = F.scaled_dot_product_attention(
            query.contiguous(), key.contiguous(), value.contiguous(),
            attn_mask=None if attn_mask is None else attn_mask.contiguous(),
            is_causal=is_causal, scale=scale)
    return outputs.transpose(1, 2)

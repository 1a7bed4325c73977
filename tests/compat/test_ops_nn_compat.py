"""`keras.ops.nn` (activations, convolutions, pooling, losses, normalization,
attention...) side by side with `keras.ops` on its torch backend."""

import numpy as np
import pytest
import torch

from tests.compat.ops_checks import run_eager_case, run_error_case, run_symbolic_case


def _floats(*shape, dtype="float32", seed=0, scale=1.0):
    """Normal samples, the same on every call with the same arguments."""
    rng = np.random.default_rng([seed, *shape])
    return torch.from_numpy((scale * rng.normal(size=shape)).astype(dtype))


def _uniform(*shape, seed=0):
    rng = np.random.default_rng([seed + 7, *shape])
    return torch.from_numpy(rng.uniform(0.05, 0.95, size=shape).astype("float32"))


def _ints(*shape, low=-5, high=6):
    rng = np.random.default_rng([low + 10, high + 10, *shape])
    return torch.from_numpy(rng.integers(low, high, size=shape).astype("int32"))


X = _floats(3, 4, scale=3.0)
X3 = _floats(2, 3, 4, scale=2.0)
X_INT = _ints(3, 4)
X_HALF = _floats(3, 4, dtype="float16")
X_64 = _floats(3, 4, dtype="float64")

UNARY = ("relu", "relu6", "sigmoid", "sparse_sigmoid", "softplus", "softsign", "soft_shrink",
         "sparse_plus", "silu", "swish", "squareplus", "log_sigmoid", "leaky_relu",
         "hard_sigmoid", "hard_silu", "hard_swish", "elu", "selu", "gelu", "celu", "glu",
         "tanh_shrink", "hard_tanh", "hard_shrink", "softmax", "log_softmax")
INT_OK = ("relu", "relu6", "sigmoid", "squareplus", "sparse_sigmoid", "sparse_plus",
          "hard_tanh")

IMAGES = _floats(2, 7, 6, 3)
IMAGES_CF = _floats(2, 3, 7, 6)
SIGNAL = _floats(2, 9, 3)
VOLUME = _floats(1, 5, 6, 4, 2)


def _act(op, x, **kwargs):
    return lambda k: getattr(k.ops, op)(x, **kwargs)


EAGER = {
    **{f"{op}_float": _act(op, X) for op in UNARY},
    **{f"{op}_float64": _act(op, X_64) for op in UNARY},
    **{f"{op}_3d": _act(op, X3) for op in UNARY},
    **{f"{op}_int": _act(op, X_INT) for op in INT_OK},
    "relu_list": lambda k: k.ops.relu([-1.0, 2.0]),
    "relu_int_list": lambda k: k.ops.nn.relu([-1, 2]),
    "soft_shrink_threshold": _act("soft_shrink", X, threshold=1.0),
    "hard_shrink_threshold": _act("hard_shrink", X, threshold=1.5),
    "squareplus_b": _act("squareplus", X, b=2),
    "leaky_relu_slope": _act("leaky_relu", X, negative_slope=0.5),
    "elu_alpha": _act("elu", X, alpha=0.5),
    "celu_alpha": _act("celu", X, alpha=2.0),
    "gelu_exact": _act("gelu", X, approximate=False),
    "glu_axis0": lambda k: k.ops.glu(_floats(4, 3), axis=0),
    "threshold": lambda k: k.ops.threshold(X, 0.5, -2.0),
    "softmax_axis0": _act("softmax", X3, axis=0),
    "softmax_tuple": _act("softmax", X3, axis=(1, 2)),
    "softmax_none": _act("softmax", X3, axis=None),
    "softmax_half": _act("softmax", X_HALF),
    "log_softmax_tuple": _act("log_softmax", X3, axis=(0, 2)),
    "log_softmax_axis1": _act("log_softmax", X3, axis=1),
    # One-element supports (Keras 3.15's sparsemax is wrong on larger ones).
    "sparsemax": lambda k: k.ops.sparsemax(torch.tensor([[0.0, 3.0, 0.5], [4.0, 1.0, 0.2]])),
    "sparsemax_axis0": lambda k: k.ops.sparsemax(torch.tensor([[0.0, 3.0], [5.0, 1.0]]), axis=0),
    # Convolutions.
    "conv2d": lambda k: k.ops.conv(IMAGES, _floats(3, 3, 3, 4)),
    "conv2d_same_strided": lambda k: k.ops.conv(IMAGES, _floats(3, 2, 3, 4), strides=2,
                                                padding="SAME"),
    "conv2d_dilated": lambda k: k.ops.conv(IMAGES, _floats(2, 2, 3, 4), dilation_rate=2,
                                           padding="same"),
    "conv2d_channels_first": lambda k: k.ops.conv(IMAGES_CF, _floats(3, 3, 3, 4),
                                                  data_format="channels_first"),
    "conv2d_groups": lambda k: k.ops.conv(_floats(2, 5, 5, 4), _floats(3, 3, 2, 6)),
    "conv1d": lambda k: k.ops.conv(SIGNAL, _floats(3, 3, 5), strides=2, padding="same"),
    "conv3d": lambda k: k.ops.conv(VOLUME, _floats(2, 3, 2, 2, 3), padding="same"),
    "depthwise_conv2d": lambda k: k.ops.depthwise_conv(IMAGES, _floats(3, 3, 3, 2)),
    "depthwise_conv2d_same": lambda k: k.ops.depthwise_conv(IMAGES, _floats(3, 3, 3, 2),
                                                            strides=(2, 1), padding="same"),
    "depthwise_conv1d_cf": lambda k: k.ops.depthwise_conv(
        SIGNAL.transpose(1, 2), _floats(3, 3, 1), data_format="channels_first"),
    "separable_conv2d": lambda k: k.ops.separable_conv(IMAGES, _floats(3, 3, 3, 2),
                                                       _floats(1, 1, 6, 5), padding="same"),
    "separable_conv1d": lambda k: k.ops.separable_conv(SIGNAL, _floats(3, 3, 2),
                                                       _floats(1, 6, 4), strides=2),
    "conv_transpose2d": lambda k: k.ops.conv_transpose(IMAGES, _floats(3, 3, 5, 3)),
    "conv_transpose2d_same": lambda k: k.ops.conv_transpose(IMAGES, _floats(3, 3, 5, 3),
                                                            strides=2, padding="same"),
    "conv_transpose2d_output_padding": lambda k: k.ops.conv_transpose(
        IMAGES, _floats(3, 3, 5, 3), strides=2, output_padding=1),
    "conv_transpose1d_cf": lambda k: k.ops.conv_transpose(
        SIGNAL.transpose(1, 2), _floats(4, 2, 3), strides=3, data_format="channels_first"),
    "conv_transpose3d": lambda k: k.ops.conv_transpose(VOLUME, _floats(2, 2, 2, 3, 2),
                                                       strides=2, padding="same"),
    # Pooling.
    "max_pool2d": lambda k: k.ops.max_pool(IMAGES, 2),
    "max_pool2d_same": lambda k: k.ops.max_pool(IMAGES, 3, strides=2, padding="same"),
    "max_pool1d": lambda k: k.ops.max_pool(SIGNAL, 2, strides=1),
    "max_pool3d_cf": lambda k: k.ops.max_pool(VOLUME.movedim(-1, 1), (2, 2, 1),
                                              data_format="channels_first"),
    "average_pool2d": lambda k: k.ops.average_pool(IMAGES, (2, 3)),
    "average_pool2d_same": lambda k: k.ops.average_pool(IMAGES, 2, strides=2, padding="same"),
    "average_pool2d_same_odd": lambda k: k.ops.average_pool(IMAGES, 3, strides=1,
                                                            padding="same"),
    "average_pool1d_cf": lambda k: k.ops.average_pool(SIGNAL.transpose(1, 2), 3,
                                                      data_format="channels_first"),
    "adaptive_max_pool2d": lambda k: k.ops.adaptive_max_pool(IMAGES, 3),
    "adaptive_max_pool1d": lambda k: k.ops.adaptive_max_pool(SIGNAL, 4),
    "adaptive_average_pool2d": lambda k: k.ops.adaptive_average_pool(IMAGES, (4, 5)),
    "adaptive_average_pool3d_cf": lambda k: k.ops.adaptive_average_pool(
        VOLUME.movedim(-1, 1), 2, data_format="channels_first"),
    # Encodings.
    "one_hot": lambda k: k.ops.one_hot(torch.tensor([0, 2, -1, 1]), 3),
    "one_hot_axis0_int": lambda k: k.ops.one_hot(_ints(2, 3, low=0, high=4), 4, axis=0,
                                                 dtype="int32"),
    "one_hot_axis1": lambda k: k.ops.one_hot(_ints(2, 3, low=0, high=4), 4, axis=1),
    "one_hot_list": lambda k: k.ops.one_hot([1, 0], 2, dtype="bool"),
    "multi_hot": lambda k: k.ops.multi_hot(torch.tensor([[0, 2], [1, 1]]), 3),
    "multi_hot_1d": lambda k: k.ops.multi_hot(torch.tensor([0, 3]), 4, dtype="int32"),
    "multi_hot_num_tokens": lambda k: k.ops.multi_hot(torch.tensor([[0, 2]]), num_tokens=3),
    # Crossentropies.
    "binary_crossentropy": lambda k: k.ops.binary_crossentropy(
        torch.tensor([[0.0, 1.0], [1.0, 0.0]]), _uniform(2, 2)),
    "binary_crossentropy_logits": lambda k: k.ops.binary_crossentropy(
        _uniform(3, 2, seed=1), X[:, :2], from_logits=True),
    "categorical_crossentropy": lambda k: k.ops.categorical_crossentropy(
        k.ops.one_hot(torch.tensor([0, 3, 1]), 4), _uniform(3, 4)),
    "categorical_crossentropy_logits_axis0": lambda k: k.ops.categorical_crossentropy(
        _uniform(3, 4, seed=2), X, from_logits=True, axis=0),
    "sparse_categorical_crossentropy": lambda k: k.ops.sparse_categorical_crossentropy(
        torch.tensor([0, 3, 1]), _uniform(3, 4)),
    "sparse_categorical_crossentropy_logits": lambda k: k.ops.sparse_categorical_crossentropy(
        torch.tensor([[0], [3], [1]]), X, from_logits=True),
    "sparse_categorical_crossentropy_axis1": lambda k: k.ops.sparse_categorical_crossentropy(
        _ints(2, 4, low=0, high=3), X3.transpose(1, 2).transpose(1, 2)[:, :3, :],
        from_logits=True, axis=1),
    "sparse_categorical_crossentropy_rank1": lambda k: k.ops.sparse_categorical_crossentropy(
        torch.tensor(2), _uniform(4)),
    # CTC.
    "ctc_loss": lambda k: k.ops.ctc_loss(torch.tensor([[1, 2, 2], [3, 1, 0]]),
                                         _floats(2, 8, 5), torch.tensor([3, 2]),
                                         torch.tensor([8, 6])),
    "ctc_loss_mask_index": lambda k: k.ops.ctc_loss(torch.tensor([[1, 2], [3, 0]]),
                                                    _floats(2, 6, 5), torch.tensor([2, 1]),
                                                    torch.tensor([6, 6]), mask_index=4),
    "ctc_decode_greedy": lambda k: k.ops.ctc_decode(_floats(2, 8, 4), torch.tensor([8, 5])),
    "ctc_decode_greedy_no_merge": lambda k: k.ops.ctc_decode(
        _floats(2, 8, 4), torch.tensor([8, 5]), merge_repeated=False, mask_index=3),
    "ctc_decode_greedy_repeats": lambda k: k.ops.ctc_decode(
        torch.eye(3)[[1, 1, 0, 1, 2, 2]][None].repeat(2, 1, 1), torch.tensor([6, 4])),
    "ctc_decode_beam_search": lambda k: k.ops.ctc_decode(
        _floats(2, 7, 4, scale=2.0), torch.tensor([7, 5]), strategy="beam_search",
        beam_width=3, top_paths=2),
    "ctc_decode_beam_search_mask_index": lambda k: k.ops.ctc_decode(
        _floats(3, 6, 5), torch.tensor([6, 6, 2]), strategy="beam_search", beam_width=4,
        top_paths=3, mask_index=4),
    "ctc_decode_beam_search_defaults": lambda k: k.ops.ctc_decode(
        _floats(1, 5, 3), torch.tensor([5]), strategy="beam_search"),
    # Normalization.
    "moments": lambda k: k.ops.moments(X3, axes=[0, 2]),
    "moments_keepdims": lambda k: k.ops.moments(X3, axes=[1], keepdims=True),
    "moments_half": lambda k: k.ops.moments(X_HALF, axes=[0]),
    "batch_normalization": lambda k: k.ops.batch_normalization(
        X3, _floats(4, seed=1), _uniform(4), axis=-1, offset=_floats(4, seed=2),
        scale=_floats(4, seed=3)),
    "batch_normalization_axis1": lambda k: k.ops.batch_normalization(
        X3, _floats(3, seed=1), _uniform(3), axis=1, epsilon=0.1),
    "layer_normalization": lambda k: k.ops.layer_normalization(X3),
    "layer_normalization_affine": lambda k: k.ops.layer_normalization(
        X3, _floats(4, seed=1), _floats(4, seed=2), epsilon=1e-5),
    "layer_normalization_axes": lambda k: k.ops.layer_normalization(X3, axis=[1, 2]),
    "layer_normalization_non_contiguous": lambda k: k.ops.layer_normalization(
        _floats(2, 3, 4, 5), axis=[1, 3]),
    "layer_normalization_rms_scaling": lambda k: k.ops.layer_normalization(
        X3, _floats(3, 4, seed=1), axis=[1, 2], rms_scaling=True),
    "layer_normalization_half": lambda k: k.ops.layer_normalization(X_HALF),
    "rms_normalization": lambda k: k.ops.rms_normalization(X3),
    "rms_normalization_scale": lambda k: k.ops.rms_normalization(X3, _floats(4, seed=1),
                                                                 epsilon=1e-5),
    "rms_normalization_axes": lambda k: k.ops.rms_normalization(X3, axis=(1, 2)),
    "rms_normalization_half": lambda k: k.ops.rms_normalization(X_HALF),
    "normalize": lambda k: k.ops.normalize(X3),
    "normalize_axis0": lambda k: k.ops.normalize(X3, axis=0),
    "normalize_order1": lambda k: k.ops.normalize(X3, order=1),
    "normalize_order3": lambda k: k.ops.normalize(X3, axis=1, order=3),
    "normalize_zeros": lambda k: k.ops.normalize(torch.zeros(2, 3)),
    # Attention.
    "dot_product_attention": lambda k: k.ops.dot_product_attention(
        _floats(2, 5, 3, 8), _floats(2, 6, 3, 8, seed=1), _floats(2, 6, 3, 4, seed=2)),
    "dot_product_attention_causal": lambda k: k.ops.dot_product_attention(
        _floats(2, 5, 3, 8), _floats(2, 5, 3, 8, seed=1), _floats(2, 5, 3, 4, seed=2),
        is_causal=True, scale=0.5),
    "dot_product_attention_mask": lambda k: k.ops.dot_product_attention(
        _floats(2, 5, 4, 8), _floats(2, 6, 2, 8, seed=1), _floats(2, 6, 2, 8, seed=2),
        mask=_ints(2, 1, 5, 6, low=0, high=2).bool(), is_causal=True),
    "dot_product_attention_bias": lambda k: k.ops.dot_product_attention(
        _floats(1, 5, 2, 8), _floats(1, 6, 1, 8, seed=1), _floats(1, 6, 1, 8, seed=2),
        bias=_floats(1, 2, 5, 6, seed=3)),
    # Misc.
    "polar": lambda k: k.ops.polar(_uniform(3, 2), X[:, :2]),
    "psnr": lambda k: k.ops.psnr(_uniform(2, 4, 4), _uniform(2, 4, 4, seed=1), 1.0),
    "psnr_max_val": lambda k: k.ops.psnr(_uniform(3, 4), _uniform(3, 4, seed=1), 255),
    "unfold": lambda k: k.ops.unfold(IMAGES_CF, 2),
    "unfold_args": lambda k: k.ops.unfold(IMAGES_CF, (2, 3), dilation=(1, 2), padding=1,
                                          stride=(2, 1)),
    "fold": lambda k: k.ops.fold(_floats(2, 12, 20), (5, 6), 2),
    "fold_args": lambda k: k.ops.fold(_floats(2, 12, 16), 6, (2, 2), padding=1, stride=2,
                                      dilation=1),
    "depth_to_space": lambda k: k.ops.depth_to_space(_floats(2, 3, 4, 8), 2),
    "depth_to_space_cf": lambda k: k.ops.depth_to_space(_floats(2, 18, 2, 3), 3,
                                                        data_format="channels_first"),
    "space_to_depth": lambda k: k.ops.space_to_depth(_floats(2, 4, 6, 3), 2),
    "space_to_depth_cf": lambda k: k.ops.space_to_depth(_floats(2, 3, 6, 9), 3,
                                                        data_format="channels_first"),
}


def _in(k, *shape, dtype="float32"):
    return k.Input(shape, dtype=dtype)


def _symbolic_unary(op):
    return lambda k: getattr(k.ops, op)(_in(k, None, 4))


SYMBOLIC = {
    **{op: _symbolic_unary(op) for op in UNARY},
    "relu_int": lambda k: k.ops.relu(_in(k, 3, dtype="int32")),
    "softplus_half": lambda k: k.ops.softplus(_in(k, 3, dtype="float16")),
    "leaky_relu": lambda k: k.ops.leaky_relu(_in(k, 3), negative_slope=0.1),
    "elu": lambda k: k.ops.elu(_in(k, 3), alpha=0.3),
    "gelu": lambda k: k.ops.gelu(_in(k, 3), approximate=False),
    "glu_axis": lambda k: k.ops.glu(_in(k, 4, 3), axis=1),
    "threshold": lambda k: k.ops.threshold(_in(k, 3), 0.5, 1.0),
    "softmax_tuple": lambda k: k.ops.softmax(_in(k, 3, 4), axis=(1, 2)),
    "log_softmax_axis": lambda k: k.ops.log_softmax(_in(k, 3, 4), axis=1),
    "sparsemax": lambda k: k.ops.sparsemax(_in(k, 3)),
    "conv": lambda k: k.ops.conv(_in(k, 7, 6, 3), _floats(3, 3, 3, 4), strides=2),
    "conv_unknown_spatial": lambda k: k.ops.conv(_in(k, None, None, 3), _floats(3, 3, 3, 4),
                                                 padding="same"),
    "conv_cf": lambda k: k.ops.conv(_in(k, 3, 9), _floats(3, 3, 2),
                                    data_format="channels_first", dilation_rate=2),
    "depthwise_conv": lambda k: k.ops.depthwise_conv(_in(k, None, 6, 3), _floats(3, 3, 3, 2)),
    "separable_conv": lambda k: k.ops.separable_conv(_in(k, 7, 6, 3), _floats(3, 3, 3, 2),
                                                     _floats(1, 1, 6, 5), padding="same"),
    "conv_transpose": lambda k: k.ops.conv_transpose(_in(k, None, 6, 3), _floats(3, 3, 5, 3),
                                                     strides=2),
    "conv_transpose_output_padding": lambda k: k.ops.conv_transpose(
        _in(k, 4, 6, 3), _floats(3, 3, 5, 3), strides=2, padding="same", output_padding=1),
    "max_pool": lambda k: k.ops.max_pool(_in(k, 7, 6, 3), 2),
    "max_pool_unknown": lambda k: k.ops.max_pool(_in(k, None, None, 3), 3, 2, "same"),
    "average_pool": lambda k: k.ops.average_pool(_in(k, 3, 9), 2, data_format="channels_first"),
    "adaptive_max_pool": lambda k: k.ops.adaptive_max_pool(_in(k, 3, 9, 8), (2, 3),
                                                           data_format="channels_first"),
    "adaptive_average_pool": lambda k: k.ops.adaptive_average_pool(
        _in(k, 3, None, 9), (4, 2), data_format="channels_first"),
    "one_hot": lambda k: k.ops.one_hot(_in(k, 3, dtype="int32"), 5),
    "one_hot_axis": lambda k: k.ops.one_hot(_in(k, 3, dtype="int32"), 5, axis=1,
                                            dtype="int32"),
    "multi_hot": lambda k: k.ops.multi_hot(_in(k, 3), 5),
    "binary_crossentropy": lambda k: k.ops.binary_crossentropy(_in(k, 3), _in(k, 3)),
    "categorical_crossentropy": lambda k: k.ops.categorical_crossentropy(
        _in(k, 3), _in(k, 3), from_logits=True),
    "sparse_categorical_crossentropy": lambda k: k.ops.sparse_categorical_crossentropy(
        _in(k, dtype="int32"), _in(k, 4)),
    "ctc_loss": lambda k: k.ops.ctc_loss(_in(k, 3, dtype="int32"), _in(k, 8, 5),
                                         _in(k, dtype="int32"), _in(k, dtype="int32")),
    "ctc_decode": lambda k: k.ops.ctc_decode(_in(k, 8, 5), _in(k, dtype="int32")),
    "ctc_decode_beam_search": lambda k: k.ops.ctc_decode(
        k.Input(batch_shape=(2, 8, 5)), k.Input(batch_shape=(2,), dtype="int32"),
        strategy="beam_search", beam_width=3, top_paths=2),
    "moments": lambda k: k.ops.moments(_in(k, 3, 4), axes=[1]),
    "moments_keepdims": lambda k: k.ops.moments(_in(k, 3, 4), axes=[0, 2], keepdims=True),
    "batch_normalization": lambda k: k.ops.batch_normalization(
        _in(k, 3, 4), _floats(4), _uniform(4), axis=-1, epsilon=0.01),
    "layer_normalization": lambda k: k.ops.layer_normalization(_in(k, 3, 4), epsilon=1e-5),
    "layer_normalization_rms_scaling": lambda k: k.ops.layer_normalization(
        _in(k, 3, 4), rms_scaling=True),
    "rms_normalization": lambda k: k.ops.rms_normalization(_in(k, 3, 4), axis=-1),
    "normalize": lambda k: k.ops.normalize(_in(k, 3), order=1),
    "dot_product_attention": lambda k: k.ops.dot_product_attention(
        _in(k, 5, 2, 8), _in(k, 6, 2, 8), _in(k, 6, 2, 8)),
    "psnr": lambda k: k.ops.psnr(_in(k, 4), _in(k, 4), 1.0),
    "unfold": lambda k: k.ops.unfold(_in(k, 3, 7, 6), 2),
    "fold": lambda k: k.ops.fold(_in(k, 12, 20), (5, 6), 2),
    "depth_to_space": lambda k: k.ops.depth_to_space(_in(k, 3, 4, 8), 2),
    "space_to_depth": lambda k: k.ops.space_to_depth(_in(k, 8, 4, 3), 2),
}

ERRORS = {
    "glu_odd": lambda k: k.ops.glu(torch.ones(2, 3)),
    "conv_channels": lambda k: k.ops.conv(IMAGES, torch.ones(3, 3, 2, 4)),
    "depthwise_conv_channels": lambda k: k.ops.depthwise_conv(IMAGES, torch.ones(3, 3, 2, 1)),
    "conv_transpose_channels": lambda k: k.ops.conv_transpose(IMAGES, torch.ones(3, 3, 2, 4)),
    "one_hot_sparse": lambda k: k.ops.one_hot(torch.tensor([1]), 3, sparse=True),
    "multi_hot_no_classes": lambda k: k.ops.multi_hot(torch.tensor([1])),
    "binary_crossentropy_shapes": lambda k: k.ops.binary_crossentropy(torch.ones(2),
                                                                      torch.ones(3)),
    "categorical_crossentropy_shapes": lambda k: k.ops.categorical_crossentropy(
        torch.ones(2, 3), torch.ones(2, 4)),
    "sparse_categorical_crossentropy_shapes": lambda k: k.ops.sparse_categorical_crossentropy(
        torch.ones(3, dtype=torch.int32), torch.ones(2, 4)),
    "moments_synchronized": lambda k: k.ops.moments(X, axes=[0], synchronized=True),
    "normalize_order": lambda k: k.ops.normalize(X, order=0),
    "attention_rank": lambda k: k.ops.dot_product_attention(X3, X3, X3),
    "attention_bias_and_mask": lambda k: k.ops.dot_product_attention(
        _floats(1, 2, 1, 4), _floats(1, 2, 1, 4), _floats(1, 2, 1, 4),
        bias=torch.zeros(1, 1, 2, 2), mask=torch.ones(1, 1, 2, 2, dtype=torch.bool)),
    "attention_soft_cap": lambda k: k.ops.dot_product_attention(
        _floats(1, 2, 1, 4), _floats(1, 2, 1, 4), _floats(1, 2, 1, 4), attn_logits_soft_cap=1.0),
    "psnr_shapes": lambda k: k.ops.psnr(torch.ones(2), torch.ones(3), 1.0),
    "unfold_rank": lambda k: k.ops.unfold(torch.ones(2, 3, 4), 2),
    "fold_rank": lambda k: k.ops.fold(torch.ones(2, 3, 4, 5), 4, 2),
    "depth_to_space_block": lambda k: k.ops.depth_to_space(torch.ones(1, 2, 2, 4), 1),
    "space_to_depth_block": lambda k: k.ops.space_to_depth(torch.ones(1, 2, 2, 4), 0),
    "ctc_decode_strategy": lambda k: k.ops.ctc_decode(_floats(1, 4, 3), torch.tensor([4]),
                                                      strategy="best"),
}


@pytest.mark.parametrize("name", sorted(EAGER))
def test_eager_matches_keras(name):
    run_eager_case(EAGER[name])


@pytest.mark.parametrize("name", sorted(SYMBOLIC))
def test_symbolic_matches_keras(name):
    run_symbolic_case(SYMBOLIC[name])


@pytest.mark.parametrize("name", sorted(ERRORS))
def test_errors_match_keras(name):
    run_error_case(ERRORS[name])


def test_sparsemax_projects_onto_the_simplex():
    """Keras 3.15's sparsemax is wrong on supports of several elements (keras-team/keras
    #23425); kerastorch follows the paper: outputs sum to 1, `max(x - tau, 0)`."""
    import kerastorch

    x = torch.tensor([[0.0, 0.5, 1.0], [1.0, 1.0, -3.0]])
    output = kerastorch.ops.sparsemax(x)
    torch.testing.assert_close(output, torch.tensor([[0.0, 0.25, 0.75], [0.5, 0.5, 0.0]]))


def test_multi_hot_symbolic_dtype_is_the_output_dtype():
    """Keras's `MultiHot` spec gives the input dtype (int32) where the result is float32;
    kerastorch gives the dtype it computes."""
    import kerastorch

    output = kerastorch.ops.multi_hot(kerastorch.Input((3,), dtype="int32"), 5)
    assert (output.shape, output.dtype) == ((None, 5), "float32")


def test_symbolic_dtypes_are_the_computed_ones():
    """Keras's `Sigmoid` spec keeps an int input dtype, `DotProductAttention`'s the query's
    last size, `AdaptiveMaxPool`'s a channels_last input's leading spatial axes; kerastorch
    gives what the op computes."""
    import kerastorch

    output = kerastorch.ops.sigmoid(kerastorch.Input((3,), dtype="int32"))
    assert (output.shape, output.dtype) == ((None, 3), "float32")
    query, value = kerastorch.Input((5, 2, 8)), kerastorch.Input((6, 2, 4))
    output = kerastorch.ops.dot_product_attention(query, kerastorch.Input((6, 2, 8)), value)
    assert output.shape == (None, 5, 2, 4)
    # Keras's `AdaptiveMaxPool` spec keeps the channels_last input's leading spatial axes.
    output = kerastorch.ops.adaptive_max_pool(kerastorch.Input((9, 8, 3)), (2, 3))
    assert output.shape == (None, 2, 3, 3)


def test_polar_symbolic_dtype_is_complex():
    """Keras's `Polar` spec says float32; the result is complex64."""
    import kerastorch

    output = kerastorch.ops.polar(kerastorch.Input((3,)), kerastorch.Input((3,)))
    assert (output.shape, output.dtype) == ((None, 3), "complex64")

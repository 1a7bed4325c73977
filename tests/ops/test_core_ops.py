"""kerastorch's core, math, linalg and einops ops on their own: docstring examples,
graph replay in functional models, and the behaviours where kerastorch
deliberately differs from Keras's torch backend (which overflows or loses
precision there)."""

import doctest
import importlib
import math

import numpy as np
import pytest
import torch

import kerastorch
from kerastorch import ops
from kerastorch.api_export import lookup


@pytest.mark.parametrize("module", ["core", "math", "linalg", "einops"])
def test_docstring_examples(module):
    result = doctest.testmod(importlib.import_module(f"kerastorch.ops.{module}"),
                             extraglobs={"torch": torch, "np": np, "kerastorch": kerastorch},
                             optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0
    assert result.failed == 0


def test_linalg_namespace_and_node_classes():
    for name in ["cholesky", "cholesky_inverse", "det", "eig", "eigh", "inv", "jvp", "lstsq",
                 "lu_factor", "matrix_rank", "norm", "pinv", "qr", "solve",
                 "solve_triangular", "svd"]:
        assert getattr(ops.linalg, name) is getattr(ops, name)
    assert lookup("keras.src.ops.linalg.SVD") is ops.svd.op_class
    assert lookup("keras.src.ops.math.CDist") is ops.cdist.op_class
    assert lookup("keras.src.ops.core.Cast").__name__ == "Cast"
    assert lookup("keras.src.ops.einops.Rearrange").__name__ == "Rearrange"


# --------------------------------------------------- graph replay in models
def test_functional_model_replays_op_nodes():
    x = kerastorch.Input((4,))
    values, indices = ops.top_k(x, 2)
    outputs = [ops.rearrange(x, "b (h w) -> b w h", h=2), values, indices,
               ops.norm(x, axis=1), ops.logsumexp(x, axis=1), ops.cast(x, "int32")]
    model = kerastorch.Model(x, outputs)
    data = torch.randn(3, 4)
    expected = [ops.rearrange(data, "b (h w) -> b w h", h=2), *ops.top_k(data, 2),
                ops.norm(data, axis=1), ops.logsumexp(data, axis=1), ops.cast(data, "int32")]
    for received, wanted in zip(model(data), expected):
        torch.testing.assert_close(received, wanted)


def test_cond_node_runs_the_branch_of_the_predicate():
    predicate = kerastorch.Input(batch_shape=(), dtype="bool")
    output = ops.cond(predicate, lambda: torch.ones(2), lambda: torch.zeros(2))
    assert output.shape == (2,)
    model = kerastorch.Model(predicate, output)
    torch.testing.assert_close(model(torch.tensor(True)), torch.ones(2))
    torch.testing.assert_close(model(torch.tensor(False)), torch.zeros(2))


def test_loop_nodes_replay():
    x = kerastorch.Input((4,))
    doubled = ops.while_loop(lambda v: ops.sum(v) < 100, lambda v: v * 2, x)
    carry, ys = ops.scan(lambda c, e: (c + e, c * e), torch.zeros(4), x)
    chosen = ops.switch(1, [lambda a: a * 2, lambda a: a - 1], x)
    looped = ops.fori_loop(0, 3, lambda i, v: v + i, x)
    model = kerastorch.Model(x, [doubled, carry, ys, chosen, looped])
    data = torch.ones(3, 4)
    received = model(data)
    torch.testing.assert_close(received[0], torch.full((3, 4), 16.0))
    torch.testing.assert_close(received[1], torch.full((4,), 3.0))
    torch.testing.assert_close(received[2], torch.arange(3.0)[:, None].expand(3, 4))
    torch.testing.assert_close(received[3], torch.zeros(3, 4))
    torch.testing.assert_close(received[4], torch.full((3, 4), 4.0))


def test_operation_config_round_trip():
    x = kerastorch.Input((6,))
    node = ops.stft(x, 4, 2, 8, window="hamming")[0]._keras_history[0]
    config = node.get_config()
    assert {k: v for k, v in config.items() if k != "name"} == {
        "sequence_length": 4, "sequence_stride": 2, "fft_length": 8, "window": "hamming",
        "center": True}
    rebuilt = type(node).from_config(config)
    data = torch.randn(2, 6)
    torch.testing.assert_close(rebuilt(data)[0], ops.stft(data, 4, 2, 8, window="hamming")[0])


# ------------------------------------------------ deliberate differences
def test_saturate_cast_saturates_at_the_int32_bound():
    # Keras's torch backend overflows here (its bound rounds to 2**31 in float32).
    x = torch.tensor([1e10, -1e10, np.inf])
    assert ops.saturate_cast(x, "int32").tolist() == [2147483520, -2147483648, 2147483520]
    extremes = ops.saturate_cast(torch.tensor([-np.inf, np.inf]), "int64").tolist()
    assert extremes == [-2**63, 2**63 - 2**39]


def test_associative_scan_keeps_integer_and_bool_dtypes():
    summed = ops.associative_scan(lambda a, b: a + b, torch.arange(7, dtype=torch.int32))
    assert summed.dtype == torch.int32
    assert summed.tolist() == np.cumsum(np.arange(7)).tolist()
    seen = ops.associative_scan(torch.logical_or, torch.tensor([False, True, False]))
    assert seen.tolist() == [False, True, True]


def test_segment_reductions_are_exact_for_ints_and_float64():
    big = torch.tensor([2**24 + 1, 1, 3], dtype=torch.int32)
    assert ops.segment_sum(big, torch.tensor([0, 0, 1])).tolist() == [2**24 + 2, 3]
    precise = torch.tensor([1.0, 1e-12], dtype=torch.float64)
    assert ops.segment_sum(precise, torch.tensor([0, 0]))[0].item() == 1.0 + 1e-12
    empty = ops.segment_max(torch.tensor([1, 2], dtype=torch.int8), torch.tensor([0, 2]),
                            num_segments=3)
    assert empty.tolist() == [1, -128, 2]
    assert ops.segment_min([1.0, 2.0], [1, 1], num_segments=2).tolist() == [math.inf, 1.0]


def test_rearrange_with_unknown_sizes():
    # Keras raises a TypeError for a `None` size; the spec keeps it unknown.
    x = kerastorch.Input((6, 4))
    assert ops.rearrange(x, "b (h p) w -> b h (p w)", p=3).shape == (None, 2, 12)
    assert ops.rearrange(x, "b h w -> (b h) w").shape == (None, 4)
    with pytest.raises(ValueError, match="Cannot infer the sizes"):
        ops.rearrange(torch.zeros(2, 6), "b (h w) -> b h w")


def test_unstack_and_stop_gradient_accept_arrays():
    assert [t.tolist() for t in ops.unstack(np.array([[1, 2], [3, 4]]))] == [[1, 2], [3, 4]]
    assert not ops.stop_gradient(np.ones(2)).requires_grad


# ------------------------------------------------------------- semantics
def test_custom_gradient_with_several_arguments():
    @ops.custom_gradient
    def scaled_product(x, y, scale, offset=0.0):
        def grad(x, y, scale, upstream=None):
            return upstream * y * 10.0, upstream * x * 20.0, None

        return x * y * scale + offset, grad

    x = torch.tensor([1.0, 2.0], requires_grad=True)
    y = torch.tensor([3.0, 4.0], requires_grad=True)
    output = scaled_product(x, y, 2.0, offset=1.0)
    torch.testing.assert_close(output, torch.tensor([7.0, 17.0]))
    grad_x, grad_y = torch.autograd.grad(output.sum(), (x, y))
    torch.testing.assert_close(grad_x, torch.tensor([30.0, 40.0]))
    torch.testing.assert_close(grad_y, torch.tensor([20.0, 40.0]))


@pytest.mark.parametrize("reduction", ["max", "min", "mul", "add"])
def test_scatter_update_reductions_match_a_python_loop(reduction):
    inputs = torch.randn(4, 3, 2)
    indices = torch.tensor([[1, 2], [3, 0], [1, 2], [-1, 1]])
    updates = torch.randn(4, 2)
    combine = {"max": torch.maximum, "min": torch.minimum, "mul": torch.mul,
               "add": torch.add}[reduction]
    expected = inputs.clone()
    for index, update in zip(indices.tolist(), updates):
        expected[tuple(index)] = combine(expected[tuple(index)], update)
    torch.testing.assert_close(ops.scatter_update(inputs, indices, updates, reduction),
                               expected)


def test_slices_with_tensor_starts():
    x = torch.arange(30).reshape(5, 6)
    start = torch.tensor([1, 2])
    torch.testing.assert_close(ops.slice(x, start, (2, 3)), x[1:3, 2:5])
    updated = ops.slice_update(x, start, torch.zeros(2, 3, dtype=torch.int64))
    expected = x.clone()
    expected[1:3, 2:5] = 0
    torch.testing.assert_close(updated, expected)
    assert x[1, 2] == 8  # The input is not modified.


@pytest.mark.parametrize("length, stride, fft_length", [(16, 4, 16), (12, 4, 16), (8, 2, 8)])
def test_istft_inverts_stft(length, stride, fft_length):
    signal = torch.randn(2, 64, dtype=torch.float64)
    spectrum = ops.stft(signal, length, stride, fft_length, center=length == fft_length)
    restored = ops.istft(spectrum, length, stride, fft_length, length=64,
                         center=length == fft_length)
    # Away from the ends, where fewer frames overlap than the window
    # normalisation assumes (as in Keras and `tf.signal.inverse_stft`).
    torch.testing.assert_close(restored[:, fft_length:-fft_length],
                               signal[:, fft_length:-fft_length])


def test_map_scan_and_vectorized_map_agree():
    xs = torch.randn(5, 3)
    expected = torch.stack([x.sin() * 2 for x in xs])
    torch.testing.assert_close(ops.map(lambda x: x.sin() * 2, xs), expected)
    torch.testing.assert_close(ops.vectorized_map(lambda x: x.sin() * 2, xs), expected)
    torch.testing.assert_close(ops.scan(lambda c, x: (c, x.sin() * 2), 0.0, xs)[1], expected)

"""Core `keras.ops` (conversion, casts, control flow, scatter / slice) and
`keras.ops.rearrange` side by side with `keras.ops` on its torch backend.

Each case is a function of the library (`keras` or `kerastorch`), so callables
handed to control-flow ops use that library's own ops.
"""

import copy

import keras
import numpy as np
import pytest
import torch

import kerastorch
from tests.compat.ops_checks import run_eager_case
from tests.compat.ops_checks import run_error_case
from tests.compat.ops_checks import run_symbolic_case

RNG = np.random.default_rng(0)
F32 = torch.from_numpy(RNG.normal(size=(3, 4)).astype("float32") * 100)
I32 = torch.from_numpy(RNG.integers(-300, 300, size=(3, 4)).astype("int32"))
B = torch.from_numpy(RNG.random((3, 4)) > 0.5)
SEQ = torch.from_numpy(RNG.normal(size=(5, 3)).astype("float32"))
EVEN = torch.from_numpy(RNG.normal(size=(8, 2)).astype("float32"))


def _grad(lib):
    @lib.ops.custom_gradient
    def log1pexp(x):
        e = lib.ops.exp(x)

        def grad(*args, upstream=None):
            if upstream is None:
                (upstream,) = args
            return lib.ops.multiply(upstream, 1.0 - 1.0 / lib.ops.add(1, e))

        return lib.ops.log(1 + e), grad

    x = torch.tensor([0.5, -1.0, 3.0], requires_grad=True)
    y = log1pexp(x)
    (gradient,) = torch.autograd.grad(y.sum(), x)
    return y.detach(), gradient


def _symbolic_cond(k, true_fn, false_fn):
    x = k.Input((3,))
    return k.ops.cond(k.Input((), dtype="bool"), lambda: true_fn(x), lambda: false_fn(x))


EAGER = {
    # casts and conversion
    "cast_float_int": lambda k: k.ops.cast(F32, "int32"),
    "cast_int_float16": lambda k: k.ops.cast(I32, "float16"),
    "cast_bool_float": lambda k: k.ops.cast(B, "float32"),
    "cast_same": lambda k: k.ops.cast(F32, "float32"),
    "cast_list": lambda k: k.ops.cast([1, 2, 3], "float32"),
    "cast_numpy_to_bool": lambda k: k.ops.cast(np.array([0.0, 2.0]), "bool"),
    "cast_torch_dtype": lambda k: k.ops.cast(I32, torch.float64),
    "saturate_uint8": lambda k: k.ops.saturate_cast(F32, "uint8"),
    "saturate_int8": lambda k: k.ops.saturate_cast(F32, "int8"),
    "saturate_int16": lambda k: k.ops.saturate_cast(F32 * 1000, "int16"),
    "saturate_float16": lambda k: k.ops.saturate_cast(F32 * 1e4, "float16"),
    "saturate_int_uint8": lambda k: k.ops.saturate_cast(I32, "uint8"),
    "saturate_int_int8": lambda k: k.ops.saturate_cast(I32, "int8"),
    "saturate_f64_f32": lambda k: k.ops.saturate_cast(
        torch.tensor([1e300, -1e300, 2.5], dtype=torch.float64), "float32"),
    "saturate_bool": lambda k: k.ops.saturate_cast(B, "float32"),
    "saturate_inf": lambda k: k.ops.saturate_cast(torch.tensor([np.inf, -np.inf, 7.0]), "int8"),
    "convert_int_list": lambda k: k.ops.convert_to_tensor([1, 2, 3]),
    "convert_float_list": lambda k: k.ops.convert_to_tensor([1.0, 2]),
    "convert_bool_list": lambda k: k.ops.convert_to_tensor([True, False]),
    "convert_nested": lambda k: k.ops.convert_to_tensor([[1, 2], [3, 4]]),
    "convert_tuple": lambda k: k.ops.convert_to_tensor((1.5, 2.5)),
    "convert_numpy_f64": lambda k: k.ops.convert_to_tensor(np.array([1.0, 2.0])),
    "convert_numpy_i64": lambda k: k.ops.convert_to_tensor(np.array([1, 2])),
    "convert_int": lambda k: k.ops.convert_to_tensor(5),
    "convert_big_int": lambda k: k.ops.convert_to_tensor(2**40),
    "convert_float": lambda k: k.ops.convert_to_tensor(5.0),
    "convert_bool": lambda k: k.ops.convert_to_tensor(True),
    "convert_np_scalar": lambda k: k.ops.convert_to_tensor(np.float32(1.5)),
    "convert_tensor_list": lambda k: k.ops.convert_to_tensor([torch.tensor(1), torch.tensor(2)]),
    "convert_dtype": lambda k: k.ops.convert_to_tensor([1, 2], dtype="float16"),
    "convert_tensor_dtype": lambda k: k.ops.convert_to_tensor(F32, dtype="int32"),
    "to_numpy_tensor": lambda k: k.ops.convert_to_numpy(F32),
    "to_numpy_list": lambda k: k.ops.convert_to_numpy([F32[0], F32[1]]),
    "to_numpy_bfloat16": lambda k: k.ops.convert_to_numpy(F32.to(torch.bfloat16)),
    "to_numpy_scalar": lambda k: k.ops.convert_to_numpy(3),
    "is_tensor_tensor": lambda k: k.ops.is_tensor(F32),
    "is_tensor_numpy": lambda k: k.ops.is_tensor(np.ones(2)),
    "shape_tensor": lambda k: k.ops.shape(F32),
    "shape_numpy": lambda k: k.ops.shape(np.ones((2, 5))),
    "dtype_tensor": lambda k: k.ops.dtype(I32),
    "dtype_numpy": lambda k: k.ops.dtype(np.ones(2)),
    "stop_gradient": lambda k: k.ops.stop_gradient(F32),
    "unstack": lambda k: k.ops.unstack(F32),
    "unstack_axis1": lambda k: k.ops.unstack(I32, axis=1),
    "unstack_last": lambda k: k.ops.unstack(B, num=4, axis=-1),
    # control flow
    "cond_true": lambda k: k.ops.cond(torch.tensor(True), lambda: F32 * 2, lambda: F32),
    "cond_false": lambda k: k.ops.cond(torch.tensor(False), lambda: F32 * 2, lambda: F32),
    "cond_python": lambda k: k.ops.cond(False, lambda: (1, 2), lambda: (3, 4)),
    "switch_0": lambda k: k.ops.switch(0, [k.ops.add, k.ops.subtract], F32, 1.5),
    "switch_1": lambda k: k.ops.switch(1, [k.ops.add, k.ops.subtract], F32, 1.5),
    "switch_clamped_high": lambda k: k.ops.switch(7, [k.ops.add, k.ops.subtract], I32, I32),
    "switch_clamped_low": lambda k: k.ops.switch(-3, [k.ops.add, k.ops.subtract], I32, I32),
    "switch_tensor_index": lambda k: k.ops.switch(torch.tensor(1), [lambda x: x, k.ops.exp], F32),
    "while_scalar": lambda k: k.ops.while_loop(lambda i: i < 10, lambda i: i + 1, 0),
    "while_tuple": lambda k: k.ops.while_loop(
        lambda i, x: i < 5, lambda i, x: (i + 1, x * 1.5), (0, F32)),
    "while_list": lambda k: k.ops.while_loop(
        lambda i, x: i < 3, lambda i, x: [i + 1, x + i], [0, 1.5]),
    "while_max_iterations": lambda k: k.ops.while_loop(
        lambda x: k.ops.sum(x) < 1e9, lambda x: x * 2.0, torch.ones(2), maximum_iterations=4),
    "fori_python": lambda k: k.ops.fori_loop(0, 10, lambda i, s: s + i, 0),
    "fori_tensor": lambda k: k.ops.fori_loop(2, 5, lambda i, s: s * i, F32),
    "scan_sum": lambda k: k.ops.scan(lambda c, x: (c + x, c * x), torch.zeros(3), SEQ),
    "scan_python_init": lambda k: k.ops.scan(lambda c, x: (c + x, c), 0,
                                             torch.tensor([1, 2, 3, 4])),
    "scan_reverse": lambda k: k.ops.scan(lambda c, x: (c + x, c), torch.zeros(3), SEQ,
                                         reverse=True),
    "scan_length": lambda k: k.ops.scan(lambda c, x: (c * 2, c), torch.ones(2), None, length=4),
    "scan_structures": lambda k: k.ops.scan(
        lambda c, x: ({"a": c["a"] + x[0], "b": c["b"] * x[1]}, [x[0] - x[1], c["a"]]),
        {"a": torch.zeros(3), "b": torch.ones(3)}, (SEQ, SEQ * 2)),
    "scan_none_output": lambda k: k.ops.scan(lambda c, x: (c + x, None), torch.zeros(3), SEQ),
    "scan_length_cuts": lambda k: k.ops.scan(lambda c, x: (c + x, c), torch.zeros(3), SEQ,
                                             length=2),
    "map": lambda k: k.ops.map(lambda x: x ** 2, SEQ),
    "map_dict_output": lambda k: k.ops.map(lambda x: {"y1": x * 2, "y2": x.sum()}, SEQ),
    "map_structure_input": lambda k: k.ops.map(lambda x: x[0] + x[1], (SEQ, SEQ)),
    "associative_scan_odd": lambda k: k.ops.associative_scan(lambda a, b: a + b, SEQ),
    "associative_scan_even": lambda k: k.ops.associative_scan(lambda a, b: a + b, EVEN),
    "associative_scan_axis1": lambda k: k.ops.associative_scan(lambda a, b: a * b, F32 / 100,
                                                              axis=1),
    "associative_scan_negative_axis": lambda k: k.ops.associative_scan(
        k.ops.maximum, F32, axis=-1),
    "associative_scan_reverse": lambda k: k.ops.associative_scan(lambda a, b: a + b, EVEN,
                                                                reverse=True),
    "associative_scan_structure": lambda k: k.ops.associative_scan(
        lambda a, b: [a[0] + b[0], a[1] * b[1]], [SEQ, SEQ / 2]),
    "associative_scan_single": lambda k: k.ops.associative_scan(lambda a, b: a + b, SEQ[:1]),
    "vectorized_map": lambda k: k.ops.vectorized_map(lambda x: x * 2 + 1, F32),
    "vectorized_map_list": lambda k: k.ops.vectorized_map(lambda xs: xs[0] * xs[1], [F32, F32]),
    # scatter and slicing
    "scatter": lambda k: k.ops.scatter([[0, 1], [1, 1]], torch.tensor([1.0, 2.0]), (2, 2)),
    "scatter_duplicates": lambda k: k.ops.scatter(
        [[0, 1], [1, 1], [0, 1]], np.array([1.0, 1.0, 2.0]), (2, 2)),
    "scatter_slices": lambda k: k.ops.scatter(torch.tensor([[2], [0]]), F32[:2], (4, 4)),
    "scatter_int": lambda k: k.ops.scatter([[0, 1], [1, 1]], [1, 2], (2, 3)),
    "scatter_batched_indices": lambda k: k.ops.scatter(
        torch.tensor([[[0, 0], [1, 2]], [[2, 3], [0, 0]]]), F32[:2, :2], (3, 4)),
    "scatter_update": lambda k: k.ops.scatter_update(F32, [[0, 1], [2, 3]], [7.0, 8.0]),
    "scatter_update_rows": lambda k: k.ops.scatter_update(I32, [[2], [0]], I32[:2] * 0 + 5),
    "scatter_update_negative": lambda k: k.ops.scatter_update(torch.zeros(3), [[-1]], [1.0]),
    "scatter_update_add": lambda k: k.ops.scatter_update(
        torch.zeros(4), [[0], [0], [1]], torch.tensor([1.0, 1.0, 1.0]), reduction="add"),
    "scatter_update_max": lambda k: k.ops.scatter_update(
        F32, [[0, 1], [0, 1], [2, 2]], torch.tensor([500.0, -500.0, -5.0]), reduction="max"),
    "scatter_update_min_upper": lambda k: k.ops.scatter_update(
        I32, [[1, 1], [1, 1], [2, -1]], torch.tensor([500, -500, 20]), reduction="MIN"),
    "scatter_update_mul_rows": lambda k: k.ops.scatter_update(
        np.ones((3, 2)), [[0], [2], [0]], np.array([[2.0, 5.0], [2, 3], [3, 3]]),
        reduction="mul"),
    "slice": lambda k: k.ops.slice(F32, [0, 1], [2, 2]),
    "slice_tensor_start": lambda k: k.ops.slice(I32, torch.tensor([1, 2]), [2, 2]),
    "slice_numpy_shape": lambda k: k.ops.slice(I32, [1, 0], np.array([1, 3])),
    "slice_update": lambda k: k.ops.slice_update(F32, [1, 2], torch.ones(2, 2)),
    "slice_update_tensor_start": lambda k: k.ops.slice_update(
        I32, torch.tensor([0, 1]), torch.zeros(2, 3, dtype=torch.int32)),
    "slice_update_cast": lambda k: k.ops.slice_update(I32, [0, 0], torch.ones(1, 2) * 2.7),
    "custom_gradient": _grad,
    # einops
    "rearrange_transpose": lambda k: k.ops.rearrange(SEQ, "a b -> b a"),
    "rearrange_merge": lambda k: k.ops.rearrange(F32.reshape(3, 2, 2), "b h w -> b (w h)"),
    "rearrange_split": lambda k: k.ops.rearrange(EVEN, "(h p) w -> h (p w)", p=2),
    "rearrange_split_known": lambda k: k.ops.rearrange(
        torch.arange(48).reshape(2, 6, 4), "b (h p) w -> p b w h", h=3, p=2),
    "rearrange_numpy": lambda k: k.ops.rearrange(np.ones((2, 3, 4)), "b h w -> w b h"),
}

SYMBOLIC = {
    "cast": lambda k: k.ops.cast(k.Input((3,)), "int32"),
    "saturate_cast": lambda k: k.ops.saturate_cast(k.Input((3, 2)), "uint8"),
    "convert_to_tensor": lambda k: k.ops.convert_to_tensor(k.Input((3,), dtype="int32"),
                                                           "float16"),
    "convert_to_tensor_keep": lambda k: k.ops.convert_to_tensor(k.Input((3,), dtype="int32")),
    "stop_gradient": lambda k: k.ops.stop_gradient(k.Input((3, 2))),
    "unstack": lambda k: k.ops.unstack(k.Input((2, 3)), axis=1),
    "unstack_num": lambda k: k.ops.unstack(k.Input((2, 3)), num=4, axis=0),
    "cond": lambda k: _symbolic_cond(k, lambda x: x * 2, lambda x: x + 1),
    "switch": lambda k: k.ops.switch(0, [lambda x: x * 2, lambda x: x], k.Input((3,))),
    "while_loop": lambda k: k.ops.while_loop(lambda x: False, lambda x: x, k.Input((3,))),
    "while_loop_tuple": lambda k: k.ops.while_loop(
        lambda x, y: False, lambda x, y: (x, y), (k.Input((3,)), k.Input((2,), dtype="int32")),
        maximum_iterations=3),
    "fori_loop": lambda k: k.ops.fori_loop(0, 3, lambda i, x: x, k.Input((3,))),
    "scan": lambda k: k.ops.scan(lambda c, x: (c + x, c * x), torch.zeros(4), k.Input((4,))),
    "scan_length": lambda k: k.ops.scan(lambda c, x: (c + x, c * x), torch.zeros(4),
                                        k.Input((4,)), length=2),
    "map": lambda k: k.ops.map(lambda x: x * 2, k.Input((3,))),
    "associative_scan": lambda k: k.ops.associative_scan(lambda a, b: a + b, k.Input((5,)),
                                                         axis=1),
    "vectorized_map": lambda k: k.ops.vectorized_map(lambda x: x * 2, k.Input((3,))),
    "scatter": lambda k: k.ops.scatter(k.Input((2,), dtype="int32"), k.Input(()), (4, 5)),
    "scatter_update": lambda k: k.ops.scatter_update(
        k.Input((4,)), np.array([[0, 1]]), np.array([1.0]), reduction="Add"),
    "slice": lambda k: k.ops.slice(k.Input((4, 5)), [0, 1, 2], [1, 2, 3]),
    "slice_rest": lambda k: k.ops.slice(k.Input((4, 5)), [0, 1, 2], [-1, -1, 3]),
    "slice_update": lambda k: k.ops.slice_update(k.Input((4, 5)), [0, 0, 0],
                                                 np.ones((1, 2, 2), "float32")),
    "rearrange": lambda k: k.ops.rearrange(k.Input((4, 6), batch_size=2),
                                           "b h (w c) -> c b h w", c=3),
}

ERRORS = {
    "convert_sparse": lambda k: k.ops.convert_to_tensor([1.0], sparse=True),
    "convert_ragged": lambda k: k.ops.convert_to_tensor([1.0], ragged=True),
    "to_numpy_symbolic": lambda k: k.ops.convert_to_numpy(k.Input((2,))),
    "scan_not_callable": lambda k: k.ops.scan(3, torch.zeros(2), SEQ),
    "scan_bad_unroll": lambda k: k.ops.scan(lambda c, x: (c, x), torch.zeros(3), SEQ, unroll=0),
    "scan_nothing": lambda k: k.ops.scan(lambda c, x: (c, x), torch.zeros(3)),
    "associative_scan_not_callable": lambda k: k.ops.associative_scan(None, SEQ),
    "associative_scan_sizes": lambda k: k.ops.associative_scan(
        lambda a, b: [a[0] + b[0], a[1] + b[1]], [SEQ, EVEN]),
    "scatter_update_reduction": lambda k: k.ops.scatter_update(
        F32, [[0, 0]], [1.0], reduction="sum"),
    "unstack_unknown": lambda k: k.ops.unstack(k.Input((3,))),
    "slice_rank": lambda k: k.ops.slice(k.Input((4, 5)), [0, 1], [1, 2]),
    "cond_mismatch": lambda k: _symbolic_cond(k, lambda x: x, lambda x: k.ops.sum(x, axis=1)),
}


def test_namespaces_hold_all_keras_ops():
    modules = {f"keras.src.ops.{name}" for name in ("core", "math", "linalg", "einops")}
    names = [name for name in dir(keras.ops)
             if getattr(getattr(keras.ops, name), "__module__", "") in modules]
    assert len(names) == 62
    assert [name for name in names if not hasattr(kerastorch.ops, name)] == []
    linalg = [name for name in dir(keras.ops.linalg) if not name.startswith("_")]
    assert [name for name in linalg if not hasattr(kerastorch.ops.linalg, name)] == []


def _graph_of_ops(k):
    x = k.Input((4, 6), batch_size=3)
    values, _ = k.ops.top_k(x, 2)
    outputs = [
        k.ops.cast(values, "float16"),
        k.ops.saturate_cast(x, "uint8"),
        k.ops.unstack(x, axis=1)[2],
        k.ops.slice(x, [0, 1, 2], [2, 2, 2]),
        k.ops.logsumexp(x, axis=-1),
        k.ops.extract_sequences(x, 3, 2),
        k.ops.rfft(x, fft_length=8)[1],
        k.ops.linalg.norm(x, ord="fro", axis=(1, 2)),
        k.ops.qr(x, mode="complete")[0],
        k.ops.rearrange(x, "b h (w c) -> c b h w", c=2),
    ]
    return k.Model(x, outputs)


def test_functional_config_matches_keras_and_loads_in_keras():
    keras_model, kt_model = _graph_of_ops(keras), _graph_of_ops(kerastorch)
    config = kt_model.get_config()
    assert config == keras_model.get_config()
    data = torch.from_numpy(np.random.default_rng(3).normal(size=(3, 4, 6)).astype("float32"))
    loaded = keras.Model.from_config(copy.deepcopy(config))
    for expected, received in zip(loaded(data), kerastorch.Model.from_config(config)(data)):
        np.testing.assert_allclose(received.numpy(), expected.numpy(), rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("name", sorted(EAGER))
def test_eager_matches_keras(name):
    run_eager_case(EAGER[name])


@pytest.mark.parametrize("name", sorted(SYMBOLIC))
def test_symbolic_matches_keras(name):
    run_symbolic_case(SYMBOLIC[name])


@pytest.mark.parametrize("name", sorted(ERRORS))
def test_errors_match_keras(name):
    run_error_case(ERRORS[name])

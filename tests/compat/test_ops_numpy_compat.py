"""The non-element-wise `keras.ops.numpy` ops side by side with Keras (torch backend).

One table of cases; each runs eagerly in both libraries on the same inputs
(values, dtype, shape, output structure) and, unless marked otherwise,
symbolically on `KerasTensor`s with fully known shapes and with an unknown
first dimension (output shapes, dtypes and the graph node's config).

Where Keras's torch backend departs from NumPy (and from Keras's own symbolic
shapes), kerastorch follows NumPy: such cases carry a NumPy reference `ref`,
and only the dtype is compared with Keras.
"""

import inspect

import keras
import numpy as np
import pytest
import torch
from keras.src.ops import numpy as keras_numpy

import kerastorch
import kerastorch.ops as kt_ops
from kerastorch import api_export

RTOL, ATOL = 1e-5, 1e-6
RNG = np.random.default_rng(0)


def F(*shape):
    return RNG.normal(size=shape).astype("float32")


def P(*shape):
    return RNG.uniform(0.5, 2.0, size=shape).astype("float32")


def I(*shape, low=-4, high=5):
    return RNG.integers(low, high, size=shape).astype("int32")


def B(*shape):
    return RNG.random(size=shape) > 0.5


def N(*shape):
    x = F(*shape)
    x.reshape(-1)[::3] = np.nan
    return x


def S(*shape):
    return np.sort(F(*shape), axis=-1)


NAN_ROW = np.array([[np.nan, np.nan, np.nan], [1.0, np.nan, -2.0]], dtype="float32")
BOTH = ("static", "batch")


class Case:
    def __init__(self, name, args, kwargs, ref=None, sym=BOTH, values=True, case_id=None):
        self.name, self.args, self.kwargs = name, args, kwargs
        self.ref, self.sym, self.values = ref, sym, values
        self.id = case_id


def C(name, *args, ref=None, sym=BOTH, values=True, **kwargs):
    return Case(name, args, kwargs, ref=ref, sym=sym, values=values)


CASES = [
    # ---------------------------------------------------------- reductions
    C("sum", F(2, 3)), C("sum", F(2, 3), axis=1), C("sum", I(2, 3), axis=0),
    C("sum", B(2, 3), axis=1), C("sum", F(2, 3, 4), axis=(0, 2), keepdims=True),
    C("sum", F(2, 3), axis=()),
    C("sum", F(2, 3), keepdims=True, ref=lambda x, **k: np.sum(x, keepdims=True)),
    C("mean", F(2, 3)), C("mean", F(2, 3), axis=0), C("mean", I(2, 3), axis=1),
    C("mean", B(4,)), C("mean", F(2, 3, 4), axis=[0, 2], keepdims=True),
    C("mean", np.arange(6.0).reshape(2, 3), axis=1, sym=()), C("sum", [[1, 2], [3, 4]], axis=0),
    C("max", [1.5, 2.5]), C("sort", [3, 1, 2]), C("concatenate", [[1, 2], [3]]),
    C("cumsum", [True, False, True]), C("dot", [1, 2], [3, 4]),
    C("max", F(2, 3), axis=1), C("max", I(2, 3), axis=0, keepdims=True),
    C("max", F(2, 3), axis=1, initial=0.5), C("max", F(0, 3), initial=1.0, sym=()),
    C("max", F(2, 3), keepdims=True, ref=lambda x, **k: np.max(x, keepdims=True)),
    C("min", F(2, 3), axis=1), C("min", I(2, 3)), C("min", F(2, 3), axis=0, initial=-0.5),
    C("amax", F(2, 3, 4), axis=(0, 2)), C("amax", I(2, 3)), C("amax", F(2, 3), axis=()),
    C("amin", F(2, 3, 4), axis=1), C("amin", I(2, 3), axis=0, keepdims=True),
    C("ptp", F(2, 3), axis=0), C("ptp", I(2, 3), axis=1, keepdims=True), C("ptp", F(3, 2)),
    C("prod", F(2, 3), axis=1), C("prod", I(2, 3)), C("prod", B(2, 3), axis=0),
    C("prod", F(2, 3, 2), axis=(0, 2)), C("prod", I(2, 3), axis=1, dtype="float32"),
    C("all", B(2, 3), axis=1), C("all", F(2, 3)), C("all", I(2, 3), axis=None, keepdims=True),
    C("all", B(2, 3), axis=()),
    C("any", B(2, 3), axis=0), C("any", I(2, 3), axis=(0, 1), keepdims=True),
    C("argmax", F(2, 3), axis=1), C("argmax", I(2, 3)), C("argmax", B(2, 3), axis=0),
    C("argmax", F(2, 3), axis=1, keepdims=True),
    C("argmin", F(2, 3), axis=0), C("argmin", F(2, 3, 4), axis=-1, keepdims=True),
    C("count_nonzero", I(2, 3)), C("count_nonzero", I(2, 3), axis=1),
    C("count_nonzero", I(2, 3), axis=(0, 1)), C("count_nonzero", B(5), axis=0),
    C("count_nonzero", I(2, 3, 4), axis=0,
      ref=lambda x, **k: np.count_nonzero(x, **k).astype("int32")),
    C("cumsum", F(2, 3), axis=1), C("cumsum", I(2, 3)), C("cumsum", B(4)),
    C("cumsum", I(2, 3), axis=0, dtype="float32"),
    C("cumprod", F(2, 3), axis=0), C("cumprod", I(2, 3)), C("cumprod", B(4), axis=0),
    # ------------------------------------------------------ NaN reductions
    C("nansum", N(2, 3)), C("nansum", N(2, 3), axis=1, keepdims=True), C("nansum", I(2, 3)),
    C("nanprod", N(2, 3), axis=0), C("nanprod", I(2, 3), axis=1),
    C("nanmax", NAN_ROW, axis=1), C("nanmax", N(2, 3)), C("nanmax", I(2, 3), axis=0),
    C("nanmin", NAN_ROW, axis=1, keepdims=True), C("nanmin", N(3, 2)),
    C("nanargmax", NAN_ROW, axis=1), C("nanargmax", N(2, 3)), C("nanargmax", I(2, 3), axis=0),
    C("nanargmin", NAN_ROW, axis=1), C("nanargmin", N(2, 3), axis=0, keepdims=True),
    C("nancumsum", N(2, 3), axis=1), C("nancumsum", N(5)),
    C("nancumprod", N(2, 3), axis=0), C("nancumprod", I(4)),
    # ---------------------------------------------------------- statistics
    C("std", F(2, 3)), C("std", F(2, 3), axis=1), C("std", I(2, 3), axis=0, keepdims=True),
    C("var", F(2, 3), axis=0), C("var", I(2, 3)), C("var", F(2, 3), axis=(0, 1), keepdims=True),
    C("var", F(2, 3), axis=()),
    C("quantile", F(2, 5), 0.3, axis=1), C("quantile", F(2, 5), [0.2, 0.8], axis=0),
    C("quantile", F(2, 5), 0.5, keepdims=True), C("quantile", I(6), 0.25, method="nearest"),
    C("quantile", F(2, 3, 4), [0.1, 0.9], axis=(0, 2), keepdims=True),
    C("quantile", F(7), 0.4, method="midpoint"),
    C("percentile", F(2, 5), 30, axis=1), C("percentile", F(2, 5), [10, 90]),
    C("median", F(2, 5), axis=1), C("median", I(2, 4)), C("median", F(2, 4), axis=0, keepdims=True),
    C("nanquantile", N(2, 5), 0.3, axis=1), C("nanpercentile", N(2, 5), [25, 75]),
    C("nanmedian", N(2, 5), axis=1), C("nanmedian", N(3, 4)),
    C("nanmean", N(2, 3), axis=1), C("nanmean", I(2, 3)),
    C("nanvar", N(2, 4), axis=1), C("nanvar", N(3, 4), keepdims=True),
    C("nanstd", N(2, 4), axis=0),
    C("average", F(2, 3)), C("average", F(2, 3), axis=1), C("average", I(2, 3), axis=0),
    C("average", F(2, 3), axis=1, weights=P(2, 3)), C("average", F(2, 3), axis=1, weights=P(3)),
    C("average", F(2, 3), axis=0, weights=P(2),
      ref=lambda x, **k: np.average(x, **k).astype("float32")),
    C("average", F(2, 3), weights=P(2, 3),
      ref=lambda x, **k: np.average(x, **k).astype("float32")),
    C("corrcoef", F(3, 5), sym=()), C("corrcoef", I(2, 4), sym=()),
    C("histogram", F(20), bins=5), C("histogram", F(20), bins=4, range=(-1.0, 1.0)),
    C("bincount", I(8, low=0, high=5)), C("bincount", I(6, low=0, high=4), weights=P(6), sym=()),
    C("bincount", I(6, low=0, high=3), minlength=6),
    C("bincount", np.array([[0, 1, 1], [2, 0, 0]], dtype="int32"), minlength=3),
    C("bincount", np.array([[0, 1, 1], [3, 0, 0]], dtype="int32"), sym=(),
      ref=lambda x, **k: np.array([[1, 2, 0, 0], [2, 0, 0, 1]], dtype="int32")),
    # ------------------------------------------------------ linear algebra
    C("dot", F(2, 3), F(3, 4)), C("dot", F(3), F(3)), C("dot", F(2, 3), F(3), sym=("static",)),
    C("dot", I(2, 3), I(3, 2)), C("dot", F(2, 3), 2.0, sym=()),
    C("dot", F(2, 3), F(4, 3, 5), ref=lambda a, b: np.dot(a, b)),
    C("vdot", F(4), F(4)), C("vdot", I(4), I(4)),
    C("inner", F(2, 3), F(4, 3)), C("inner", F(3), F(3)),
    C("outer", F(3), F(4)), C("outer", I(2, 2), F(3)),
    C("tensordot", F(2, 3, 4), F(3, 4, 5)), C("tensordot", F(2, 3), F(3, 4), axes=1),
    C("tensordot", F(2, 3, 4), F(5, 2), axes=([0], [1])),
    C("tensordot", F(3, 2), F(3, 4), axes=(0, 0), sym=()),
    C("einsum", "ij,jk->ik", F(2, 3), F(3, 4)), C("einsum", "bij->bji", F(2, 3, 4)),
    C("einsum", "i,i->", F(3), F(3)), C("einsum", "ij,kj", F(2, 3), F(4, 3)),
    C("einsum", "ij,jk->ik", I(2, 3).astype("int8"), I(3, 2).astype("int8")),
    C("kron", F(2, 2), F(2, 3)), C("kron", I(2), I(3)),
    C("cross", F(4, 3), F(4, 3)), C("cross", F(3, 4), F(3, 4), axis=0),
    C("cross", I(2, 3), I(2, 3)),
    C("cross", F(3, 3), F(3, 3), ref=lambda a, b, **k: np.cross(a, b)),
    C("trace", F(3, 3)), C("trace", F(2, 3, 4), offset=1, axis1=1, axis2=2),
    C("trace", B(3, 3)), C("trace", I(3, 4), offset=-1),
    C("slogdet", F(3, 3), sym=()), C("slogdet", F(2, 3, 3), sym=()),
    # ----------------------------------------------------------- creation
    C("zeros", (2, 3)), C("zeros", 3, dtype="int32"), C("ones", (2, 1)), C("ones", 2, dtype="bool"),
    C("empty", (2, 3), values=False), C("empty", (4,), dtype="int32", values=False),
    C("full", (2, 3), 7), C("full", (2,), 1.5, dtype="float16"), C("full", (2, 3), F(3)),
    C("zeros_like", F(2, 3)), C("zeros_like", I(2, 3), dtype="float32"),
    C("ones_like", B(2, 3)), C("ones_like", F(3), dtype="int32"),
    C("empty_like", F(2, 3), values=False), C("full_like", I(2, 3), 2.5),
    C("full_like", F(2, 3), 3, dtype="int32"),
    C("array", [1, 2]), C("array", [1.5, 2]), C("array", [[True], [False]]),
    C("array", F(2, 3), dtype="int32"), C("array", np.arange(3.0)),
    C("arange", 5), C("arange", 1, 7, 2), C("arange", 0.5, 3), C("arange", 5, dtype="float32"),
    C("arange", 1, 2, 0.25),
    C("linspace", 0, 1, 5), C("linspace", 0, 10, 4, endpoint=False),
    C("linspace", 0.0, 1.0, 5, retstep=True), C("linspace", 0, 5, 6, dtype="int32"),
    C("linspace", np.array([0.0, 1.0]), np.array([1.0, 3.0]), 3),
    C("logspace", 0, 2, 3), C("logspace", 0, 2, 4, endpoint=False), C("logspace", 1, 4, 4, base=2),
    C("logspace", np.array([0.0, 1.0]), np.array([1.0, 2.0]), 3),
    C("geomspace", 1, 1000, 4), C("geomspace", -1, -100, 3),
    C("geomspace", 1, 16, 4, endpoint=False),
    C("meshgrid", F(3), F(2)), C("meshgrid", I(3), I(2), indexing="ij"),
    C("meshgrid", F(2), F(3), F(4)),
    C("eye", 3), C("eye", 2, 4, k=1), C("eye", 3, k=-1, dtype="int32"), C("eye", 4, 3, k=2),
    C("identity", 3), C("identity", 2, dtype="int32"),
    C("tri", 3), C("tri", 3, 4, k=1), C("tri", 4, 2, k=-1, dtype="int32"),
    C("tril", F(3, 3)), C("tril", F(2, 3, 4), k=-1), C("triu", F(3, 4), k=1), C("triu", I(4, 3)),
    C("diag", F(3)), C("diag", F(3), k=1), C("diag", F(3, 4)), C("diag", F(3, 4), k=-1),
    C("diagflat", F(2, 2)), C("diagflat", F(3), k=-1),
    C("diagonal", F(3, 4)), C("diagonal", F(2, 3, 4), offset=1, axis1=1, axis2=2),
    C("diagonal", F(4, 3), offset=-1),
    C("vander", F(3)), C("vander", I(4), N=3, increasing=True),
    C("bartlett", 5, sym=()), C("blackman", 6, sym=()), C("hamming", 5, sym=()),
    C("hanning", 7, sym=()), C("kaiser", 6, 2.0, sym=()),
    # -------------------------------------------------- shape manipulation
    C("reshape", F(2, 6), (3, 4)), C("reshape", F(2, 6), (-1,)), C("reshape", F(2, 6), (2, -1, 3)),
    C("reshape", I(2, 3), 6), C("reshape", F(4, 3), (-1, 2, 2)),
    C("transpose", F(2, 3, 4)), C("transpose", F(2, 3, 4), axes=(1, 0, 2)), C("transpose", F(3)),
    C("swapaxes", F(2, 3, 4), 0, 2), C("moveaxis", F(2, 3, 4), 0, -1),
    C("moveaxis", F(2, 3, 4), [0, 1], [2, 0]),
    C("expand_dims", F(2, 3), 0), C("expand_dims", F(2, 3), -1), C("expand_dims", F(2, 3), (0, 3)),
    C("squeeze", F(1, 3, 1)), C("squeeze", F(1, 3, 1), axis=0, sym=("static",)),
    C("squeeze", F(1, 3, 1), axis=(0, 2), sym=("static",)),
    C("squeeze", F(2, 3), axis=0, sym=()),
    C("ravel", F(2, 3)), C("broadcast_to", F(3), (2, 3)), C("broadcast_to", F(2, 1), (2, 4)),
    C("view", F(2, 4), "int32"), C("view", F(2, 4), "float16"), C("view", I(2, 2), "float32"),
    C("concatenate", [F(2, 3), F(1, 3)]), C("concatenate", [F(2, 3), F(2, 2)], axis=1),
    C("concatenate", [I(2, 2), F(2, 2)]), C("concatenate", [F(2, 3, 1), F(2, 3, 2)], axis=-1),
    C("stack", [F(2, 3), F(2, 3)]), C("stack", [F(2, 3), F(2, 3)], axis=1),
    C("stack", [I(3), I(3), I(3)], axis=-1),
    C("hstack", [F(2, 3), F(2, 2)]), C("hstack", [F(3), F(2)], sym=()),
    C("vstack", [F(2, 3), F(1, 3)]), C("vstack", [F(3), F(3)], sym=()),
    C("dstack", [F(2, 3), F(2, 3)]), C("dstack", [F(3), F(3)]),
    C("append", F(2, 3), F(1, 3)), C("append", F(2, 3), F(1, 3), axis=0, sym=("static",)),
    C("append", I(2), F(3)),
    C("split", F(6, 2), 3), C("split", F(6, 2), [1, 4]), C("split", F(2, 6), 2, axis=1),
    C("array_split", F(7, 2), 3), C("array_split", F(2, 5), 2, axis=1),
    C("hsplit", F(2, 6), 3), C("hsplit", F(2, 6), [1, 3]), C("hsplit", F(6), 2),
    C("vsplit", F(6, 2), 2), C("vsplit", F(6, 2), [2]), C("dsplit", F(1, 2, 6), 3),
    C("flip", F(2, 3)), C("flip", F(2, 3), axis=1), C("flip", I(2, 3, 2), axis=(0, 2)),
    C("fliplr", F(2, 3)), C("flipud", F(2, 3)),
    C("rot90", F(2, 3)), C("rot90", F(2, 3), k=2, sym=()), C("rot90", F(2, 3, 4), axes=(1, 2)),
    C("rot90", F(2, 3), k=-1),
    C("roll", F(5), 2), C("roll", F(2, 3), 1, axis=1), C("roll", F(2, 3), (1, 2), axis=(0, 1)),
    C("roll", I(2, 3), -1),
    C("tile", F(2, 3), 2), C("tile", F(2, 3), (2, 1)), C("tile", F(3), (2, 1, 3)),
    C("repeat", F(2, 3), 2), C("repeat", F(2, 3), 2, axis=1),
    C("repeat", F(2, 3), [1, 2], axis=0, ref=lambda x, r, **k: np.repeat(x, r, **k)),
    C("repeat", F(3), [1, 0, 2], ref=lambda x, r, **k: np.repeat(x, r, **k)),
    C("pad", F(2, 3), ((1, 0), (2, 1))), C("pad", F(2, 3), ((1, 0), (2, 1)), constant_values=3.0),
    C("pad", F(3, 4), ((1, 1), (2, 2)), mode="reflect"), C("pad", F(4), (1, 2)),
    C("pad", I(3, 4), ((0, 1), (2, 0)), mode="reflect"),
    C("pad", F(2, 3), (1, 2), ref=lambda x, w, **k: np.pad(x, w, **k)),
    C("pad", F(3, 4), ((1, 2), (2, 1)), mode="symmetric", ref=lambda x, w, **k: np.pad(x, w, **k)),
    C("pad", F(3, 4), ((2, 0), (0, 3)), mode="edge", ref=lambda x, w, **k: np.pad(x, w, **k)),
    C("pad", F(3, 4), ((2, 5), (0, 3)), mode="wrap", ref=lambda x, w, **k: np.pad(x, w, **k)),
    # ------------------------------------------------------------ indexing
    C("get_item", F(3, 4), 1), C("get_item", F(3, 4), (slice(None), 2)),
    C("get_item", F(3, 4), (slice(1, None), None, slice(None, None, 2))),
    C("get_item", F(2, 3, 4), (Ellipsis, 0)), C("get_item", F(3, 4), np.array([0, 2]), sym=()),
    C("take", F(5), I(3, low=0, high=5)), C("take", F(3, 4), I(2, low=0, high=4), axis=1),
    C("take", F(3, 4), np.array([-1, 0], dtype="int32"), axis=0),
    C("take", F(3, 4), I(2, 2, low=0, high=3), axis=0), C("take", F(3, 4), I(3, low=0, high=12)),
    C("take", F(3, 4), np.array([-1, 2], dtype="int32"),
      ref=lambda x, i: np.take(x, i)),
    C("take_along_axis", F(3, 4), I(3, 2, low=0, high=4), axis=1),
    C("take_along_axis", F(5), I(3, low=0, high=5), axis=None),
    C("take_along_axis", F(3, 4), np.array([[-1], [0], [1]], dtype="int32"), axis=1),
    C("nonzero", I(2, 3)), C("nonzero", B(5)),
    C("unravel_index", I(4, low=0, high=12), (3, 4)),
    # -------------------------------------------------- sorting, searching
    C("sort", F(2, 5)), C("sort", F(2, 5), axis=0), C("sort", F(2, 3), axis=None),
    C("sort", B(6)), C("sort", I(3, 4), axis=-1),
    C("argsort", F(2, 5)), C("argsort", F(2, 5), axis=0), C("argsort", F(2, 3), axis=None),
    C("argsort", B(6)), C("argsort", I(8, low=0, high=3)),
    C("searchsorted", S(5), F(3)), C("searchsorted", S(5), F(2, 3), side="right"),
    C("searchsorted", np.array([1, 3, 3, 5], dtype="int32"), I(6, low=0, high=7)),
    C("digitize", F(6), S(3)), C("digitize", I(6), np.array([-2, 0, 3], dtype="int32")),
    C("digitize", B(4), np.array([0.5], dtype="float32")),
    C("isin", I(2, 3), I(4)), C("isin", I(5), np.array([0, 1], dtype="int32"), invert=True),
    C("isin", F(4), np.array([0.5], dtype="float32")), C("isin", B(4), np.array([True])),
    C("isin", I(5), F(3)), C("isin", B(4), I(2), assume_unique=True),
    C("unique", I(8), sym=()), C("unique", I(8), return_counts=True, sym=()),
    C("unique", I(8), return_inverse=True, sym=()), C("unique", I(8), return_index=True, sym=()),
    C("unique", I(8, low=0, high=3), size=5, fill_value=-1, return_counts=True),
    C("unique", np.array([[1, 2], [3, 4], [1, 2]], dtype="int32"), axis=0, sym=()),
    C("unique", np.array([[3, 1], [1, 2]], dtype="int32"), return_index=True, sym=(),
      ref=lambda x, **k: np.unique(x, return_index=True)),
    # ---------------------------------------------------------------- misc
    C("allclose", F(3), F(3)), C("allclose", np.ones(3, "float32"), np.ones(3, "float32") + 1e-7),
    C("allclose", I(3), I(3)), C("allclose", NAN_ROW, NAN_ROW, equal_nan=True),
    C("correlate", F(5), F(3), sym=("static",)),
    C("correlate", F(5), F(3), mode="same", sym=("static",)),
    C("correlate", F(4), F(3), mode="full", sym=("static",)),
    C("correlate", I(5), I(2), sym=("static",)),
    C("correlate", F(4), F(4), sym=("static",),
      ref=lambda a, b: np.correlate(a, b).astype("float32")),
    C("diff", F(5)), C("diff", F(5), n=2), C("diff", F(3, 4), axis=0), C("diff", I(4, 3), n=1),
    C("trapezoid", F(5)), C("trapezoid", F(5), dx=0.5), C("trapezoid", F(3, 4), axis=0),
    C("trapezoid", F(5), x=np.sort(F(5)), sym=()),
    C("size", F(2, 3)), C("size", I(4)), C("ndim", F(2, 3)), C("ndim", I(4)),
]
for _i, _case in enumerate(CASES):
    _case.id = f"{_case.name}-{_i}"


def _is_array_arg(value):
    return isinstance(value, np.ndarray) or (
        isinstance(value, list) and bool(value) and isinstance(value[0], np.ndarray))


# Ops called without tensors (`zeros((2, 3))`) are not symbolic.
SYMBOLIC = [(case, variant) for case in CASES for variant in case.sym
            if any(_is_array_arg(a) for a in (*case.args, *case.kwargs.values()))]


def _torch_args(value):
    if isinstance(value, np.ndarray):
        return torch.from_numpy(value.copy())
    if isinstance(value, list) and value and isinstance(value[0], np.ndarray):
        return [torch.from_numpy(v.copy()) for v in value]
    return value


def _symbolic_args(lib, value, variant):
    def spec(array):
        shape = array.shape
        if variant == "batch" and shape:
            shape = (None,) + shape[1:]
        return lib.KerasTensor(shape, dtype=str(array.dtype))

    if isinstance(value, np.ndarray):
        return spec(value)
    if isinstance(value, list) and value and isinstance(value[0], np.ndarray):
        return [spec(v) for v in value]
    return value


def _run(ops, case, convert):
    args = [convert(a) for a in case.args]
    kwargs = {k: convert(v) for k, v in case.kwargs.items()}
    return getattr(ops, case.name)(*args, **kwargs)


def _leaves(value):
    if isinstance(value, (list, tuple)):
        return [leaf for item in value for leaf in _leaves(item)]
    return [value]


def _structure(value):
    if isinstance(value, (list, tuple)):
        return type(value), [_structure(v) for v in value]
    return type(value).__name__


def _assert_values(ours, expected):
    ours = ours.detach().cpu().numpy() if isinstance(ours, torch.Tensor) else np.asarray(ours)
    expected = np.asarray(expected)
    assert ours.shape == expected.shape
    if ours.dtype.kind in "fc":
        np.testing.assert_allclose(ours, expected, rtol=RTOL, atol=ATOL, equal_nan=True)
    else:
        np.testing.assert_array_equal(ours, expected)


@pytest.mark.parametrize("case", [c for c in CASES if c.ref is None], ids=lambda c: c.id)
def test_eager_matches_keras(case):
    ours = _run(kt_ops, case, _torch_args)
    theirs = _run(keras.ops, case, _torch_args)
    assert type(ours) is type(theirs)
    ours_leaves, theirs_leaves = _leaves(ours), _leaves(theirs)
    assert len(ours_leaves) == len(theirs_leaves)
    for mine, expected in zip(ours_leaves, theirs_leaves):
        if isinstance(expected, torch.Tensor):
            assert isinstance(mine, torch.Tensor)
            assert (mine.dtype, mine.shape) == (expected.dtype, expected.shape)
        else:
            assert type(mine) is type(expected)
        if case.values:
            _assert_values(mine, expected)


@pytest.mark.parametrize("case", [c for c in CASES if c.ref is not None], ids=lambda c: c.id)
def test_eager_follows_numpy_where_keras_torch_departs(case):
    """Keras's torch backend gives another shape (or fails) here; NumPy's answer is
    the reference, in the dtype Keras gives."""
    ours = _leaves(_run(kt_ops, case, _torch_args))
    expected = _leaves(case.ref(*case.args, **case.kwargs))
    assert len(ours) == len(expected)
    for mine, reference in zip(ours, expected):
        assert mine.dtype == torch.from_numpy(np.asarray(reference)).dtype
        _assert_values(mine, reference)


@pytest.mark.parametrize("case, variant", SYMBOLIC, ids=[f"{c.id}-{v}" for c, v in SYMBOLIC])
def test_symbolic_shapes_dtypes_and_config_match_keras(case, variant):
    ours = _run(kt_ops, case, lambda a: _symbolic_args(kerastorch, a, variant))
    theirs = _run(keras.ops, case, lambda a: _symbolic_args(keras, a, variant))
    assert _structure(ours) == _structure(theirs)
    ours_leaves, theirs_leaves = _leaves(ours), _leaves(theirs)
    assert [(t.shape, t.dtype) for t in ours_leaves if t is not None] == [
        (tuple(t.shape), t.dtype) for t in theirs_leaves if t is not None]
    keras_config = dict(theirs_leaves[0]._keras_history.operation.get_config())
    our_config = dict(ours_leaves[0]._keras_history[0].get_config())
    keras_config.pop("name"), our_config.pop("name")
    assert our_config == keras_config
    assert type(ours_leaves[0]._keras_history[0]).__name__ == type(
        theirs_leaves[0]._keras_history.operation).__name__


SWEEP_DTYPES = ("float16", "bfloat16", "float64", "int8", "uint8", "int16", "int64", "bool")
SWEEP_BASE = np.abs(np.random.default_rng(1).normal(size=(3, 3)) * 3)
# op -> call on a (3, 3) tensor `x` of the swept dtype, given the ops module.
SWEEP = {
    "sum": lambda ops, x: ops.sum(x, axis=1), "mean": lambda ops, x: ops.mean(x, axis=1),
    "max": lambda ops, x: ops.max(x, axis=1), "min": lambda ops, x: ops.min(x),
    "amax": lambda ops, x: ops.amax(x, axis=0), "prod": lambda ops, x: ops.prod(x, axis=1),
    "std": lambda ops, x: ops.std(x, axis=1), "var": lambda ops, x: ops.var(x),
    "cumsum": lambda ops, x: ops.cumsum(x, axis=1), "cumprod": lambda ops, x: ops.cumprod(x),
    "argmax": lambda ops, x: ops.argmax(x, axis=1), "argmin": lambda ops, x: ops.argmin(x),
    "nansum": lambda ops, x: ops.nansum(x, axis=1), "nanmean": lambda ops, x: ops.nanmean(x),
    "nanmax": lambda ops, x: ops.nanmax(x, axis=1), "nanprod": lambda ops, x: ops.nanprod(x),
    "nanstd": lambda ops, x: ops.nanstd(x, axis=1), "nanvar": lambda ops, x: ops.nanvar(x),
    "nancumsum": lambda ops, x: ops.nancumsum(x, axis=0),
    "nanargmax": lambda ops, x: ops.nanargmax(x, axis=1),
    "median": lambda ops, x: ops.median(x, axis=1), "nanmedian": lambda ops, x: ops.nanmedian(x),
    "quantile": lambda ops, x: ops.quantile(x, 0.5, axis=1),
    "average": lambda ops, x: ops.average(x, axis=1), "trace": lambda ops, x: ops.trace(x),
    "count_nonzero": lambda ops, x: ops.count_nonzero(x, axis=1),
    "all": lambda ops, x: ops.all(x, axis=1), "any": lambda ops, x: ops.any(x),
    "sort": lambda ops, x: ops.sort(x), "argsort": lambda ops, x: ops.argsort(x),
    "diff": lambda ops, x: ops.diff(x), "corrcoef": lambda ops, x: ops.corrcoef(x),
    "unique": lambda ops, x: ops.unique(x), "nonzero": lambda ops, x: ops.nonzero(x),
    "trapezoid": lambda ops, x: ops.trapezoid(x), "vander": lambda ops, x: ops.vander(x[0]),
    "dot": lambda ops, x: ops.dot(x, x), "tensordot": lambda ops, x: ops.tensordot(x, x),
    "inner": lambda ops, x: ops.inner(x, x), "outer": lambda ops, x: ops.outer(x, x),
    "kron": lambda ops, x: ops.kron(x, x), "vdot": lambda ops, x: ops.vdot(x[0], x[0]),
    "einsum": lambda ops, x: ops.einsum("ij,jk->ik", x, x),
    "correlate": lambda ops, x: ops.correlate(x[0], x[0, :2]),
    "digitize": lambda ops, x: ops.digitize(x[0], ops.sort(x[1])),
    "concatenate": lambda ops, x: ops.concatenate([x, x.to(torch.float32)]),
    "append": lambda ops, x: ops.append(x, x.to(torch.int32)),
    "allclose": lambda ops, x: ops.allclose(x, x.to(torch.float32)),
    "take": lambda ops, x: ops.take(x, torch.tensor([0, 2]), axis=1),
    "pad": lambda ops, x: ops.pad(x, ((1, 1), (0, 1))),
    "full_like": lambda ops, x: ops.full_like(x, 2),
}
# Combinations torch (and so Keras's torch backend) does not compute.
SWEEP_UNSUPPORTED = {("einsum", "bool")}
SWEEP_CASES = [(name, dtype) for name in SWEEP for dtype in SWEEP_DTYPES
               if (name, dtype) not in SWEEP_UNSUPPORTED]


@pytest.mark.parametrize("name, dtype", SWEEP_CASES, ids=[f"{n}-{d}" for n, d in SWEEP_CASES])
def test_result_dtypes_match_keras_for_every_input_dtype(name, dtype):
    x = torch.from_numpy(SWEEP_BASE > 2) if dtype == "bool" else torch.from_numpy(
        SWEEP_BASE).to(getattr(torch, dtype))
    ours, theirs = SWEEP[name](kt_ops, x.clone()), SWEEP[name](keras.ops, x.clone())
    tolerance = 1e-2 if dtype in ("float16", "bfloat16") else RTOL
    for mine, expected in zip(_leaves(ours), _leaves(theirs)):
        assert (mine.dtype, mine.shape) == (expected.dtype, expected.shape)
        np.testing.assert_allclose(mine.double().numpy(), expected.double().numpy(),
                                   rtol=tolerance, atol=tolerance, equal_nan=True)


GRAPH_OPS = sorted({case.name for case in CASES} - {
    "zeros", "ones", "empty", "eye", "identity", "tri", "bartlett", "blackman", "hamming",
    "hanning", "kaiser"})  # plain functions in Keras too: no graph node


def _keras_op_class(name):
    """The Operation class Keras's `keras.ops.<name>` builds its graph node with."""
    wanted = name.replace("_", "")
    return next(getattr(keras_numpy, n) for n in getattr(keras_numpy, name).__code__.co_names
                if n.lower() == wanted and inspect.isclass(getattr(keras_numpy, n, None)))


@pytest.mark.parametrize("name", GRAPH_OPS)
def test_graph_node_classes_and_configs_are_keras_ones(name):
    """Each op's node class exists under Keras's name, and its config keys are the
    constructor arguments of Keras's class."""
    keras_class = _keras_op_class(name)
    ours = api_export.lookup(f"keras.src.ops.numpy.{keras_class.__name__}")
    assert ours is not None
    keras_arguments = [p for p in inspect.signature(keras_class.__init__).parameters
                       if p not in ("self", "name")]
    our_arguments = [p for p in inspect.signature(ours._op_function).parameters
                     if p not in ours._op_call_names]
    assert our_arguments == keras_arguments


@pytest.mark.parametrize("x, kth, axis", [
    (F(7), 2, -1), (I(9, low=0, high=4), 4, -1), (F(3, 6), 1, 1), (F(5, 3), 3, 0),
    (F(2, 4), 5, None),
])
def test_argpartition_partitions_like_numpy(x, kth, axis):
    indices = kt_ops.argpartition(torch.from_numpy(x), kth, axis=axis)
    theirs = keras.ops.argpartition(torch.from_numpy(x), kth, axis=axis)
    assert indices.dtype == theirs.dtype and indices.shape == theirs.shape
    data = x.reshape(-1) if axis is None else x
    axis = 0 if axis is None else axis
    parted = np.take_along_axis(data, indices.numpy().astype("int64"), axis=axis)
    expected = np.take(np.sort(data, axis=axis), [kth], axis=axis)
    np.testing.assert_array_equal(np.take(parted, [kth], axis=axis), expected)
    assert (np.take(parted, range(kth), axis=axis) <= expected).all()
    assert (np.take(parted, range(kth + 1, data.shape[axis]), axis=axis) >= expected).all()


@pytest.mark.parametrize("signature, args", [
    (None, (F(2, 3), F(3))),
    ("(n),(n)->()", (F(4, 3), F(3))),
    ("(m,n)->(n)", (F(2, 3, 4),)),
    ("(n)->(n),()", (F(2, 5),)),
])
def test_vectorize_matches_keras(signature, args):
    def pyfunc_for(ops):
        if signature == "(n)->(n),()":
            return lambda v: (v * 2, ops.sum(v))
        if signature == "(m,n)->(n)":
            return lambda m: ops.sum(m, axis=0)
        if signature == "(n),(n)->()":
            return lambda a, b: ops.sum(a * b)
        return lambda a, b: a * b + 1

    ours = kt_ops.vectorize(pyfunc_for(kt_ops), signature=signature)(
        *[torch.from_numpy(a) for a in args])
    theirs = keras.ops.vectorize(pyfunc_for(keras.ops), signature=signature)(
        *[torch.from_numpy(a) for a in args])
    for mine, expected in zip(_leaves(ours), _leaves(theirs)):
        assert mine.shape == expected.shape and mine.dtype == expected.dtype
        _assert_values(mine, expected.numpy())


@pytest.mark.parametrize("name, args, kwargs", [
    ("reshape", ((None, 3, 4), (-1, 2)), {}),
    ("split", ((None, 6), 3), {"axis": 1}),
    ("repeat", ((None, 3), [1, 2, 0]), {"axis": 1}),
    ("concatenate", ([(None, 3), (None, 2)],), {"axis": 1}),
    ("take", ((None, 5), np.array([4, 0], dtype="int32")), {"axis": 1}),
    ("pad", ((None, 3), ((0, 0), (1, 2))), {"mode": "reflect"}),
    ("einsum", ("bij,bjk->bik", (None, 3, 4), (None, 4, 2)), {}),
    ("meshgrid", ((None,), (None,)), {"indexing": "ij"}),
    ("cumsum", ((None, 3),), {"axis": 1}),
])
def test_functional_model_replays_the_op(name, args, kwargs):
    """A model built on the op's symbolic call computes what the op computes eagerly."""
    inputs, kt_args, arrays = [], [], []
    for arg in args:
        shapes = arg if isinstance(arg, list) else [arg]
        if all(isinstance(s, tuple) and (not s or s[0] is None) for s in shapes):
            made = [kerastorch.Input(shape=s[1:], batch_size=None) for s in shapes]
            data = [F(*((3,) + s[1:])) for s in shapes]
            inputs += made
            arrays += data
            kt_args.append(made if isinstance(arg, list) else made[0])
        else:
            kt_args.append(arg)
    model = kerastorch.Model(inputs, getattr(kt_ops, name)(*kt_args, **kwargs))
    tensors = [torch.from_numpy(a) for a in arrays]
    received = model(tensors if len(tensors) > 1 else tensors[0])
    data = iter(tensors)
    eager_args = []
    for arg in kt_args:
        if isinstance(arg, list) and arg and isinstance(arg[0], kerastorch.KerasTensor):
            eager_args.append([next(data) for _ in arg])
        elif isinstance(arg, kerastorch.KerasTensor):
            eager_args.append(next(data))
        else:
            eager_args.append(arg)
    expected = getattr(kt_ops, name)(*eager_args, **kwargs)
    assert len(_leaves(received)) == len(_leaves(expected))
    for mine, theirs in zip(_leaves(received), _leaves(expected)):
        _assert_values(mine, theirs.numpy())


@pytest.mark.parametrize("call, error", [
    (lambda ops: ops.array_split(torch.ones(4), [1, 2]), TypeError),
    (lambda ops: ops.array_split(torch.ones(4), 0), ValueError),
    (lambda ops: ops.split(torch.ones(5), 2), ValueError),
    (lambda ops: ops.histogram(torch.ones(4), bins=-1), ValueError),
    (lambda ops: ops.histogram(torch.ones(4), bins=2.5), TypeError),
    (lambda ops: ops.histogram(torch.ones(4), range=(1.0, 0.0)), ValueError),
    (lambda ops: ops.histogram(torch.ones(2, 2)), ValueError),
    (lambda ops: ops.eye(2.0), TypeError),
    (lambda ops: ops.eye(2, 3.0), TypeError),
    (lambda ops: ops.pad(torch.ones(3), (1, 1), mode="reflect", constant_values=2), ValueError),
    (lambda ops: ops.rot90(torch.ones(3)), ValueError),
    (lambda ops: ops.rot90(torch.ones(3, 3), axes=(1, 1)), ValueError),
    (lambda ops: ops.vander(torch.ones(2, 2)), ValueError),
    (lambda ops: ops.vander(torch.ones(2), N=-1), ValueError),
    (lambda ops: ops.vander(torch.ones(2), N=2.0), TypeError),
    (lambda ops: ops.bincount(torch.ones(2, dtype=torch.int32), sparse=True), ValueError),
    (lambda ops: ops.cross(torch.ones(3), torch.ones(3), axisa=0), ValueError),
    (lambda ops: ops.linspace(0, 1, 3, axis=1), ValueError),
    (lambda ops: ops.searchsorted(torch.ones(2, 2), torch.ones(2)), ValueError),
    (lambda ops: ops.diagonal(torch.ones(2, 2), axis1=1, axis2=-1), ValueError),
    (lambda ops: ops.expand_dims(torch.ones(2), "0"), ValueError),
    (lambda ops: ops.vectorize(3), ValueError),
    (lambda ops: ops.max(torch.ones(0)), ValueError),
])
def test_errors_match_keras(call, error):
    with pytest.raises(error):
        call(keras.ops)
    with pytest.raises(error):
        call(kt_ops)


@pytest.mark.parametrize("name, args", [
    ("bartlett", (3,)), ("hamming", (3,)), ("kaiser", (3, 1.0)),
])
def test_windows_reject_symbolic_inputs_like_keras(name, args):
    with pytest.raises(TypeError):
        getattr(keras.ops, name)(keras.KerasTensor(()), *args[1:])
    with pytest.raises(TypeError):
        getattr(kt_ops, name)(kerastorch.KerasTensor(()), *args[1:])

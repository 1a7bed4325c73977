"""Comparing a `keras.ops` call with the same `kerastorch.ops` call.

A case is a function of the library (`keras` or `kerastorch`) that calls its
ops, so control-flow ops can be given callables written with each library's
own ops. `assert_same_outputs` compares the (nested) results leaf by leaf:
dtype, shape and values (exact for integers and booleans); a `normalize`
function can first map decomposition outputs to invariant quantities.
"""

import keras
import numpy as np
import pytest
import torch

import kerastorch

RTOL, ATOL = 1e-5, 1e-6
LIBRARIES = (keras, kerastorch)


def _leaves(x):
    if isinstance(x, dict):
        return [leaf for key in sorted(x) for leaf in _leaves(x[key])]
    if isinstance(x, (list, tuple)):
        return [leaf for item in x for leaf in _leaves(item)]
    return [x]


def _skeleton(x):
    """The container structure of a result (types and lengths), leaves as `None`."""
    if isinstance(x, dict):
        return {key: _skeleton(value) for key, value in x.items()}
    if isinstance(x, (list, tuple)):
        return type(x).__name__, [_skeleton(item) for item in x]
    return None


def _dtype_name(x):
    return str(x.dtype).replace("torch.", "")


def _assert_same_leaf(expected, received, rtol, atol):
    if isinstance(expected, (torch.Tensor, np.ndarray)):
        assert isinstance(received, type(expected)), (type(received), type(expected))
        assert _dtype_name(received) == _dtype_name(expected)
        assert tuple(received.shape) == tuple(expected.shape)
        expected, received = keras.ops.convert_to_numpy(expected), \
            keras.ops.convert_to_numpy(received)
        if expected.dtype.kind in "biu":
            np.testing.assert_array_equal(received, expected)
        else:
            np.testing.assert_allclose(received.astype(expected.dtype), expected, rtol=rtol,
                                       atol=atol)
    else:
        assert received == expected


def assert_same_outputs(expected, received, normalize=None, rtol=RTOL, atol=ATOL):
    """Asserts two op results have the same structure, and equal leaves.

    Args:
        expected: Keras's result.
        received: kerastorch's result.
        normalize: Optional function applied to both results before the value
            comparison (for decompositions defined up to signs or order);
            dtypes and shapes are compared on the raw results.
        rtol: Relative tolerance for float values.
        atol: Absolute tolerance for float values.
    """
    assert _skeleton(received) == _skeleton(expected)
    for e, r in zip(_leaves(expected), _leaves(received)):
        if normalize is None:
            _assert_same_leaf(e, r, rtol, atol)
        else:
            assert _dtype_name(r) == _dtype_name(e)
            assert tuple(r.shape) == tuple(e.shape)
    if normalize is not None:
        for e, r in zip(_leaves(normalize(expected)), _leaves(normalize(received))):
            _assert_same_leaf(e, r, rtol, atol)


def assert_same_symbolic(expected, received):
    """Asserts two symbolic results hold KerasTensors of the same shapes and dtypes."""
    assert _skeleton(received) == _skeleton(expected)
    for e, r in zip(_leaves(expected), _leaves(received)):
        assert isinstance(r, kerastorch.KerasTensor)
        assert (tuple(r.shape), r.dtype) == (tuple(e.shape), e.dtype)


def output_and_gradient(library, op, x, *args, **kwargs):
    """`library.ops.<op>(x, ...)` (its first output) and the gradient of its sum
    with respect to `x`."""
    x = x.clone().requires_grad_(True)
    output = getattr(library.ops, op)(x, *args, **kwargs)
    first = output[0] if isinstance(output, tuple) else output
    (gradient,) = torch.autograd.grad(first.sum(), x)
    return first.detach(), gradient


def run_eager_case(case, normalize=None, rtol=RTOL, atol=ATOL):
    """Runs `case(library)` on both libraries and compares the results."""
    assert_same_outputs(case(keras), case(kerastorch), normalize, rtol, atol)


def run_symbolic_case(case):
    """Runs `case(library)` on KerasTensors of both libraries; compares the output
    specs, the recorded node's class and its config (without the name) when Keras
    can produce one (not for ops configured with functions)."""
    expected, received = case(keras), case(kerastorch)
    assert_same_symbolic(expected, received)
    expected_op = _leaves(expected)[0]._keras_history[0]
    received_op = _leaves(received)[0]._keras_history[0]
    assert type(received_op).__name__ == type(expected_op).__name__
    try:
        expected_config = expected_op.get_config()
    except NotImplementedError:
        return
    received_config = received_op.get_config()

    def comparable(config):  # Names and callables (each library's own) left out.
        return {k: v for k, v in config.items() if k != "name" and not callable(v)}

    assert comparable(received_config) == comparable(expected_config)


def run_error_case(case):
    """Asserts `case(library)` raises the same exception type in both libraries."""
    with pytest.raises(Exception) as expected:
        case(keras)
    with pytest.raises(expected.type):
        case(kerastorch)

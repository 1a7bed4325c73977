"""Every public name of `keras.ops` and its sub-namespaces exists in `kerastorch.ops`."""

import importlib

import keras
import pytest

NAMESPACES = ("", "numpy", "nn", "linalg", "image")


def _public_names(module) -> set:
    return {name for name in dir(module) if not name.startswith("_")}


def _kerastorch_namespace(namespace):
    try:
        return importlib.import_module("kerastorch.ops" + (f".{namespace}" if namespace else ""))
    except ImportError:
        return None


@pytest.mark.parametrize("namespace", NAMESPACES, ids=lambda n: f"keras.ops.{n}".rstrip("."))
def test_no_keras_op_is_missing(namespace):
    keras_module = getattr(keras.ops, namespace) if namespace else keras.ops
    ours = _kerastorch_namespace(namespace)
    missing = sorted(_public_names(keras_module) - (_public_names(ours) if ours else set()))
    assert missing == []


@pytest.mark.parametrize("namespace", ("numpy", "nn", "linalg"))
def test_sub_namespace_ops_are_also_top_level_ops(namespace):
    """As in Keras, `keras.ops.numpy.sum` is `keras.ops.sum` (`keras.ops.image` has
    no top-level names)."""
    ours = _kerastorch_namespace(namespace)
    top = _kerastorch_namespace("")
    shared = _public_names(getattr(keras.ops, namespace)) & _public_names(keras.ops)
    present = shared & (_public_names(ours) if ours else set()) & _public_names(top)
    assert present, f"no op of keras.ops.{namespace} is implemented yet"
    assert [n for n in sorted(present) if getattr(ours, n) is not getattr(top, n)] == []

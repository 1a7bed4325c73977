"""Merging layers against real Keras: outputs, configs, shapes, masks, errors, training."""

import keras
import numpy as np
import pytest
import torch

import kerastorch
from tests.compat.layer_checks import (
    assert_fit_matches_keras,
    assert_layer_matches_keras,
    assert_raises_like_keras,
)

RNG = np.random.default_rng(0)
ELEMENTWISE = ["Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum"]
SHAPE_SETS = {
    "same": [(2, 3, 4), (2, 3, 4)],
    "three": [(2, 5), (2, 5), (2, 5)],
    "broadcast": [(2, 1, 4), (2, 3, 4)],
    "ranks": [(2, 3, 4), (2, 4)],
    "ranks_reversed": [(2, 4), (2, 3, 1)],
}
ELEMENTWISE_CASES = [
    (name, {}, shapes) for name in ELEMENTWISE for key, shapes in SHAPE_SETS.items()
    if not (name == "Subtract" and key == "three")
]
OTHER_CASES = [
    ("Concatenate", {}, [(2, 3), (2, 4)]),
    ("Concatenate", {"axis": 1}, [(2, 3, 4), (2, 2, 4), (2, 1, 4)]),
    ("Concatenate", {"axis": -2}, [(2, 3, 4), (2, 5, 4)]),
    ("Concatenate", {"axis": 0}, [(2, 3), (1, 3)]),
    ("Dot", {"axes": 1}, [(2, 5), (2, 5)]),
    ("Dot", {"axes": -1}, [(2, 3, 5), (2, 4, 5)]),
    ("Dot", {"axes": (1, 2)}, [(2, 5, 3), (2, 4, 5)]),
    ("Dot", {"axes": [2, 1]}, [(2, 3, 5), (2, 5, 4)]),
    ("Dot", {"axes": (1, 1)}, [(2, 5), (2, 5, 3, 2)]),
    ("Dot", {"axes": (2, 1)}, [(2, 3, 5), (2, 5)]),
    ("Dot", {"axes": (-1, 1), "normalize": True}, [(2, 3, 5), (2, 5, 4)]),
    ("Dot", {"axes": 1, "normalize": True}, [(3, 6), (3, 6)]),
]
CASES = ELEMENTWISE_CASES + OTHER_CASES
IDS = [f"{name}-{i}" for i, (name, _, _) in enumerate(CASES)]


def _arrays(shapes):
    return [RNG.normal(size=shape).astype("float32") for shape in shapes]


@pytest.mark.parametrize("name, kwargs, shapes", CASES, ids=IDS)
def test_merging_layer_matches_keras(name, kwargs, shapes):
    assert_layer_matches_keras(name, kwargs, _arrays(shapes))


@pytest.mark.parametrize("function, kwargs", [
    ("add", {}), ("subtract", {}), ("multiply", {}), ("average", {}), ("maximum", {}),
    ("minimum", {}), ("concatenate", {"axis": 1}), ("dot", {"axes": 1}),
    ("dot", {"axes": -1, "normalize": True}),
])
def test_functional_forms_match_keras(function, kwargs):
    a, b = _arrays([(3, 4), (3, 4)])
    expected = getattr(keras.layers, function)([a, b], **kwargs)
    received = getattr(kerastorch.layers, function)([torch.from_numpy(a), torch.from_numpy(b)],
                                                    **kwargs)
    np.testing.assert_allclose(received.numpy(), keras.ops.convert_to_numpy(expected),
                               rtol=1e-5, atol=1e-6)
    keras_symbolic = getattr(keras.layers, function)([keras.Input((4,)), keras.Input((4,))],
                                                     **kwargs)
    kt_symbolic = getattr(kerastorch.layers, function)(
        [kerastorch.Input((4,)), kerastorch.Input((4,))], **kwargs)
    assert kt_symbolic.shape == keras_symbolic.shape
    keras_layer = keras_symbolic._keras_history[0]
    kt_layer = kt_symbolic._keras_history[0]
    assert type(kt_layer).__name__ == type(keras_layer).__name__
    assert {k: v for k, v in kt_layer.get_config().items() if k != "name"} == {
        k: v for k, v in keras_layer.get_config().items() if k != "name"}


def _masked(lib_tensor, mask):
    lib_tensor._keras_mask = mask
    return lib_tensor


MASKS = [np.array([[1, 1, 0, 0], [1, 0, 1, 0]], bool), np.array([[1, 0, 0, 1], [0, 0, 1, 0]], bool)]


@pytest.mark.parametrize("name, kwargs", [(name, {}) for name in ELEMENTWISE] + [
    ("Concatenate", {}), ("Concatenate", {"axis": 1}), ("Dot", {"axes": 2})])
@pytest.mark.parametrize("masked", [(0, 1), (0,), (1,)], ids=["both", "first", "second"])
def test_input_masks_are_merged_like_keras(name, kwargs, masked):
    arrays = _arrays([(2, 4, 3), (2, 4, 3)])
    keras_inputs = [keras.ops.convert_to_tensor(a) for a in arrays]
    kt_inputs = [torch.from_numpy(a) for a in arrays]
    for i in masked:
        _masked(keras_inputs[i], torch.from_numpy(MASKS[i]))
        _masked(kt_inputs[i], torch.from_numpy(MASKS[i]))
    keras_layer = getattr(keras.layers, name)(**kwargs)
    kt_layer = getattr(kerastorch.layers, name)(**kwargs)
    expected = keras_layer(keras_inputs)
    received = kt_layer(kt_inputs)
    np.testing.assert_allclose(received.numpy(), keras.ops.convert_to_numpy(expected),
                               rtol=1e-5, atol=1e-6)
    expected_mask = getattr(expected, "_keras_mask", None)
    received_mask = getattr(received, "_keras_mask", None)
    assert (received_mask is None) == (expected_mask is None)
    if expected_mask is not None:
        np.testing.assert_array_equal(received_mask.numpy(),
                                      keras.ops.convert_to_numpy(expected_mask))
    masks = [torch.from_numpy(MASKS[i]) if i in masked else None for i in range(2)]
    expected_mask = keras_layer.compute_mask(keras_inputs, masks)
    received_mask = kt_layer.compute_mask(kt_inputs, masks)
    assert (received_mask is None) == (expected_mask is None)
    if expected_mask is not None:
        np.testing.assert_array_equal(received_mask.numpy(),
                                      keras.ops.convert_to_numpy(expected_mask))


def _step_masker(lib, to_bool):
    class StepMasker(lib.layers.Layer):
        def call(self, inputs):
            return inputs

        def compute_mask(self, inputs, previous_mask=None):
            return to_bool(inputs)

    return StepMasker()


@pytest.mark.parametrize("name", ["Add", "Multiply", "Maximum", "Minimum", "Concatenate"])
def test_masks_propagate_through_merges_like_keras(name):
    a = RNG.normal(size=(4, 5, 3)).astype("float32")
    b = RNG.normal(size=(4, 5, 3)).astype("float32")
    a[0, 3:] = 0.0
    b[0, 4:] = 0.0
    b[1, :2] = 0.0

    def build(lib, to_bool):
        inputs = [lib.Input((5, 3)), lib.Input((5, 3))]
        masked = [_step_masker(lib, to_bool)(x) for x in inputs]
        merged = getattr(lib.layers, name)()(masked)
        outputs = lib.layers.GlobalAveragePooling1D()(merged)
        return lib.Model(inputs, [merged, outputs])

    keras_model = build(keras, lambda t: keras.ops.any(keras.ops.not_equal(t, 0), axis=-1))
    kt_model = build(kerastorch, lambda t: (t != 0).any(dim=-1))
    expected = keras_model([a, b])
    received = kt_model([torch.from_numpy(a), torch.from_numpy(b)])
    for e, r in zip(expected, received):
        np.testing.assert_allclose(r.detach().numpy(), keras.ops.convert_to_numpy(e),
                                   rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("name, kwargs, shapes", [
    ("Add", {}, [(2, 3), (2, 4)]),
    ("Multiply", {}, [(2, 3, 4), (2, 2, 4)]),
    ("Subtract", {}, [(2, 3), (2, 3), (2, 3)]),
    ("Add", {}, [(2, 3), (3, 3)]),
    ("Concatenate", {}, [(2, 3, 4), (2, 2, 4)]),
    ("Concatenate", {"axis": 1}, [(2, 3, 4), (2, 2, 5)]),
    ("Concatenate", {}, [(2, 3), (2, 3, 4)]),
    ("Dot", {"axes": 1}, [(2, 3), (2, 4)]),
    ("Dot", {"axes": 1}, [(2, 3), (2, 3), (2, 3)]),
])
def test_incompatible_inputs_raise_like_keras(name, kwargs, shapes):
    arrays = _arrays(shapes)
    assert_raises_like_keras(
        lambda: getattr(keras.layers, name)(**kwargs)([keras.Input(batch_shape=s) for s in shapes]),
        lambda: getattr(kerastorch.layers, name)(**kwargs)(
            [kerastorch.Input(batch_shape=s) for s in shapes]))
    assert_raises_like_keras(
        lambda: getattr(keras.layers, name)(**kwargs)(arrays),
        lambda: getattr(kerastorch.layers, name)(**kwargs)([torch.from_numpy(x) for x in arrays]))


@pytest.mark.parametrize("name", ELEMENTWISE + ["Concatenate"])
def test_single_tensor_input_raises_like_keras(name):
    x = np.zeros((2, 3), "float32")
    assert_raises_like_keras(lambda: getattr(keras.layers, name)()(x),
                             lambda: getattr(kerastorch.layers, name)()(torch.from_numpy(x)),
                             "list")


@pytest.mark.parametrize("axes", ["1", (1, 2, 3), (1, 2.0), None])
def test_dot_axes_errors_match_keras(axes):
    assert_raises_like_keras(lambda: keras.layers.Dot(axes=axes),
                             lambda: kerastorch.layers.Dot(axes=axes))


def test_dot_over_the_batch_axis_raises_like_keras():
    a, b = _arrays([(2, 3), (2, 3)])
    assert_raises_like_keras(lambda: keras.layers.Dot(axes=0)([a, b]),
                             lambda: kerastorch.layers.Dot(axes=0)([torch.from_numpy(a),
                                                                    torch.from_numpy(b)]),
                             "axis 0")


def _two_branch_model(merge):
    def build(lib):
        inputs = [lib.Input((6,)), lib.Input((6,))]
        a = lib.layers.Dense(4, activation="tanh")(inputs[0])
        b = lib.layers.Dense(4, activation="sigmoid")(inputs[1])
        merged = merge(lib, a, b)
        return lib.Model(inputs, lib.layers.Dense(2)(merged))

    return build


MERGES = {
    "add": lambda lib, a, b: lib.layers.add([a, b]),
    "subtract": lambda lib, a, b: lib.layers.Subtract()([a, b]),
    "multiply": lambda lib, a, b: lib.layers.multiply([a, b]),
    "average": lambda lib, a, b: lib.layers.Average()([a, b, a]),
    "maximum": lambda lib, a, b: lib.layers.maximum([a, b]),
    "minimum": lambda lib, a, b: lib.layers.Minimum()([a, b]),
    "concatenate": lambda lib, a, b: lib.layers.concatenate([a, b]),
    "dot": lambda lib, a, b: lib.layers.Dot(axes=2)(
        [lib.layers.Reshape((2, 2))(a), lib.layers.Reshape((2, 2))(b)]),
    "dot_normalized": lambda lib, a, b: lib.layers.Concatenate()(
        [a, lib.layers.dot([a, b], axes=1, normalize=True)]),
}


@pytest.mark.parametrize("merge", sorted(MERGES))
def test_fit_through_merge_matches_keras(merge):
    x = _arrays([(8, 6), (8, 6)])
    y = RNG.normal(size=(8, 2)).astype("float32")
    if merge == "dot":
        y = RNG.normal(size=(8, 2, 2)).astype("float32")
    assert_fit_matches_keras(_two_branch_model(MERGES[merge]), x, y)


def test_functional_model_config_matches_keras_and_rebuilds():
    def build(lib):
        a, b = lib.Input((6, 4), name="a"), lib.Input((6, 4), name="b")
        pooled = lib.layers.Concatenate(name="cat")([
            lib.layers.MaxPooling1D(2, padding="same", name="max_pool")(a),
            lib.layers.AveragePooling1D(2, name="avg_pool")(b)])
        upsampled = lib.layers.UpSampling1D(name="up")(pooled)
        padded = lib.layers.ZeroPadding1D((1, 1), name="pad")(a)
        product = lib.layers.Dot(axes=(1, 1), name="dot")(
            [upsampled, lib.layers.Cropping1D((2, 0), name="crop")(padded)])
        outputs = lib.layers.add([lib.layers.GlobalAveragePooling1D(name="gap")(product),
                                  lib.layers.GlobalMaxPooling1D(name="gmp")(product)])
        return lib.Model([a, b], outputs, name="merged")

    keras_model, kt_model = build(keras), build(kerastorch)
    # `add` names its layer automatically; compare everything else.
    expected, received = keras_model.get_config(), kt_model.get_config()
    assert [layer["class_name"] for layer in received["layers"]] == [
        layer["class_name"] for layer in expected["layers"]]
    for e, r in zip(expected["layers"], received["layers"]):
        if e["class_name"] != "Add":
            assert r == e
    rebuilt = kerastorch.Model.from_config(expected)
    x = _arrays([(3, 6, 4), (3, 6, 4)])
    np.testing.assert_allclose(
        rebuilt([torch.from_numpy(v) for v in x]).detach().numpy(),
        keras.ops.convert_to_numpy(keras.Model.from_config(expected)(x)), rtol=1e-5, atol=1e-6)

"""EinsumDense, Embedding and Masking against real Keras."""

import keras
import numpy as np
import pytest
import torch

import kerastorch
from tests.compat.layer_checks import (
    LAYER_NAME,
    assert_fit_matches_keras,
    assert_layer_matches_keras,
    assert_raises_like_keras,
    make_pair,
)
from tests.compat.twins import assert_same_weights

RNG = np.random.default_rng(0)


def numpy_of(x):
    return keras.ops.convert_to_numpy(x)


# ------------------------------------------------------------------ EinsumDense
EINSUM_CASES = [
    ({"equation": "ab,bc->ac", "output_shape": 4}, (3, 5)),
    ({"equation": "ab,bc->ac", "output_shape": 4, "bias_axes": "c", "activation": "relu"},
     (3, 5)),
    ({"equation": "abc,cd->abd", "output_shape": (None, 4), "bias_axes": "d"}, (2, 3, 5)),
    ({"equation": "abc,cde->abde", "output_shape": (3, 2, 4), "bias_axes": "de"}, (2, 3, 5)),
    ({"equation": "abc,cde->abde", "output_shape": (3, 2, 4), "bias_axes": "bd"}, (2, 3, 5)),
    ({"equation": "abcd,cde->abe", "output_shape": (3, 6), "bias_axes": "e"}, (2, 3, 4, 5)),
    ({"equation": "...b,bc->...c", "output_shape": 4, "bias_axes": "c"}, (2, 3, 5)),
    ({"equation": "...b,bc->...c", "output_shape": 4}, (2, 5)),
    ({"equation": "...bc,cd->...bd", "output_shape": (3, 4), "bias_axes": "d"}, (2, 6, 3, 5)),
    ({"equation": "ab...,bc->ac...", "output_shape": 4, "bias_axes": "c"}, (2, 3, 5)),
    ({"equation": "ab...,bc->ac...", "output_shape": 4, "bias_axes": "c"}, (2, 3, 5, 6)),
    ({"equation": "ab,bc->ac", "output_shape": 4, "kernel_initializer": "he_normal",
      "bias_axes": "c", "bias_initializer": "ones", "kernel_regularizer": "l2",
      "kernel_constraint": "max_norm"}, (3, 5)),
]


def einsum_pair(kwargs, shape):
    keras_layer, kt_layer = make_pair("EinsumDense", kwargs)
    build_shape = (None,) + shape[1:]
    keras_layer.build(build_shape)
    kt_layer.build(build_shape)
    kt_layer.set_weights(keras_layer.get_weights())
    return keras_layer, kt_layer


@pytest.mark.parametrize("kwargs, shape", EINSUM_CASES)
def test_einsum_dense_matches_keras(kwargs, shape):
    keras_layer, kt_layer = einsum_pair(kwargs, shape)
    assert [w.keras_name for w in kt_layer.weights] == [w.name for w in keras_layer.weights]
    assert [tuple(w.shape) for w in kt_layer.weights] == [tuple(w.shape) for w in
                                                           keras_layer.weights]
    x = RNG.normal(size=shape).astype("float32")
    np.testing.assert_allclose(kt_layer(torch.from_numpy(x)).detach().numpy(),
                               numpy_of(keras_layer(x)), rtol=1e-5, atol=1e-6)
    assert kt_layer.get_config() == keras_layer.get_config()
    assert kerastorch.layers.EinsumDense.from_config(
        kt_layer.get_config()).get_config() == kt_layer.get_config()
    symbolic = (None,) + shape[1:]
    assert kt_layer.compute_output_shape(symbolic) == keras_layer.compute_output_shape(symbolic)
    assert kt_layer(kerastorch.Input(batch_shape=symbolic)).shape == keras_layer(
        keras.Input(batch_shape=symbolic)).shape
    assert len(kt_layer.losses) == len(keras_layer.losses)


@pytest.mark.parametrize("initializer", [
    "glorot_uniform", "he_normal", "lecun_uniform",
    {"class_name": "VarianceScaling", "config": {"scale": 2.0, "mode": "fan_avg"}},
])
def test_einsum_dense_kernel_fans_follow_the_equation_like_keras(initializer):
    # Seeded initializers draw Keras's values: equal kernels mean equal fans
    # (input axes "c", output axes "de" of the 3D kernel).
    config = initializer if isinstance(initializer, dict) else {"class_name": initializer,
                                                                "config": {}}
    config = {**config, "config": {**config["config"], "seed": 5}}
    kwargs = {"equation": "abc,cde->abde", "output_shape": (None, 6, 4),
              "kernel_initializer": config}
    keras_layer, kt_layer = make_pair("EinsumDense", kwargs)
    keras_layer.build((None, 3, 5))
    kt_layer.build((None, 3, 5))
    np.testing.assert_allclose(kt_layer.kernel.detach().numpy(),
                               numpy_of(keras_layer.kernel), rtol=1e-6)
    assert kt_layer.get_config() == keras_layer.get_config()


@pytest.mark.parametrize("kwargs, shape, fragment", [
    ({"equation": "ab,bc", "output_shape": 4}, (None, 3), "Invalid einsum equation"),
    ({"equation": "abc,cd->abd", "output_shape": (5, 4)}, (None, 3, 2), "shared dimension"),
    ({"equation": "ab,bc->ae", "output_shape": 4}, (None, 3), "'e'"),
    ({"equation": "ab,bcx->ac", "output_shape": 4}, (None, 3), "Weight dimension 'x'"),
    ({"equation": "ab,bc->ac", "output_shape": 4, "bias_axes": "z"}, (None, 3),
     "Bias dimension 'z'"),
])
def test_einsum_dense_equation_errors_match_keras(kwargs, shape, fragment):
    keras_layer, kt_layer = make_pair("EinsumDense", kwargs)
    assert_raises_like_keras(lambda: keras_layer.build(shape), lambda: kt_layer.build(shape),
                             fragment)


def test_einsum_dense_symbolic_shape_is_the_eager_one_where_keras_reverses_axes():
    # With two or more axes under a left "...", Keras's compute_output_shape
    # lists them reversed: its symbolic shape disagrees with its own output.
    keras_layer, kt_layer = einsum_pair({"equation": "...b,bc->...c", "output_shape": 4},
                                        (2, 6, 7, 3))
    x = RNG.normal(size=(2, 6, 7, 3)).astype("float32")
    eager = tuple(keras_layer(x).shape)
    assert eager == (2, 6, 7, 4)
    assert keras_layer.compute_output_shape((None, 6, 7, 3)) == (None, 7, 6, 4)
    assert kt_layer.compute_output_shape((None, 6, 7, 3)) == (None, 6, 7, 4)
    assert tuple(kt_layer(torch.from_numpy(x)).shape) == eager
    assert kt_layer(kerastorch.Input((6, 7, 3))).shape == (None, 6, 7, 4)


def test_einsum_dense_wrong_rank_raises_like_keras():
    keras_layer, kt_layer = einsum_pair({"equation": "abc,cd->abd", "output_shape": (None, 4)},
                                        (2, 3, 5))
    x = np.zeros((2, 5), "float32")
    assert_raises_like_keras(lambda: keras_layer(x), lambda: kt_layer(torch.from_numpy(x)),
                             LAYER_NAME, "ndim=3")


def test_fit_through_einsum_dense_matches_keras():
    x = RNG.normal(size=(16, 3, 5)).astype("float32")
    y = RNG.normal(size=(16, 3, 2, 4)).astype("float32")

    def build(lib):
        return lib.Sequential([
            lib.Input((3, 5)),
            lib.layers.EinsumDense("abc,cde->abde", output_shape=(None, 2, 4), bias_axes="de",
                                   activation="tanh"),
        ])

    assert_fit_matches_keras(build, x, y)


# -------------------------------------------------------------------- Embedding
EMBEDDING_CASES = [
    ({"input_dim": 10, "output_dim": 4}, (3, 5), "int64"),
    ({"input_dim": 10, "output_dim": 4, "mask_zero": True}, (3, 5), "int32"),
    ({"input_dim": 7, "output_dim": 2, "embeddings_initializer": "glorot_uniform",
      "embeddings_regularizer": "l2", "embeddings_constraint": "unit_norm"}, (2, 3, 4), "int64"),
    ({"input_dim": 10, "output_dim": 3, "mask_zero": True}, (4, 6), "float32"),
]


@pytest.mark.parametrize("kwargs, shape, dtype", EMBEDDING_CASES)
def test_embedding_matches_keras(kwargs, shape, dtype):
    keras_layer, kt_layer = make_pair("Embedding", kwargs)
    keras_layer.build(shape)
    kt_layer.build(shape)
    kt_layer.set_weights(keras_layer.get_weights())
    x = RNG.integers(0, kwargs["input_dim"], size=shape).astype(dtype)
    x.flat[0] = 0
    expected = keras_layer(x)
    received = kt_layer(torch.from_numpy(x))
    np.testing.assert_allclose(received.detach().numpy(), numpy_of(expected), rtol=1e-6)
    assert [w.keras_name for w in kt_layer.weights] == [w.name for w in keras_layer.weights]
    assert kt_layer.get_config() == keras_layer.get_config()
    assert kerastorch.layers.Embedding.from_config(
        kt_layer.get_config()).get_config() == kt_layer.get_config()
    assert kt_layer.supports_masking == keras_layer.supports_masking
    expected_mask = keras_layer.compute_mask(x)
    received_mask = kt_layer.compute_mask(torch.from_numpy(x))
    assert (received_mask is None) == (expected_mask is None)
    if expected_mask is not None:
        np.testing.assert_array_equal(received_mask.numpy(), numpy_of(expected_mask))
        np.testing.assert_array_equal(received._keras_mask.numpy(),
                                      numpy_of(expected._keras_mask))
    symbolic = (None,) + shape[1:]
    keras_out = keras_layer(keras.Input(batch_shape=symbolic, dtype="int32"))
    kt_out = kt_layer(kerastorch.Input(batch_shape=symbolic, dtype="int32"))
    assert kt_out.shape == keras_out.shape and kt_out.dtype == keras_out.dtype
    assert len(kt_layer.losses) == len(keras_layer.losses)


def test_embedding_default_initializer_is_keras_uniform():
    keras_layer, kt_layer = make_pair("Embedding", {"input_dim": 300, "output_dim": 50})
    kt_layer.build()
    values = kt_layer.embeddings.detach().numpy()
    assert values.min() >= -0.05 and values.max() < 0.05 and values.std() > 0.025
    assert kt_layer.get_config()["embeddings_initializer"] == \
        keras_layer.get_config()["embeddings_initializer"]


def test_embedding_weights_argument_and_input_length_match_keras():
    matrix = RNG.normal(size=(5, 3)).astype("float32")
    with pytest.warns(UserWarning, match="input_length"):
        keras_layer = keras.layers.Embedding(5, 3, weights=matrix, input_length=4,
                                             name=LAYER_NAME)
    with pytest.warns(UserWarning, match="input_length"):
        kt_layer = kerastorch.layers.Embedding(5, 3, weights=matrix, input_length=4,
                                               name=LAYER_NAME)
    assert kt_layer.built and keras_layer.built
    np.testing.assert_array_equal(kt_layer.get_weights()[0], keras_layer.get_weights()[0])
    assert kt_layer.get_config() == keras_layer.get_config()
    listed = kerastorch.layers.Embedding(5, 3, weights=[matrix])
    np.testing.assert_array_equal(listed.get_weights()[0], matrix)


@pytest.mark.parametrize("kwargs", [
    {"input_dim": 0, "output_dim": 3}, {"input_dim": 4.0, "output_dim": 3},
    {"input_dim": True, "output_dim": 3}, {"input_dim": 4, "output_dim": -1},
    {"input_dim": 4, "output_dim": 3, "weights": np.zeros((3, 3))},
])
def test_embedding_constructor_errors_match_keras(kwargs):
    assert_raises_like_keras(lambda: keras.layers.Embedding(**kwargs),
                             lambda: kerastorch.layers.Embedding(**kwargs))


def test_fit_through_embedding_with_mask_zero_matches_keras():
    x = RNG.integers(0, 8, size=(16, 5))
    x[:, 3:] = 0
    y = RNG.normal(size=(16, 5, 2)).astype("float32")

    def build(lib):
        return lib.Sequential([
            lib.Input((5,), dtype="int32"),
            lib.layers.Embedding(8, 3, mask_zero=True),
            lib.layers.Dense(2),
        ])

    assert_fit_matches_keras(build, x, y)


# ---------------------------------------------------------------------- Masking
@pytest.mark.parametrize("mask_value, shape", [(0.0, (3, 5, 2)), (1.5, (2, 4, 3)),
                                               (-1, (2, 3, 4, 2))])
def test_masking_matches_keras(mask_value, shape):
    x = RNG.normal(size=shape).astype("float32")
    x[0, 1] = mask_value
    x[-1, -1] = mask_value
    x[1, 0, 0] = mask_value  # a partly matching step stays unmasked
    keras_layer, kt_layer = assert_layer_matches_keras("Masking", {"mask_value": mask_value}, x)
    np.testing.assert_array_equal(kt_layer.compute_mask(torch.from_numpy(x)).numpy(),
                                  numpy_of(keras_layer.compute_mask(x)))


def test_masking_mask_reaches_downstream_layers_and_loss_like_keras():
    x = RNG.normal(size=(16, 4, 3)).astype("float32")
    x[:, 2:] = 0.0
    y = RNG.normal(size=(16, 4, 2)).astype("float32")

    def build(lib):
        return lib.Sequential([lib.Input((4, 3)), lib.layers.Masking(), lib.layers.Dense(2)])

    assert_fit_matches_keras(build, x, y)
    keras_out = build(keras)(x)
    kt_out = build(kerastorch)(torch.from_numpy(x))
    np.testing.assert_array_equal(kt_out._keras_mask.numpy(), numpy_of(keras_out._keras_mask))


def test_embedding_mask_reaches_a_functional_model_output_like_keras():
    x = RNG.integers(1, 6, size=(3, 5))
    x[:, 3:] = 0

    def build(lib):
        inputs = lib.Input((5,), dtype="int32")
        hidden = lib.layers.Embedding(6, 4, mask_zero=True)(inputs)
        hidden = lib.layers.LayerNormalization()(hidden)
        return lib.Model(inputs, lib.layers.Dense(5)(hidden))

    keras_model, kt_model = build(keras), build(kerastorch)
    kt_model.set_weights(keras_model.get_weights())
    expected = keras_model(x)
    received = kt_model(torch.from_numpy(x))
    np.testing.assert_allclose(received.detach().numpy(), numpy_of(expected), rtol=1e-5,
                               atol=1e-6)
    np.testing.assert_array_equal(received._keras_mask.numpy(), numpy_of(expected._keras_mask))
    assert_same_weights(keras_model, kt_model)

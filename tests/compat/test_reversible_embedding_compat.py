"""`ReversibleEmbedding` against real Keras: both directions, masks, configs, training."""

import keras
import numpy as np
import pytest
import torch

import kerastorch

RNG = np.random.default_rng(0)

CONFIGS = [
    {},
    {"tie_weights": False},
    {"mask_zero": True},
    {"logit_soft_cap": 2.0},
    {"tie_weights": False, "reverse_dtype": "float32", "logit_soft_cap": 0.5},
]


def make_pair(config):
    return (keras.layers.ReversibleEmbedding(11, 4, name="emb", **config),
            kerastorch.layers.ReversibleEmbedding(11, 4, name="emb", **config))


@pytest.mark.parametrize("config", CONFIGS, ids=[str(c) for c in CONFIGS])
def test_both_directions_weights_and_config_match_keras(config):
    keras_layer, kt_layer = make_pair(config)
    ids = RNG.integers(0, 11, size=(3, 6)).astype("int32")
    ids[:, -2:] = 0
    keras_hidden = keras_layer(ids)
    kt_layer.build()
    assert [w.keras_name for w in kt_layer.weights] == [w.name for w in keras_layer.weights]
    assert [tuple(w.shape) for w in kt_layer.weights] == [tuple(w.shape)
                                                         for w in keras_layer.weights]
    kt_layer.set_weights(keras_layer.get_weights())
    kt_hidden = kt_layer(torch.from_numpy(ids))
    np.testing.assert_allclose(kt_hidden.detach().numpy(),
                               keras.ops.convert_to_numpy(keras_hidden), rtol=1e-6)
    keras_mask = getattr(keras_hidden, "_keras_mask", None)
    kt_mask = getattr(kt_hidden, "_keras_mask", None)
    assert (kt_mask is None) == (keras_mask is None)
    if keras_mask is not None:
        np.testing.assert_array_equal(kt_mask.numpy(), keras.ops.convert_to_numpy(keras_mask))
    vectors = RNG.normal(size=(3, 6, 4)).astype("float32")
    expected = keras.ops.convert_to_numpy(keras_layer(vectors, reverse=True))
    received = kt_layer(torch.from_numpy(vectors), reverse=True).detach().numpy()
    np.testing.assert_allclose(received, expected, rtol=1e-5, atol=1e-6)
    assert kt_layer.get_config() == keras_layer.get_config()
    assert type(kt_layer).from_config(kt_layer.get_config()).get_config() == \
        kt_layer.get_config()


@pytest.mark.parametrize("reverse", [False, True])
def test_symbolic_shapes_match_keras(reverse):
    keras_layer, kt_layer = make_pair({})
    shape, dtype = ((6, 4), "float32") if reverse else ((6,), "int32")
    expected = keras_layer(keras.Input(shape, dtype=dtype), reverse=reverse)
    received = kt_layer(kerastorch.Input(shape, dtype=dtype), reverse=reverse)
    assert received.shape == expected.shape
    assert kt_layer.compute_output_shape((None,) + shape, reverse) == \
        tuple(keras_layer.compute_output_shape((None,) + shape, reverse))


def test_tied_language_model_trains_like_keras():
    def build(lib):
        ids = lib.Input((6,), dtype="int32")
        embedding = lib.layers.ReversibleEmbedding(11, 4, name="emb")
        hidden = lib.layers.Dense(4, activation="tanh")(embedding(ids))
        return lib.Model(ids, embedding(hidden, reverse=True))

    keras_model, kt_model = build(keras), build(kerastorch)
    kt_model.set_weights(keras_model.get_weights())
    x = RNG.integers(1, 11, size=(8, 6)).astype("int32")
    y = RNG.integers(0, 11, size=(8, 6))
    for lib, model in ((keras, keras_model), (kerastorch, kt_model)):
        model.compile(optimizer=lib.optimizers.SGD(0.5),
                      loss=lib.losses.SparseCategoricalCrossentropy(from_logits=True))
    expected = keras_model.fit(x, y, batch_size=4, epochs=2, shuffle=False, verbose=0)
    received = kt_model.fit(x, y, batch_size=4, epochs=2, shuffle=False, verbose=0)
    np.testing.assert_allclose(received.history["loss"], expected.history["loss"], rtol=1e-5)

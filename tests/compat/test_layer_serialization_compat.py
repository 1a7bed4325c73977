"""`keras.layers.serialize` / `deserialize` and the `Wrapper` base against real Keras."""

import keras
import numpy as np
import pytest
import torch

import kerastorch


def test_serialize_matches_keras():
    config = {"units": 3, "activation": "relu", "name": "d"}
    expected = keras.layers.serialize(keras.layers.Dense(**config))
    assert kerastorch.layers.serialize(kerastorch.layers.Dense(**config)) == expected


def test_deserialize_reads_a_keras_config():
    config = keras.layers.serialize(keras.layers.Dense(4, use_bias=False, name="d"))
    layer = kerastorch.layers.deserialize(config)
    assert isinstance(layer, kerastorch.layers.Dense)
    assert layer.get_config() == keras.layers.deserialize(config).get_config()


def test_deserialize_refuses_what_is_not_a_layer():
    config = keras.losses.serialize(keras.losses.MeanSquaredError())
    with pytest.raises(ValueError):
        keras.layers.deserialize(config)
    with pytest.raises(ValueError, match="not a `keras.layers.Layer`"):
        kerastorch.layers.deserialize(config)


class Doubled:
    """The same tiny wrapper in both libraries."""

    @staticmethod
    def make(lib):
        class DoubledWrapper(lib.layers.Wrapper):
            def call(self, inputs):
                return 2 * self.layer(inputs)

        return DoubledWrapper


def test_wrapper_config_weights_and_outputs_match_keras():
    keras_layer = Doubled.make(keras)(keras.layers.Dense(3, name="inner"), name="w")
    kt_layer = Doubled.make(kerastorch)(kerastorch.layers.Dense(3, name="inner"), name="w")
    x = np.random.default_rng(0).normal(size=(2, 4)).astype("float32")
    expected = keras.ops.convert_to_numpy(keras_layer(x))
    kt_layer.build((2, 4))
    assert [tuple(w.shape) for w in kt_layer.weights] == [tuple(w.shape)
                                                         for w in keras_layer.weights]
    kt_layer.set_weights(keras_layer.get_weights())
    np.testing.assert_allclose(kt_layer(torch.from_numpy(x)).detach().numpy(), expected,
                               rtol=1e-5, atol=1e-6)
    assert kt_layer.get_config() == keras_layer.get_config()
    rebuilt = type(kt_layer).from_config(kt_layer.get_config())
    assert rebuilt.layer.get_config() == kt_layer.layer.get_config()


def test_wrapper_refuses_what_is_not_a_layer():
    with pytest.raises(ValueError):
        keras.layers.Wrapper(torch.nn.Linear(2, 2))
    with pytest.raises(ValueError, match="isn't a supported layer type"):
        kerastorch.layers.Wrapper(torch.nn.Linear(2, 2))

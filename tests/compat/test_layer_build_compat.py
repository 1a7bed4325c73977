"""How layers build from their call, and the build config they save, against Keras."""

import keras
import numpy as np

import kerastorch


def two_input_layer(lib):
    class Pair(lib.layers.Layer):
        def build(self, query_shape, value_shape):
            self.w = self.add_weight(shape=(query_shape[-1], value_shape[-1]))

        def call(self, query, value):
            return query @ self.w + value

    return Pair()


def one_input_layer(lib):
    class Scale(lib.layers.Layer):
        def build(self, input_shape):
            self.w = self.add_weight(shape=(input_shape[-1],))

        def call(self, inputs):
            return inputs * self.w

    return Scale()


def test_build_of_several_shapes_gets_each_argument_and_saves_a_shapes_dict():
    query = np.ones((2, 3), "float32")
    value = np.ones((2, 4), "float32")
    keras_layer, kt_layer = two_input_layer(keras), two_input_layer(kerastorch)
    keras_layer(query, value)
    kt_layer(query, value)
    assert tuple(kt_layer.w.shape) == tuple(keras_layer.w.shape)
    assert kt_layer.get_build_config() == keras_layer.get_build_config()
    rebuilt = two_input_layer(kerastorch)
    rebuilt.build_from_config(kt_layer.get_build_config())
    assert rebuilt.built and tuple(rebuilt.w.shape) == (3, 4)


def test_an_explicit_build_call_is_recorded_as_in_keras():
    keras_layer, kt_layer = one_input_layer(keras), one_input_layer(kerastorch)
    keras_layer.build((None, 5))
    kt_layer.build((None, 5))
    assert kt_layer.built
    assert kt_layer.get_build_config() == keras_layer.get_build_config()


def test_add_weight_with_an_unknown_dimension_raises_value_error_as_keras():
    import pytest

    with pytest.raises(ValueError) as keras_error:
        keras.layers.Layer(name="layer").add_weight(shape=(None, 3))
    with pytest.raises(ValueError) as kt_error:
        kerastorch.layers.Layer(name="layer").add_weight(shape=(None, 3))
    # The default weight name carries a global counter in Keras (`variable_2`).
    prefix = "for variable path="
    assert str(kt_error.value).split(prefix)[0] == str(keras_error.value).split(prefix)[0]

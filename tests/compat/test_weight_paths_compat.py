"""Weight paths (`variable.path`) as Keras's name scopes make them."""

import keras
import numpy as np

import kerastorch


def sequential(lib):
    return lib.Sequential([lib.Input((3,)), lib.layers.Dense(2)])


def functional(lib):
    x = lib.Input((3,))
    return lib.Model(x, lib.layers.Dense(2)(x))


def eager_layer(lib):
    layer = lib.layers.Dense(2)
    layer(np.ones((1, 3), "float32"))
    return layer


def subclassed(lib):
    class Net(lib.Model):
        def __init__(self):
            super().__init__()
            self.hidden = lib.layers.Dense(2)

        def call(self, x):
            return self.hidden(x)

    model = Net()
    model(np.ones((1, 3), "float32"))
    return model


def nested_sequential(lib):
    inner = sequential(lib)
    return lib.Sequential([lib.Input((3,)), inner, lib.layers.Dense(1)])


def paths(lib, build):
    lib.backend.clear_session()
    return [w.path for w in build(lib).weights]


def test_weight_paths_match_keras():
    for build in (sequential, functional, eager_layer, subclassed, nested_sequential):
        assert paths(kerastorch, build) == paths(keras, build), build.__name__


def test_optimizer_slot_names_follow_the_paths_as_in_keras():
    keras.backend.clear_session()
    kerastorch.backend.clear_session()
    keras_model, kt_model = sequential(keras), sequential(kerastorch)
    keras_opt = keras.optimizers.SGD(momentum=0.9)
    kt_opt = kerastorch.optimizers.SGD(momentum=0.9)
    keras_opt.build(keras_model.trainable_weights)
    kt_opt.build(kt_model.trainable_weights)
    assert [v.path for v in kt_opt.variables] == [v.path for v in keras_opt.variables]

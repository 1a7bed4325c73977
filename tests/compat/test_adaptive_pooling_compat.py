"""Adaptive pooling layers against real Keras: outputs, shapes, configs, errors."""

import keras
import numpy as np
import pytest
import torch

import kerastorch

RNG = np.random.default_rng(0)

# (class name, output_size, input shape without batch, data_format)
CASES = [
    (f"Adaptive{mode}Pooling{n}D", size, shape, data_format)
    for mode in ("Average", "Max")
    for n, size, shape in (
        (1, 4, (10, 3)), (1, (3,), (7, 2)),
        (2, 3, (8, 7, 2)), (2, (4, 2), (9, 5, 3)),
        (3, 2, (5, 6, 4, 2)), (3, (3, 1, 2), (6, 5, 4, 1)),
    )
    for data_format in ("channels_last", "channels_first")
]
IDS = [f"{c[0]}-{c[1]}-{c[3]}" for c in CASES]


def make_pair(name, size, data_format):
    return (getattr(keras.layers, name)(size, data_format=data_format, name="pool"),
            getattr(kerastorch.layers, name)(size, data_format=data_format, name="pool"))


@pytest.mark.parametrize("name, size, shape, data_format", CASES, ids=IDS)
def test_outputs_shapes_and_config_match_keras(name, size, shape, data_format):
    keras_layer, kt_layer = make_pair(name, size, data_format)
    x = RNG.normal(size=(2,) + shape).astype("float32")
    expected = keras.ops.convert_to_numpy(keras_layer(x))
    received = kt_layer(torch.from_numpy(x)).numpy()
    np.testing.assert_allclose(received, expected, rtol=1e-6, atol=1e-6)
    assert kt_layer.get_config() == keras_layer.get_config()
    assert type(kt_layer).from_config(kt_layer.get_config()).get_config() == \
        kt_layer.get_config()
    symbolic_shape = (None,) + shape
    assert kt_layer.compute_output_shape(symbolic_shape) == \
        keras_layer.compute_output_shape(symbolic_shape)
    assert kt_layer(kerastorch.Input(shape)).shape == keras_layer(keras.Input(shape)).shape


@pytest.mark.parametrize("name, error", [
    ("AdaptiveAveragePooling2D", TypeError), ("AdaptiveMaxPooling3D", TypeError),
    ("AdaptiveMaxPooling1D", ValueError), ("AdaptiveAveragePooling1D", ValueError),
])
def test_bad_output_size_raises_the_error_keras_raises(name, error):
    with pytest.raises(error):
        getattr(keras.layers, name)((1, 2, 3, 4))
    with pytest.raises(error, match="output_size"):
        getattr(kerastorch.layers, name)((1, 2, 3, 4))


def test_wrong_rank_raises_value_error_naming_the_layer():
    layer = kerastorch.layers.AdaptiveMaxPooling2D(2, name="pool")
    with pytest.raises(ValueError, match="pool"):
        layer(torch.ones(2, 3, 4))


def test_fit_step_through_adaptive_pooling_matches_keras():
    def build(lib):
        return lib.Sequential([
            lib.Input((8, 8, 2)),
            lib.layers.AdaptiveAveragePooling2D(2),
            lib.layers.Flatten(),
            lib.layers.Dense(3, activation="softmax"),
        ])

    keras_model, kt_model = build(keras), build(kerastorch)
    kt_model.set_weights(keras_model.get_weights())
    x = RNG.normal(size=(16, 8, 8, 2)).astype("float32")
    y = RNG.integers(0, 3, size=(16,))
    for lib, model in ((keras, keras_model), (kerastorch, kt_model)):
        model.compile(optimizer=lib.optimizers.SGD(0.1), loss="sparse_categorical_crossentropy")
    expected = keras_model.fit(x, y, batch_size=8, epochs=2, shuffle=False, verbose=0)
    received = kt_model.fit(x, y, batch_size=8, epochs=2, shuffle=False, verbose=0)
    np.testing.assert_allclose(received.history["loss"], expected.history["loss"], rtol=1e-5)

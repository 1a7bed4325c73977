"""ConvLSTM1D, ConvLSTM2D and ConvLSTM3D against real Keras."""

import keras
import numpy as np
import pytest
import torch

import kerastorch
from tests.compat.layer_checks import assert_fit_matches_keras, assert_raises_like_keras

RNG = np.random.default_rng(0)


def numpy_of(x):
    return keras.ops.convert_to_numpy(x)


def as_list(x):
    return list(x) if isinstance(x, (list, tuple)) else [x]


def conv_lstm_pair(name, kwargs, shape):
    """The layer in both libraries, built for `shape`, with the same random weights."""
    keras_layer = getattr(keras.layers, name)(name="conv_lstm", **kwargs)
    kt_layer = getattr(kerastorch.layers, name)(name="conv_lstm", **kwargs)
    keras_layer.build(shape)
    kt_layer.build(shape)
    keras_layer.set_weights([(0.4 * RNG.normal(size=w.shape)).astype("float32")
                             for w in keras_layer.get_weights()])
    kt_layer.set_weights(keras_layer.get_weights())
    return keras_layer, kt_layer


def assert_outputs_match(received, expected):
    received, expected = as_list(received), as_list(expected)
    assert len(received) == len(expected)
    for r, e in zip(received, expected):
        assert tuple(r.shape) == tuple(e.shape)
        np.testing.assert_allclose(r.detach().numpy(), numpy_of(e), rtol=1e-5, atol=1e-6)


CASES = [
    ("ConvLSTM1D", {"filters": 3, "kernel_size": 3}, (2, 4, 9, 2)),
    ("ConvLSTM1D", {"filters": 2, "kernel_size": 2, "padding": "same",
                    "return_sequences": True}, (2, 3, 8, 3)),
    ("ConvLSTM1D", {"filters": 2, "kernel_size": 3, "strides": 2, "return_state": True},
     (2, 3, 9, 2)),
    ("ConvLSTM1D", {"filters": 2, "kernel_size": 3, "data_format": "channels_first",
                    "return_sequences": True, "go_backwards": True}, (2, 3, 2, 7)),
    ("ConvLSTM2D", {"filters": 3, "kernel_size": 3}, (2, 3, 6, 6, 2)),
    ("ConvLSTM2D", {"filters": 2, "kernel_size": (3, 2), "padding": "same",
                    "return_sequences": True, "return_state": True}, (2, 4, 5, 6, 3)),
    ("ConvLSTM2D", {"filters": 2, "kernel_size": 2, "strides": (2, 1), "padding": "same",
                    "go_backwards": True}, (2, 3, 7, 6, 2)),
    ("ConvLSTM2D", {"filters": 4, "kernel_size": 3, "dilation_rate": 2,
                    "return_sequences": True}, (1, 3, 7, 7, 1)),
    ("ConvLSTM2D", {"filters": 2, "kernel_size": 3, "data_format": "channels_first",
                    "padding": "same", "return_state": True}, (2, 3, 2, 5, 5)),
    ("ConvLSTM2D", {"filters": 2, "kernel_size": 3, "activation": "relu",
                    "recurrent_activation": "hard_sigmoid", "use_bias": False,
                    "unit_forget_bias": False}, (2, 3, 5, 5, 2)),
    ("ConvLSTM3D", {"filters": 2, "kernel_size": 2, "return_sequences": True},
     (2, 3, 4, 4, 4, 1)),
    ("ConvLSTM3D", {"filters": 2, "kernel_size": 3, "padding": "same",
                    "data_format": "channels_first", "return_state": True}, (1, 2, 2, 4, 3, 3)),
]


@pytest.mark.parametrize("name, kwargs, shape", CASES)
def test_conv_lstm_matches_keras(name, kwargs, shape):
    keras_layer, kt_layer = conv_lstm_pair(name, kwargs, shape)
    assert [w.path for w in kt_layer.weights] == [w.path for w in keras_layer.weights]
    assert [tuple(w.shape) for w in kt_layer.weights] == [
        tuple(w.shape) for w in keras_layer.weights]
    x = RNG.normal(size=shape).astype("float32")
    expected = keras_layer(x)
    received = kt_layer(torch.from_numpy(x))
    assert type(received) is type(expected)
    assert_outputs_match(received, expected)
    assert kt_layer.get_config() == keras_layer.get_config()
    rebuilt = type(kt_layer).from_config(keras_layer.get_config())
    assert rebuilt.get_config() == keras_layer.get_config()
    symbolic = (None,) + shape[1:]
    assert kt_layer.compute_output_shape(symbolic) == keras_layer.compute_output_shape(symbolic)
    keras_symbolic = as_list(keras_layer(keras.Input(batch_shape=symbolic)))
    kt_symbolic = as_list(kt_layer(kerastorch.Input(batch_shape=symbolic)))
    assert [tuple(t.shape) for t in kt_symbolic] == [tuple(t.shape) for t in keras_symbolic]


@pytest.mark.parametrize("kwargs", [
    {"return_sequences": True}, {"return_sequences": True, "go_backwards": True},
    {"return_state": True},
])
def test_conv_lstm_masks_like_keras(kwargs):
    keras_layer, kt_layer = conv_lstm_pair("ConvLSTM2D", {"filters": 2, "kernel_size": 3,
                                                          "padding": "same", **kwargs},
                                           (3, 4, 5, 5, 2))
    x = RNG.normal(size=(3, 4, 5, 5, 2)).astype("float32")
    mask = np.array([[1, 1, 1, 0], [0, 1, 1, 1], [1, 0, 1, 1]], bool)
    expected = keras_layer(x, mask=mask)
    received = kt_layer(torch.from_numpy(x), mask=torch.from_numpy(mask))
    assert_outputs_match(received, expected)
    for r, e in zip(as_list(received), as_list(expected)):
        e_mask = getattr(e, "_keras_mask", None)
        r_mask = getattr(r, "_keras_mask", None)
        assert (r_mask is None) == (e_mask is None)
        if e_mask is not None:
            np.testing.assert_array_equal(r_mask.numpy(), numpy_of(e_mask))


def test_conv_lstm_initial_state_matches_keras():
    keras_layer, kt_layer = conv_lstm_pair(
        "ConvLSTM1D", {"filters": 2, "kernel_size": 3, "padding": "same", "return_state": True},
        (2, 3, 6, 2))
    x = RNG.normal(size=(2, 3, 6, 2)).astype("float32")
    initial = [RNG.normal(size=(2, 6, 2)).astype("float32") for _ in range(2)]
    expected = keras_layer(x, initial_state=initial)
    received = kt_layer(torch.from_numpy(x), initial_state=[torch.from_numpy(s)
                                                            for s in initial])
    assert_outputs_match(received, expected)


def test_conv_lstm_stateful_matches_keras():
    keras_layer, kt_layer = conv_lstm_pair(
        "ConvLSTM2D", {"filters": 2, "kernel_size": 3, "padding": "same", "stateful": True},
        (2, 3, 4, 4, 1))
    for _ in range(2):
        x = RNG.normal(size=(2, 3, 4, 4, 1)).astype("float32")
        assert_outputs_match(kt_layer(torch.from_numpy(x)), keras_layer(x))
    keras_layer.reset_state()
    kt_layer.reset_state()
    x = RNG.normal(size=(2, 3, 4, 4, 1)).astype("float32")
    assert_outputs_match(kt_layer(torch.from_numpy(x)), keras_layer(x))


def test_conv_lstm_dropout_is_inactive_in_inference_as_in_keras():
    keras_layer, kt_layer = conv_lstm_pair(
        "ConvLSTM2D", {"filters": 2, "kernel_size": 3, "dropout": 0.5,
                       "recurrent_dropout": 0.3, "seed": 3}, (2, 3, 5, 5, 2))
    x = RNG.normal(size=(2, 3, 5, 5, 2)).astype("float32")
    assert_outputs_match(kt_layer(torch.from_numpy(x), training=False),
                         keras_layer(x, training=False))
    assert kt_layer.get_config() == keras_layer.get_config()


def test_conv_lstm_fit_matches_keras():
    def model(lib):
        return lib.Sequential([
            lib.Input((3, 6, 6, 2)),
            lib.layers.ConvLSTM2D(3, 3, padding="same", return_sequences=True,
                                  name="conv_lstm_a"),
            lib.layers.ConvLSTM2D(2, 3, name="conv_lstm_b"),
            lib.layers.GlobalAveragePooling2D(name="pool"),
            lib.layers.Dense(1, name="dense"),
        ])

    x = RNG.normal(size=(8, 3, 6, 6, 2)).astype("float32")
    y = RNG.normal(size=(8, 1)).astype("float32")
    assert_fit_matches_keras(model, x, y)


def test_conv_lstm_errors_match_keras():
    def both(make):
        return (lambda: make(keras)), (lambda: make(kerastorch))

    assert_raises_like_keras(*both(lambda lib: lib.layers.ConvLSTM2D(2, 3)(
        np.ones((2, 3, 5, 5), "float32"))), "conv_lstm2d", "ndim=5", "ndim=4")
    assert_raises_like_keras(*both(lambda lib: lib.layers.ConvLSTM2D(
        2, 3, strides=2, dilation_rate=2)), "`strides > 1`", "`dilation_rate > 1`")
    assert_raises_like_keras(*both(lambda lib: lib.layers.ConvLSTM2D(2, 3, padding="full")),
                             "`padding`")
    assert_raises_like_keras(*both(lambda lib: lib.layers.ConvLSTM1D(2, (3, 3))),
                             "`kernel_size`")
    assert_raises_like_keras(*both(lambda lib: lib.layers.ConvLSTM2D(2, 7)(
        np.ones((2, 3, 5, 5, 1), "float32"))), "zero or negative")
    assert_raises_like_keras(*both(lambda lib: lib.layers.ConvLSTM2D(2, 3)(
        lib.Input((3, None, 5, 1)))), "static input shapes")

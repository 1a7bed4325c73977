"""Convolution layers against real Keras: outputs, gradients, shapes, configs, weights, errors, fit."""

import keras
import numpy as np
import pytest
import torch

import kerastorch
from kerastorch.saving.serialization_lib import serialize_keras_object

RNG = np.random.default_rng(0)

# (class name, constructor kwargs, input shape without batch)
LAYERS = [
    ("Conv1D", {"filters": 4, "kernel_size": 3}, (9, 3)),
    ("Conv1D", {"filters": 4, "kernel_size": 4, "strides": 2, "padding": "same"}, (9, 3)),
    ("Conv1D", {"filters": 4, "kernel_size": 3, "strides": 3, "padding": "same"}, (10, 2)),
    ("Conv1D", {"filters": 4, "kernel_size": 3, "padding": "causal", "dilation_rate": 2}, (9, 3)),
    ("Conv1D", {"filters": 4, "kernel_size": 2, "padding": "causal", "strides": 2}, (9, 3)),
    ("Conv1D", {"filters": 6, "kernel_size": 3, "groups": 2, "padding": "same",
                "data_format": "channels_first"}, (4, 9)),
    ("Conv1D", {"filters": 4, "kernel_size": 3, "padding": "causal",
                "data_format": "channels_first", "activation": "relu"}, (3, 8)),
    ("Conv2D", {"filters": 5, "kernel_size": 3}, (8, 7, 3)),
    ("Conv2D", {"filters": 5, "kernel_size": 3, "strides": 2, "padding": "same"}, (8, 7, 3)),
    ("Conv2D", {"filters": 5, "kernel_size": (2, 4), "padding": "same"}, (6, 7, 2)),
    ("Conv2D", {"filters": 5, "kernel_size": 3, "strides": (1, 2), "padding": "same",
                "activation": "relu", "use_bias": False}, (6, 9, 2)),
    ("Conv2D", {"filters": 5, "kernel_size": 3, "dilation_rate": (2, 1), "padding": "same"},
     (9, 7, 3)),
    ("Conv2D", {"filters": 8, "kernel_size": 3, "groups": 4, "strides": 2}, (9, 9, 4)),
    ("Conv2D", {"filters": 5, "kernel_size": 3, "strides": 2, "padding": "same",
                "data_format": "channels_first"}, (3, 8, 7)),
    ("Conv2D", {"filters": 5, "kernel_size": 1, "padding": "SAME", "activation": "tanh"},
     (4, 4, 3)),
    ("Conv3D", {"filters": 3, "kernel_size": 2}, (4, 5, 4, 2)),
    ("Conv3D", {"filters": 3, "kernel_size": 3, "strides": 2, "padding": "same"}, (5, 4, 6, 2)),
    ("Conv3D", {"filters": 4, "kernel_size": (1, 2, 3), "groups": 2,
                "data_format": "channels_first"}, (2, 4, 4, 5)),
    ("Conv1DTranspose", {"filters": 4, "kernel_size": 3, "strides": 2}, (5, 3)),
    ("Conv1DTranspose", {"filters": 4, "kernel_size": 3, "strides": 2, "padding": "same"},
     (5, 3)),
    ("Conv1DTranspose", {"filters": 4, "kernel_size": 3, "strides": 3, "output_padding": 2},
     (5, 3)),
    ("Conv1DTranspose", {"filters": 4, "kernel_size": 4, "strides": 3, "padding": "same",
                         "output_padding": 1}, (5, 3)),
    ("Conv1DTranspose", {"filters": 4, "kernel_size": 3, "dilation_rate": 2,
                         "padding": "same"}, (5, 3)),
    ("Conv1DTranspose", {"filters": 4, "kernel_size": 1, "strides": 3,
                         "data_format": "channels_first"}, (3, 5)),
    ("Conv2DTranspose", {"filters": 4, "kernel_size": 3, "strides": 2}, (4, 5, 3)),
    ("Conv2DTranspose", {"filters": 4, "kernel_size": 3, "strides": 2, "padding": "same"},
     (4, 5, 3)),
    ("Conv2DTranspose", {"filters": 4, "kernel_size": 4, "strides": 2, "padding": "same"},
     (4, 5, 3)),
    ("Conv2DTranspose", {"filters": 4, "kernel_size": (3, 2), "strides": (2, 3),
                         "output_padding": (1, 0)}, (4, 5, 3)),
    ("Conv2DTranspose", {"filters": 4, "kernel_size": 3, "strides": 2, "padding": "same",
                         "output_padding": 1}, (4, 5, 3)),
    ("Conv2DTranspose", {"filters": 4, "kernel_size": 5, "strides": 3, "padding": "same",
                         "output_padding": (0, 2)}, (4, 5, 3)),
    ("Conv2DTranspose", {"filters": 4, "kernel_size": 3, "dilation_rate": 2,
                         "padding": "same", "activation": "relu"}, (4, 5, 3)),
    ("Conv2DTranspose", {"filters": 4, "kernel_size": 2, "strides": 2,
                         "data_format": "channels_first", "use_bias": False}, (3, 4, 5)),
    ("Conv3DTranspose", {"filters": 2, "kernel_size": 3, "strides": 2, "padding": "same"},
     (3, 2, 4, 3)),
    ("Conv3DTranspose", {"filters": 2, "kernel_size": 2, "strides": (1, 2, 3),
                         "output_padding": (0, 1, 2), "data_format": "channels_first"},
     (3, 3, 2, 4)),
    ("SeparableConv1D", {"filters": 4, "kernel_size": 3, "depth_multiplier": 2}, (9, 3)),
    ("SeparableConv1D", {"filters": 4, "kernel_size": 3, "strides": 2, "padding": "same",
                         "data_format": "channels_first"}, (3, 8)),
    ("SeparableConv2D", {"filters": 5, "kernel_size": 3}, (7, 8, 3)),
    ("SeparableConv2D", {"filters": 5, "kernel_size": 3, "strides": 2, "padding": "same",
                         "depth_multiplier": 3, "activation": "relu"}, (7, 8, 3)),
    ("SeparableConv2D", {"filters": 5, "kernel_size": 2, "dilation_rate": 2,
                         "padding": "same", "data_format": "channels_first"}, (3, 7, 6)),
    ("DepthwiseConv1D", {"kernel_size": 3}, (9, 3)),
    ("DepthwiseConv1D", {"kernel_size": 4, "strides": 2, "padding": "same",
                         "depth_multiplier": 2}, (9, 3)),
    ("DepthwiseConv1D", {"kernel_size": 3, "dilation_rate": 2, "data_format": "channels_first"},
     (3, 9)),
    ("DepthwiseConv2D", {"kernel_size": 3}, (7, 8, 3)),
    ("DepthwiseConv2D", {"kernel_size": 3, "strides": 2, "padding": "same",
                         "depth_multiplier": 2, "activation": "relu"}, (7, 8, 3)),
    ("DepthwiseConv2D", {"kernel_size": (2, 3), "strides": 2, "dilation_rate": 2,
                         "depth_multiplier": 3}, (9, 9, 2)),
    ("DepthwiseConv2D", {"kernel_size": 3, "padding": "same", "use_bias": False,
                         "data_format": "channels_first"}, (3, 6, 7)),
]
IDS = [f"{name}-{i}" for i, (name, _, _) in enumerate(LAYERS)]

ALIASES = [("Convolution1D", "Conv1D"), ("Convolution2D", "Conv2D"), ("Convolution3D", "Conv3D"),
           ("Convolution1DTranspose", "Conv1DTranspose"),
           ("Convolution2DTranspose", "Conv2DTranspose"),
           ("Convolution3DTranspose", "Conv3DTranspose"),
           ("SeparableConvolution1D", "SeparableConv1D"),
           ("SeparableConvolution2D", "SeparableConv2D")]


def make_pair(name, kwargs):
    return (getattr(keras.layers, name)(name="layer_under_test", **kwargs),
            getattr(kerastorch.layers, name)(name="layer_under_test", **kwargs))


def built_pair(name, kwargs, shape, batch=2):
    """Both layers built, with the same random weights (the bias random too)."""
    keras_layer, kt_layer = make_pair(name, kwargs)
    keras_layer.build((batch,) + shape)
    kt_layer.build((batch,) + shape)
    weights = [RNG.normal(size=w.shape).astype("float32") for w in keras_layer.get_weights()]
    keras_layer.set_weights(weights)
    kt_layer.set_weights(weights)
    return keras_layer, kt_layer


def to_numpy(x):
    return keras.ops.convert_to_numpy(x)


@pytest.mark.parametrize("name, kwargs, shape", LAYERS, ids=IDS)
def test_outputs_and_gradients_match_keras(name, kwargs, shape):
    keras_layer, kt_layer = built_pair(name, kwargs, shape)
    x = RNG.normal(size=(2,) + shape).astype("float32")
    keras_x = keras.ops.convert_to_tensor(x)
    keras_x.requires_grad_(True)
    expected = keras_layer(keras_x)
    kt_x = torch.from_numpy(x).requires_grad_(True)
    received = kt_layer(kt_x)
    np.testing.assert_allclose(received.detach().numpy(), to_numpy(expected),
                               rtol=1e-5, atol=1e-6)
    # Same gradients for a same upstream gradient, w.r.t. the input and each weight.
    # A positive upstream gradient keeps the bias gradient (its plain sum) free of
    # cancellation, where summation order alone would move the last digits.
    upstream = RNG.uniform(0.5, 1.5, size=tuple(expected.shape)).astype("float32")
    (expected * keras.ops.convert_to_tensor(upstream)).sum().backward()
    (received * torch.from_numpy(upstream)).sum().backward()
    np.testing.assert_allclose(kt_x.grad.numpy(), to_numpy(keras_x.grad), rtol=1e-5, atol=1e-6)
    for kt_w, keras_w in zip(kt_layer.weights, keras_layer.weights):
        np.testing.assert_allclose(kt_w.grad.numpy(), to_numpy(keras_w.value.grad),
                                   rtol=1e-5, atol=1e-6, err_msg=kt_w.keras_name)


@pytest.mark.parametrize("name, kwargs, shape", LAYERS, ids=IDS)
def test_weights_config_and_shapes_match_keras(name, kwargs, shape):
    keras_layer, kt_layer = make_pair(name, kwargs)
    symbolic = (None,) + shape
    assert tuple(kt_layer(kerastorch.Input(shape)).shape) == tuple(
        keras_layer(keras.Input(shape)).shape)
    assert [w.keras_name for w in kt_layer.weights] == [w.name for w in keras_layer.weights]
    assert [tuple(w.shape) for w in kt_layer.weights] == [
        tuple(w.shape) for w in keras_layer.weights]
    assert kt_layer.count_params() == keras_layer.count_params()
    assert kt_layer.compute_output_shape(symbolic) == keras_layer.compute_output_shape(symbolic)
    assert kt_layer.get_config() == keras_layer.get_config()
    rebuilt = type(kt_layer).from_config(kt_layer.get_config())
    assert rebuilt.get_config() == kt_layer.get_config()
    assert serialize_keras_object(kt_layer) == keras.saving.serialize_keras_object(keras_layer)


@pytest.mark.parametrize("name, kwargs, shape", [
    ("Conv1D", {"filters": 2, "kernel_size": 3, "padding": "causal"}, (None, 3)),
    ("Conv2D", {"filters": 2, "kernel_size": 3, "strides": 2, "padding": "same"}, (None, None, 3)),
    ("Conv2D", {"filters": 2, "kernel_size": 3, "data_format": "channels_first"},
     (3, None, 6)),
    ("Conv2DTranspose", {"filters": 2, "kernel_size": 3, "strides": 2}, (None, 5, 3)),
    ("SeparableConv2D", {"filters": 2, "kernel_size": 3}, (None, None, 3)),
    ("DepthwiseConv1D", {"kernel_size": 3, "depth_multiplier": 2}, (None, 3)),
])
def test_unknown_spatial_sizes_match_keras(name, kwargs, shape):
    keras_layer, kt_layer = make_pair(name, kwargs)
    assert tuple(kt_layer(kerastorch.Input(shape)).shape) == tuple(
        keras_layer(keras.Input(shape)).shape)
    x = RNG.normal(size=(2,) + tuple(7 if d is None else d for d in shape)).astype("float32")
    kt_layer.set_weights(keras_layer.get_weights())
    np.testing.assert_allclose(kt_layer(torch.from_numpy(x)).detach().numpy(),
                               to_numpy(keras_layer(x)), rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("alias, name", ALIASES)
def test_aliases_are_the_same_classes_as_in_keras(alias, name):
    assert getattr(keras.layers, alias) is getattr(keras.layers, name)
    assert getattr(kerastorch.layers, alias) is getattr(kerastorch.layers, name)


def test_keras_config_deserializes_into_kerastorch():
    keras_layer = keras.layers.Conv2DTranspose(3, 2, strides=2, activation="relu",
                                               kernel_initializer="he_normal")
    config = keras.saving.serialize_keras_object(keras_layer)
    layer = kerastorch.saving.deserialize_keras_object(config)
    assert isinstance(layer, kerastorch.layers.Conv2DTranspose)
    assert layer.get_config() == keras_layer.get_config()


@pytest.mark.parametrize("name, args", [
    ("Conv3DTranspose", (2, 3, 2, "same", "channels_first", 1, 1, "relu")),
    ("Conv2DTranspose", (2, 3, 2, "same", 1, "channels_first", 1, "relu")),
    ("DepthwiseConv2D", (3, 2, "same", 2, "channels_first", 1, "relu")),
    ("SeparableConv2D", (2, 3, 2, "same", "channels_first", 1, 2, "relu")),
    ("Conv1D", (2, 3, 1, "causal", "channels_first", 2, 1, "relu")),
])
def test_positional_arguments_match_keras(name, args):
    # Keras's Conv3DTranspose alone puts data_format before output_padding.
    assert getattr(kerastorch.layers, name)(*args, name="t").get_config() == \
        getattr(keras.layers, name)(*args, name="t").get_config()


def _raises_same(keras_fn, kt_fn):
    with pytest.raises(Exception) as keras_error:
        keras_fn()
    with pytest.raises(type(keras_error.value)) as kt_error:
        kt_fn()
    return keras_error.value, kt_error.value


@pytest.mark.parametrize("name, kwargs", [
    ("Conv2D", {"filters": 0, "kernel_size": 3}),
    ("Conv2D", {"filters": 4, "kernel_size": 3, "groups": 3}),
    ("Conv2D", {"filters": 4, "kernel_size": 3, "groups": 0}),
    ("Conv2D", {"filters": 4, "kernel_size": (3, 3, 3)}),
    ("Conv2D", {"filters": 4, "kernel_size": 0}),
    ("Conv2D", {"filters": 4, "kernel_size": 3, "strides": 0}),
    ("Conv2D", {"filters": 4, "kernel_size": 3, "strides": 2, "dilation_rate": 2}),
    ("Conv2D", {"filters": 4, "kernel_size": 3, "padding": "causal"}),
    ("Conv2D", {"filters": 4, "kernel_size": 3, "padding": "full"}),
    ("Conv2D", {"filters": 4, "kernel_size": 3, "data_format": "channels_middle"}),
    ("Conv2D", {"filters": 4, "kernel_size": 3, "activation": "no_such_activation"}),
    ("Conv2D", {"filters": 4, "kernel_size": 3, "foo": 1}),
    ("Conv2DTranspose", {"filters": 4, "kernel_size": 3, "strides": 2, "output_padding": 2}),
    ("Conv2DTranspose", {"filters": 4, "kernel_size": 3, "output_padding": -1}),
    ("Conv2DTranspose", {"filters": 4, "kernel_size": 3, "strides": 2, "dilation_rate": 2}),
    ("Conv1DTranspose", {"filters": 4, "kernel_size": 3, "padding": "causal"}),
    ("SeparableConv2D", {"filters": 4, "kernel_size": 3, "depth_multiplier": 0}),
    ("SeparableConv2D", {"filters": -1, "kernel_size": 3}),
    ("DepthwiseConv2D", {"kernel_size": 3, "depth_multiplier": -2}),
    ("DepthwiseConv1D", {"kernel_size": 3, "padding": "causal"}),
])
def test_constructor_errors_match_keras(name, kwargs):
    keras_error, kt_error = _raises_same(lambda: getattr(keras.layers, name)(**kwargs),
                                         lambda: getattr(kerastorch.layers, name)(**kwargs))
    if isinstance(keras_error, ValueError) and "Unrecognized" not in str(keras_error):
        assert str(kt_error) == str(keras_error)


@pytest.mark.parametrize("name, kwargs, shape, bad_shape", [
    ("Conv2D", {"filters": 2, "kernel_size": 3}, (5, 5, 3), (5, 5)),  # rank
    ("Conv2D", {"filters": 2, "kernel_size": 3}, (5, 5, 3), (5, 5, 4)),  # channels
    ("Conv1D", {"filters": 2, "kernel_size": 3, "data_format": "channels_first"}, (3, 6), (4, 6)),
    ("Conv2DTranspose", {"filters": 2, "kernel_size": 3}, (5, 5, 3), (5, 5, 2)),
    ("SeparableConv1D", {"filters": 2, "kernel_size": 3}, (6, 3), (6,)),
    ("DepthwiseConv2D", {"kernel_size": 3}, (5, 5, 3), (5, 5, 1)),
])
def test_bad_input_errors_match_keras(name, kwargs, shape, bad_shape):
    keras_layer, kt_layer = make_pair(name, kwargs)
    keras_layer.build((None,) + shape)
    kt_layer.build((None,) + shape)
    x = np.zeros((2,) + bad_shape, "float32")
    _, error = _raises_same(lambda: keras_layer(x), lambda: kt_layer(x))
    message = str(error)
    assert "layer_under_test" in message and str((2,) + bad_shape) in message


@pytest.mark.parametrize("name, kwargs, shape", [
    ("Conv2D", {"filters": 2, "kernel_size": 5}, (4, 6, 3)),
    ("Conv1D", {"filters": 2, "kernel_size": 3, "dilation_rate": 3}, (6, 3)),
    ("DepthwiseConv2D", {"kernel_size": 4}, (3, 8, 3)),
    ("SeparableConv1D", {"filters": 2, "kernel_size": 7}, (6, 3)),
])
def test_input_too_small_errors_match_keras(name, kwargs, shape):
    keras_layer, kt_layer = make_pair(name, kwargs)
    _, error = _raises_same(lambda: keras_layer(keras.Input(shape)),
                            lambda: kt_layer(kerastorch.Input(shape)))
    assert "layer_under_test" in str(error) and "zero or negative" in str(error)
    _raises_same(lambda: keras_layer.build((2,) + shape), lambda: kt_layer.build((2,) + shape))


@pytest.mark.parametrize("kwargs", [
    {"filters": 4, "kernel_size": 1, "groups": 2},  # 3 input channels
    {"filters": 4, "kernel_size": 1, "padding": [1, 1]},  # explicit paddings
])
def test_build_errors_match_keras(kwargs):
    keras_layer, kt_layer = make_pair("Conv2D", kwargs)
    keras_error, kt_error = _raises_same(lambda: keras_layer.build((None, 4, 4, 3)),
                                         lambda: kt_layer.build((None, 4, 4, 3)))
    assert str(keras_error) in str(kt_error)


def test_lora_is_refused_clearly():
    with pytest.raises(NotImplementedError, match="LoRA"):
        kerastorch.layers.Conv2D(4, 3, lora_rank=2)


FIT_LAYERS = [
    ("Conv2D", {"filters": 3, "kernel_size": 3, "strides": 2, "padding": "same",
                "activation": "relu"}, (6, 5, 2)),
    ("Conv1D", {"filters": 3, "kernel_size": 3, "padding": "causal"}, (7, 2)),
    ("Conv2DTranspose", {"filters": 2, "kernel_size": 3, "strides": 2, "padding": "same"},
     (3, 4, 2)),
    ("Conv3D", {"filters": 2, "kernel_size": 2, "data_format": "channels_first"}, (2, 3, 3, 3)),
    ("SeparableConv2D", {"filters": 3, "kernel_size": 3, "depth_multiplier": 2}, (5, 5, 2)),
    ("DepthwiseConv1D", {"kernel_size": 3, "depth_multiplier": 2, "padding": "same"}, (6, 2)),
]


@pytest.mark.parametrize("name, kwargs, shape", FIT_LAYERS,
                         ids=[name for name, _, _ in FIT_LAYERS])
def test_fit_steps_match_keras(name, kwargs, shape):
    def build(lib):
        return lib.Sequential([
            lib.Input(shape=shape),
            getattr(lib.layers, name)(**kwargs),
            lib.layers.Flatten(),
            lib.layers.Dense(3),
        ])

    keras_model, kt_model = build(keras), build(kerastorch)
    kt_model.set_weights(keras_model.get_weights())
    x = RNG.normal(size=(8,) + shape).astype("float32")
    y = RNG.normal(size=(8, 3)).astype("float32")
    for lib, model in ((keras, keras_model), (kerastorch, kt_model)):
        model.compile(optimizer=lib.optimizers.SGD(learning_rate=0.05), loss="mse")
    expected = keras_model.fit(x, y, batch_size=4, epochs=2, shuffle=False, verbose=0)
    received = kt_model.fit(x, y, batch_size=4, epochs=2, shuffle=False, verbose=0)
    np.testing.assert_allclose(received.history["loss"], expected.history["loss"], rtol=1e-5)
    for e, r in zip(keras_model.get_weights(), kt_model.get_weights()):
        np.testing.assert_allclose(r, e, rtol=1e-5, atol=1e-6)


def test_masked_input_warns_and_drops_the_mask_as_in_keras():
    tokens = np.array([[1, 2, 0, 0], [3, 0, 0, 0]])
    results = []
    for lib in (keras, kerastorch):
        lib.utils.set_random_seed(0)
        embedded = lib.layers.Embedding(5, 3, mask_zero=True)(tokens)
        conv = lib.layers.Conv1D(2, 2, padding="causal", name="masked_conv")
        with pytest.warns(UserWarning, match="masked_conv.*does not support masking"):
            outputs = conv(embedded)
        assert getattr(outputs, "_keras_mask", None) is None
        inputs = lib.Input((4,), dtype="int32")
        symbolic = lib.layers.Conv1D(2, 2)(lib.layers.Embedding(5, 3, mask_zero=True)(inputs))
        assert getattr(symbolic, "_keras_mask", None) is None
        results.append(tuple(outputs.shape))
    assert results[0] == results[1]


def convnet(lib, extra_layers=()):
    """The keras.io MNIST convnet (examples/mnist_convnet.py), on 12x12 images."""
    layers = lib.layers
    return lib.Sequential([
        lib.Input(shape=(12, 12, 1)),
        layers.Conv2D(8, kernel_size=(3, 3), activation="relu"),
        layers.MaxPooling2D(pool_size=(2, 2)),
        *extra_layers,
        layers.Conv2D(16, kernel_size=(3, 3), activation="relu"),
        layers.MaxPooling2D(pool_size=(2, 2)),
        layers.Flatten(),
        layers.Dropout(0.5),
        layers.Dense(10, activation="softmax"),
    ])


def test_convnet_summary_matches_keras(monkeypatch, capsys):
    monkeypatch.setenv("COLUMNS", "100")
    printed = []
    for lib in (keras, kerastorch):
        lib.backend.clear_session()
        L = lib.layers
        convnet(lib, [L.SeparableConv2D(8, 3, padding="same"), L.DepthwiseConv2D(1),
                      L.Conv2DTranspose(8, 3, strides=2, padding="same")]).summary()
        printed.append(capsys.readouterr().out)
    assert printed[1] == printed[0]


def test_convnet_adam_fit_matches_keras():
    keras_model, kt_model = convnet(keras), convnet(kerastorch)
    kt_model.set_weights(keras_model.get_weights())
    x = RNG.random((32, 12, 12, 1)).astype("float32")
    y = np.eye(10, dtype="float32")[RNG.integers(0, 10, 32)]
    for model in (keras_model, kt_model):
        model.compile(loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
        model.layers[-2].rate = 0.0  # Dropout's random masks differ between the libraries
    expected = keras_model.fit(x, y, batch_size=8, epochs=2, shuffle=False, verbose=0)
    received = kt_model.fit(x, y, batch_size=8, epochs=2, shuffle=False, verbose=0)
    for key in expected.history:
        np.testing.assert_allclose(received.history[key], expected.history[key], rtol=1e-5,
                                   atol=1e-6, err_msg=key)
    for e, r in zip(keras_model.get_weights(), kt_model.get_weights()):
        np.testing.assert_allclose(r, e, rtol=1e-5, atol=1e-6)

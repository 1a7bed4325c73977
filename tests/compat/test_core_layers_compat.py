"""Core layers against real Keras: configs, weights, outputs, shapes, errors."""

import keras
import numpy as np
import pytest
import torch

import kerastorch

RNG = np.random.default_rng(0)

# (name, constructor kwargs, input shape without batch)
LAYERS = [
    ("Dense", {"units": 5}, (7,)),
    ("Dense", {"units": 3, "activation": "relu", "use_bias": False}, (4, 6)),
    ("Dense", {"units": 2, "activation": "softmax",
               "kernel_initializer": "he_normal", "bias_initializer": "ones"}, (9,)),
    ("Activation", {"activation": "tanh"}, (3, 4)),
    ("Activation", {"activation": "softmax"}, (6,)),
    ("Dropout", {"rate": 0.3}, (8,)),
    ("Dropout", {"rate": 0.5, "noise_shape": (None, 1), "seed": 3}, (4, 2)),
    ("Flatten", {}, (2, 3, 4)),
    ("Flatten", {"data_format": "channels_first"}, (2, 3, 4)),
    ("Reshape", {"target_shape": (3, 4)}, (12,)),
    ("Reshape", {"target_shape": (-1, 2)}, (2, 3, 2)),
    ("Identity", {}, (5,)),
]
IDS = [f"{name}-{i}" for i, (name, _, _) in enumerate(LAYERS)]


def make_pair(name, kwargs):
    return (getattr(keras.layers, name)(name="layer_under_test", **kwargs),
            getattr(kerastorch.layers, name)(name="layer_under_test", **kwargs))


@pytest.mark.parametrize("name, kwargs, shape", LAYERS, ids=IDS)
def test_outputs_weights_and_config_match_keras(name, kwargs, shape):
    keras_layer, kt_layer = make_pair(name, kwargs)
    x = RNG.normal(size=(4,) + shape).astype("float32")
    expected = keras.ops.convert_to_numpy(keras_layer(x))
    kt_layer.build((4,) + shape)
    assert [tuple(w.shape) for w in kt_layer.weights] == [tuple(w.shape) for w in
                                                           keras_layer.weights]
    assert [w.keras_name for w in kt_layer.weights] == [w.name for w in keras_layer.weights]
    kt_layer.set_weights(keras_layer.get_weights())
    received = kt_layer(torch.from_numpy(x)).detach().numpy()
    np.testing.assert_allclose(received, expected, rtol=1e-5, atol=1e-6)
    assert kt_layer.count_params() == keras_layer.count_params()
    assert kt_layer.get_config() == keras_layer.get_config()
    rebuilt = type(kt_layer).from_config(kt_layer.get_config())
    assert rebuilt.get_config() == kt_layer.get_config()


@pytest.mark.parametrize("name, kwargs, shape", LAYERS, ids=IDS)
def test_symbolic_output_shapes_match_keras(name, kwargs, shape):
    keras_layer, kt_layer = make_pair(name, kwargs)
    expected = keras_layer(keras.Input(shape)).shape
    received = kt_layer(kerastorch.Input(shape)).shape
    assert received == expected


def test_dropout_training_behaviour_matches_keras_statistics():
    x = np.ones((2000, 50), "float32")
    keras_out = keras.ops.convert_to_numpy(keras.layers.Dropout(0.4)(x, training=True))
    kt_out = kerastorch.layers.Dropout(0.4)(torch.from_numpy(x), training=True).numpy()
    assert set(np.unique(kt_out).round(5)) == set(np.unique(keras_out).round(5))
    assert abs((kt_out == 0).mean() - 0.4) < 0.01
    assert abs(kt_out.mean() - 1.0) < 0.02
    np.testing.assert_array_equal(kerastorch.layers.Dropout(0.4)(torch.from_numpy(x)).numpy(), x)


def test_lambda_matches_keras():
    x = RNG.normal(size=(3, 4)).astype("float32")
    keras_layer = keras.layers.Lambda(lambda t: t * 2 + 1, name="lam")
    kt_layer = kerastorch.layers.Lambda(lambda t: t * 2 + 1, name="lam")
    np.testing.assert_allclose(kt_layer(torch.from_numpy(x)).numpy(),
                               keras.ops.convert_to_numpy(keras_layer(x)), rtol=1e-6)
    assert kt_layer(kerastorch.Input((4,))).shape == keras_layer(keras.Input((4,))).shape
    assert set(kt_layer.get_config()) == set(keras_layer.get_config())
    shaped = kerastorch.layers.Lambda(lambda t: t[:, :2], output_shape=(2,))
    assert shaped(kerastorch.Input((4,))).shape == keras.layers.Lambda(
        lambda t: t[:, :2], output_shape=(2,))(keras.Input((4,))).shape


def test_lambda_bytecode_refused_in_safe_mode():
    config = kerastorch.layers.Lambda(lambda t: t + 1).get_config()
    with pytest.raises(ValueError, match="safe_mode"):
        kerastorch.layers.Lambda.from_config(config)
    with kerastorch.saving.serialization_lib.SafeModeScope(False):
        layer = kerastorch.layers.Lambda.from_config(config)
    assert float(layer(torch.ones(1))) == 2.0


def _raises_same(keras_fn, kt_fn):
    with pytest.raises(Exception) as keras_error:
        keras_fn()
    with pytest.raises(type(keras_error.value)) as kt_error:
        kt_fn()
    return keras_error.value, kt_error.value


def test_dense_wrong_input_dimension_error_matches_keras():
    keras_layer, kt_layer = make_pair("Dense", {"units": 3})
    keras_layer.build((None, 4))
    kt_layer.build((None, 4))
    _, error = _raises_same(lambda: keras_layer(np.zeros((2, 5), "float32")),
                            lambda: kt_layer(np.zeros((2, 5), "float32")))
    message = str(error)
    assert "layer_under_test" in message and "4" in message and "(2, 5)" in message


def test_dense_rank_one_input_error_matches_keras():
    keras_layer, kt_layer = make_pair("Dense", {"units": 3})
    _raises_same(lambda: keras_layer(keras.Input(batch_shape=(3,))),
                 lambda: kt_layer(kerastorch.Input(batch_shape=(3,))))


@pytest.mark.parametrize("bad", [
    lambda layer: layer.set_weights([np.zeros((4, 3))]),
    lambda layer: layer.set_weights([np.zeros((5, 3)), np.zeros((3,))]),
    lambda layer: layer.set_weights([np.zeros((4, 3)), np.zeros((3,)), np.zeros(1)]),
])
def test_set_weights_errors_match_keras(bad):
    keras_layer, kt_layer = make_pair("Dense", {"units": 3})
    keras_layer.build((None, 4))
    kt_layer.build((None, 4))
    _, error = _raises_same(lambda: bad(keras_layer), lambda: bad(kt_layer))
    assert "layer_under_test" in str(error)


@pytest.mark.parametrize("name, kwargs", [
    ("Dense", {"units": 0}),
    ("Dense", {"units": 3, "foo": 1}),
    ("Dropout", {"rate": 1.5}),
    ("Reshape", {"target_shape": (-1, -1)}),
    ("Activation", {"activation": "no_such_activation"}),
])
def test_constructor_errors_match_keras(name, kwargs):
    _raises_same(lambda: getattr(keras.layers, name)(**kwargs),
                 lambda: getattr(kerastorch.layers, name)(**kwargs))


def test_reshape_size_mismatch_error_matches_keras():
    _raises_same(lambda: keras.layers.Reshape((5,))(keras.Input((4,))),
                 lambda: kerastorch.layers.Reshape((5,))(kerastorch.Input((4,))))


def test_trainable_flag_matches_keras():
    keras_layer, kt_layer = make_pair("Dense", {"units": 3})
    for layer in (keras_layer, kt_layer):
        layer.build((None, 2))
        layer.trainable = False
    assert len(kt_layer.trainable_weights) == len(keras_layer.trainable_weights) == 0
    assert len(kt_layer.non_trainable_weights) == len(keras_layer.non_trainable_weights) == 2
    assert kt_layer.get_config()["trainable"] is False
    assert not any(w.requires_grad for w in kt_layer.parameters())


def test_unique_names_match_keras():
    keras.backend.clear_session()
    kerastorch.backend.clear_session()
    keras_names = [keras.layers.Dense(1).name for _ in range(3)] + [keras.layers.Flatten().name]
    kt_names = [kerastorch.layers.Dense(1).name for _ in range(3)] + [
        kerastorch.layers.Flatten().name]
    assert kt_names == keras_names


def halve_last_axis(input_shape):
    """A named `output_shape` function (saved by name, not as bytecode)."""
    return tuple(input_shape[:-1]) + (input_shape[-1] // 2,)


def test_lambda_with_named_output_shape_function_round_trips_like_keras():
    custom = {"halve_last_axis": halve_last_axis}
    keras_layer = keras.layers.Lambda(lambda x: x[..., ::2], output_shape=halve_last_axis)
    kt_layer = kerastorch.layers.Lambda(lambda x: x[..., ::2], output_shape=halve_last_axis)
    keras_config = keras_layer.get_config()
    kt_config = kt_layer.get_config()
    assert kt_config["output_shape"] == keras_config["output_shape"]
    with kerastorch.saving.serialization_lib.SafeModeScope(False):
        rebuilt = kerastorch.layers.Lambda.from_config(kt_config, custom_objects=custom)
    assert rebuilt.compute_output_shape((None, 6)) == \
        keras_layer.compute_output_shape((None, 6))
    assert rebuilt(kerastorch.Input((6,))).shape == keras_layer(keras.Input((6,))).shape


@pytest.mark.parametrize("name, kwargs", [
    ("Flatten", {}), ("Reshape", {"target_shape": (2, 2)}), ("Dropout", {"rate": 0.1}),
    ("Activation", {"activation": "relu"}), ("Identity", {}),
])
def test_built_state_and_build_config_match_keras(name, kwargs):
    keras_layer, kt_layer = make_pair(name, kwargs)
    assert kt_layer.built == keras_layer.built
    assert kt_layer.get_build_config() == keras_layer.get_build_config()
    x = np.ones((2, 4), "float32")
    keras_layer(x)
    kt_layer(torch.from_numpy(x))
    assert kt_layer.get_build_config() == keras_layer.get_build_config()

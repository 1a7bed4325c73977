"""Side-by-side checks of one layer in Keras and kerastorch (the layer-test checklist).

`assert_layer_matches_keras` builds a layer in both libraries from the same
arguments and compares eager outputs, output masks, configs (and a
`from_config` round trip), weights, `compute_output_shape` and symbolic output
shapes. `assert_fit_matches_keras` trains the same small model in both.
"""

import keras
import numpy as np
import torch

import kerastorch
from tests.compat.twins import assert_same_weights, copy_weights

LAYER_NAME = "layer_under_test"


def make_pair(name, kwargs):
    """The Keras layer and the kerastorch layer `name`, built from `kwargs`."""
    return (getattr(keras.layers, name)(name=LAYER_NAME, **kwargs),
            getattr(kerastorch.layers, name)(name=LAYER_NAME, **kwargs))


def _to_torch(x):
    if isinstance(x, (list, tuple)):
        return [_to_torch(v) for v in x]
    return None if x is None else torch.from_numpy(np.asarray(x))


def _to_numpy(x):
    return None if x is None else keras.ops.convert_to_numpy(x)


def _symbolic_shape(shape):
    return (None,) + tuple(shape[1:])


def assert_layer_matches_keras(name, kwargs, inputs, rtol=1e-5, atol=1e-6, **call_kwargs):
    """Asserts the layer `name(**kwargs)` behaves the same in both libraries on `inputs`.

    Args:
        name: Layer class name in `keras.layers`.
        kwargs: Constructor arguments.
        inputs: A numpy array or a list of them (for multi-input layers).
        rtol: Relative tolerance of the output comparison.
        atol: Absolute tolerance of the output comparison.
        **call_kwargs: Extra call arguments (numpy arrays, e.g. `mask`), given
            to both calls.

    Returns:
        The `(keras_layer, kerastorch_layer)` pair, called once.
    """
    keras_layer, kt_layer = make_pair(name, kwargs)
    expected = keras_layer(inputs, **call_kwargs)
    received = kt_layer(_to_torch(inputs), **{k: _to_torch(v) for k, v in call_kwargs.items()})
    assert tuple(received.shape) == tuple(expected.shape)
    np.testing.assert_allclose(received.detach().numpy(), _to_numpy(expected), rtol=rtol,
                               atol=atol)
    expected_mask = _to_numpy(getattr(expected, "_keras_mask", None))
    received_mask = getattr(received, "_keras_mask", None)
    assert (received_mask is None) == (expected_mask is None)
    if expected_mask is not None:
        np.testing.assert_array_equal(received_mask.numpy(), expected_mask)
    assert [w.keras_name for w in kt_layer.weights] == [w.name for w in keras_layer.weights]
    assert kt_layer.get_config() == keras_layer.get_config()
    rebuilt = type(kt_layer).from_config(kt_layer.get_config())
    assert rebuilt.get_config() == kt_layer.get_config()

    if isinstance(inputs, (list, tuple)):
        shapes = [_symbolic_shape(x.shape) for x in inputs]
        keras_symbolic = keras_layer([keras.Input(batch_shape=s) for s in shapes])
        kt_symbolic = kt_layer([kerastorch.Input(batch_shape=s) for s in shapes])
    else:
        shapes = _symbolic_shape(inputs.shape)
        keras_symbolic = keras_layer(keras.Input(batch_shape=shapes))
        kt_symbolic = kt_layer(kerastorch.Input(batch_shape=shapes))
    assert tuple(kt_symbolic.shape) == tuple(keras_symbolic.shape)
    assert tuple(kt_layer.compute_output_shape(shapes)) == tuple(
        keras_layer.compute_output_shape(shapes))
    return keras_layer, kt_layer


def assert_raises_like_keras(keras_fn, kt_fn, *fragments):
    """Asserts both calls raise the same exception type; kerastorch's message holds `fragments`.

    Returns:
        The `(keras_error, kerastorch_error)` pair.
    """
    try:
        keras_fn()
    except Exception as error:  # noqa: BLE001 - the type is what is compared
        keras_error = error
    else:
        raise AssertionError("Keras raised no error")
    try:
        kt_fn()
    except Exception as error:  # noqa: BLE001
        kt_error = error
    else:
        raise AssertionError(f"kerastorch raised no error; Keras raised {keras_error!r}")
    assert type(kt_error) is type(keras_error), (keras_error, kt_error)
    for fragment in fragments:
        assert fragment in str(kt_error), (fragment, str(kt_error))
    return keras_error, kt_error


def assert_fit_matches_keras(build, x, y, epochs=2, batch_size=4):
    """Trains `build(lib)` in both libraries (same initial weights, SGD, MSE) and compares.

    Args:
        build: `build(lib) -> model`, written once for `keras` and `kerastorch`.
        x: Inputs (an array or a list of arrays).
        y: Targets.
        epochs: Epochs of `fit` (no shuffling).
        batch_size: Batch size of `fit`.
    """
    keras_model, kt_model = build(keras), build(kerastorch)
    copy_weights(keras_model, kt_model)
    for lib, model in ((keras, keras_model), (kerastorch, kt_model)):
        model.compile(optimizer=lib.optimizers.SGD(learning_rate=0.1), loss="mse")
    expected = keras_model.fit(x, y, epochs=epochs, batch_size=batch_size, shuffle=False,
                               verbose=0)
    received = kt_model.fit(x, y, epochs=epochs, batch_size=batch_size, shuffle=False,
                            verbose=0)
    np.testing.assert_allclose(received.history["loss"], expected.history["loss"], rtol=1e-5,
                               atol=1e-6)
    assert_same_weights(keras_model, kt_model, rtol=1e-5, atol=1e-6)

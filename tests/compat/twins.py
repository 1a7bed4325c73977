"""Building the same model in Keras and in kerastorch, with the same weights."""

import numpy as np

import kerastorch


def copy_weights(source_model, target_model):
    """Copies Keras weights into the kerastorch model (same order, same layout)."""
    target_model.set_weights(source_model.get_weights())


def assert_same_weights(keras_model, kt_model, rtol=1e-5, atol=1e-6):
    """Asserts both models hold the same weight values, shapes and order."""
    expected = keras_model.get_weights()
    received = kt_model.get_weights()
    assert [w.shape for w in expected] == [w.shape for w in received]
    for e, r in zip(expected, received):
        np.testing.assert_allclose(r, e, rtol=rtol, atol=atol)


def mlp_pair(keras, hidden=16, classes=3, input_dim=8, hidden_activation="sigmoid",
             output_activation="softmax"):
    """An MLP in both libraries with identical weights (Keras's initial ones)."""

    def build(lib):
        return lib.Sequential([
            lib.Input(shape=(input_dim,)),
            lib.layers.Dense(hidden, activation=hidden_activation),
            lib.layers.Dense(classes, activation=output_activation),
        ])

    keras_model = build(keras)
    kt_model = build(kerastorch)
    copy_weights(keras_model, kt_model)
    return keras_model, kt_model


def classification_data(samples=96, input_dim=8, classes=3, seed=0):
    """Random float32 inputs and integer labels."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(samples, input_dim)).astype("float32")
    y = rng.integers(0, classes, size=(samples,))
    return x, y

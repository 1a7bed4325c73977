"""Mask propagation against real Keras: masks reach layers, losses and metrics alike.

The mask-making layer is written once per library (the same few lines), so
these tests do not depend on any particular built-in masking layer.
"""

import keras
import numpy as np
import pytest
import torch

import kerastorch

RNG = np.random.default_rng(0)


def zero_step_masker(lib, to_bool):
    """A layer masking the time steps whose features are all zero (like `Masking`)."""

    class ZeroStepMasker(lib.layers.Layer):
        def call(self, inputs):
            return inputs

        def compute_mask(self, inputs, previous_mask=None):
            return to_bool(inputs)

    return ZeroStepMasker()


def keras_mask_of(x):
    return keras.ops.any(keras.ops.not_equal(x, 0), axis=-1)


def torch_mask_of(x):
    return (x != 0).any(dim=-1)


def keras_masked_mean(inputs, mask):
    weights = keras.ops.cast(mask, inputs.dtype)[..., None]
    return keras.ops.sum(inputs * weights, axis=1) / keras.ops.sum(weights, axis=1)


def torch_masked_mean(inputs, mask):
    weights = mask.to(inputs.dtype)[..., None]
    return (inputs * weights).sum(dim=1) / weights.sum(dim=1)


def masked_mean_layer(lib, masked_mean):
    """A layer averaging its input over time steps, weighted by its (required) mask."""

    class MaskedMean(lib.layers.Layer):
        def call(self, inputs, mask=None):
            assert mask is not None, "the mask did not reach the layer"
            return masked_mean(inputs, mask)

        def compute_output_shape(self, input_shape):
            return (input_shape[0], input_shape[2])

    return MaskedMean()


def padded_sequences(batch=6, steps=5, features=3):
    x = RNG.normal(size=(batch, steps, features)).astype("float32")
    for i in range(batch):
        x[i, steps - (i % 3):] = 0.0  # right padding of 0, 1 or 2 steps
    return x


def build(lib, to_bool, masked_mean):
    inputs = lib.Input((5, 3))
    masked = zero_step_masker(lib, to_bool)(inputs)
    hidden = lib.layers.Dense(4, activation="tanh")(masked)
    outputs = masked_mean_layer(lib, masked_mean)(hidden)
    return lib.Model(inputs, outputs)


def test_symbolic_mask_has_keras_shape_and_dtype():
    keras_mask = zero_step_masker(keras, keras_mask_of)(keras.Input((5, 3)))._keras_mask
    kt_mask = zero_step_masker(kerastorch, torch_mask_of)(kerastorch.Input((5, 3)))._keras_mask
    assert kt_mask.shape == keras_mask.shape
    assert kt_mask.dtype == keras_mask.dtype


def test_mask_passes_through_dense_to_the_consumer_as_in_keras():
    keras_model = build(keras, keras_mask_of, keras_masked_mean)
    kt_model = build(kerastorch, torch_mask_of, torch_masked_mean)
    kt_model.set_weights(keras_model.get_weights())
    x = padded_sequences()
    expected = keras.ops.convert_to_numpy(keras_model(x))
    received = kt_model(torch.from_numpy(x)).detach().numpy()
    np.testing.assert_allclose(received, expected, rtol=1e-5, atol=1e-6)
    hidden = kt_model.layers[2](torch.from_numpy(x))
    unmasked = hidden.mean(dim=1).detach().numpy()
    assert not np.allclose(unmasked, expected)


def sequence_model(lib, to_bool):
    inputs = lib.Input((5, 3))
    masked = zero_step_masker(lib, to_bool)(inputs)
    outputs = lib.layers.Dense(2)(masked)
    return lib.Model(inputs, outputs)


@pytest.mark.parametrize("metric", ["mae", "mse"])
def test_fit_masks_padded_steps_out_of_loss_and_metrics_as_keras(metric):
    keras_model = sequence_model(keras, keras_mask_of)
    kt_model = sequence_model(kerastorch, torch_mask_of)
    kt_model.set_weights(keras_model.get_weights())
    x = padded_sequences(batch=12)
    y = RNG.normal(size=(12, 5, 2)).astype("float32")
    for lib, model in ((keras, keras_model), (kerastorch, kt_model)):
        model.compile(optimizer=lib.optimizers.SGD(0.1), loss="mse", metrics=[metric])
    expected = keras_model.fit(x, y, batch_size=4, epochs=2, shuffle=False, verbose=0)
    received = kt_model.fit(x, y, batch_size=4, epochs=2, shuffle=False, verbose=0)
    for key in expected.history:
        np.testing.assert_allclose(received.history[key], expected.history[key],
                                   rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(kt_model.evaluate(x, y, verbose=0),
                               keras_model.evaluate(x, y, verbose=0), rtol=1e-5, atol=1e-6)


def test_layer_without_masking_support_warns_and_drops_the_mask():
    class NoMasking(kerastorch.layers.Layer):
        def call(self, inputs):
            return inputs * 2

    x = torch.from_numpy(padded_sequences())
    masked = zero_step_masker(kerastorch, torch_mask_of)(x)
    assert masked._keras_mask is not None
    with pytest.warns(UserWarning, match="does not support masking"):
        out = NoMasking()(masked)
    assert getattr(out, "_keras_mask", None) is None

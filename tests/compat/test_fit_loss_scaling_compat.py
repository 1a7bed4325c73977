"""Loss scaling in `fit` (loss_scale_factor, LossScaleOptimizer) against real Keras."""

import keras
import numpy as np
import pytest

import kerastorch
from tests.compat.twins import classification_data, mlp_pair

OPTIMIZERS = [
    ("SGD", {"learning_rate": 0.1, "loss_scale_factor": 8.0}),
    ("Adam", {"learning_rate": 0.01, "loss_scale_factor": 0.5}),
    ("LossScaleOptimizer", {"initial_scale": 64.0}),
]


def make_optimizer(lib, name, kwargs):
    if name == "LossScaleOptimizer":
        return lib.optimizers.LossScaleOptimizer(lib.optimizers.SGD(0.1), **kwargs)
    return getattr(lib.optimizers, name)(**kwargs)


@pytest.mark.parametrize("name, kwargs", OPTIMIZERS, ids=[n for n, _ in OPTIMIZERS])
def test_fit_with_loss_scaling_matches_keras(name, kwargs):
    keras_model, kt_model = mlp_pair(keras)
    x, y = classification_data()
    for lib, model in ((keras, keras_model), (kerastorch, kt_model)):
        model.compile(optimizer=make_optimizer(lib, name, kwargs),
                      loss="sparse_categorical_crossentropy")
    expected = keras_model.fit(x, y, batch_size=16, epochs=2, shuffle=False, verbose=0)
    received = kt_model.fit(x, y, batch_size=16, epochs=2, shuffle=False, verbose=0)
    np.testing.assert_allclose(received.history["loss"], expected.history["loss"], rtol=1e-5)
    for e, r in zip(keras_model.get_weights(), kt_model.get_weights()):
        np.testing.assert_allclose(r, e, rtol=1e-5, atol=1e-6)

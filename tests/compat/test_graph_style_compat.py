"""The lecture's graph-style model (ops on `keras.Input`) against real Keras."""

import keras
import numpy as np

import kerastorch


def build(lib, kernel, bias):
    x = lib.Input((6,))
    W = lib.Variable(kernel)
    b = lib.Variable(bias)
    h = lib.ops.relu(lib.ops.matmul(x, W) + b)
    return lib.Model(x, lib.ops.sum(h * 2.0, axis=-1, keepdims=True))


def test_graph_of_ops_predicts_and_summarizes_like_keras(capsys):
    rng = np.random.default_rng(0)
    kernel = rng.uniform(-1, 1, size=(6, 4)).astype("float32")
    bias = rng.normal(size=(4,)).astype("float32")
    keras.backend.clear_session()
    kerastorch.backend.clear_session()
    keras_model, kt_model = build(keras, kernel, bias), build(kerastorch, kernel, bias)
    data = rng.normal(size=(5, 6)).astype("float32")
    np.testing.assert_allclose(kt_model.predict(data, verbose=0),
                               keras_model.predict(data, verbose=0), rtol=1e-6)
    keras_model.summary()
    keras_text = capsys.readouterr().out
    kt_model.summary()
    assert capsys.readouterr().out == keras_text
    assert [type(layer).__name__ for layer in kt_model.layers] == \
        [type(layer).__name__ for layer in keras_model.layers]

"""Small trained models shared by the saving tests."""

import numpy as np
import pytest

import kerastorch


def make_mlp(hidden=8, dropout=False):
    """An MLP with Dense, BatchNormalization (and optionally Dropout) layers."""
    layers = [kerastorch.Input(shape=(4,)), kerastorch.layers.Dense(hidden, activation="relu"),
              kerastorch.layers.BatchNormalization()]
    if dropout:
        layers.append(kerastorch.layers.Dropout(0.5))
    layers.append(kerastorch.layers.Dense(3, activation="softmax"))
    return kerastorch.Sequential(layers)


@pytest.fixture
def data():
    rng = np.random.default_rng(0)
    return rng.normal(size=(32, 4)).astype("float32"), rng.integers(0, 3, size=(32,))


@pytest.fixture
def trained_mlp(data):
    """A compiled MLP after one epoch of Adam (its optimizer has state)."""
    model = make_mlp()
    model.compile(optimizer=kerastorch.optimizers.Adam(learning_rate=0.01),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(*data, batch_size=8, epochs=1, shuffle=False, verbose=0)
    return model

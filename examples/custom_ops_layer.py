"""A custom layer written with `keras.ops` only, trained with `fit`.

The layer below is a gated linear unit, `(x @ W + b) * sigmoid(x @ V + c)`,
written the Keras 3 way: weights from `add_weight`, the computation from
`keras.ops`, nothing backend-specific, so the same class runs on Keras and on
kerastorch. It learns a noisy non-linear regression made on the spot.

Run it with `python examples/custom_ops_layer.py`.
"""

import numpy as np

import kerastorch as keras
from kerastorch import ops


class GatedLinearUnit(keras.layers.Layer):
    """`(x @ W + b) * sigmoid(x @ V + c)`, written with `keras.ops`."""

    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units

    def build(self, input_shape):
        features = input_shape[-1]
        self.w = self.add_weight(shape=(features, self.units), name="w")
        self.b = self.add_weight(shape=(self.units,), initializer="zeros", name="b")
        self.v = self.add_weight(shape=(features, self.units), name="v")
        self.c = self.add_weight(shape=(self.units,), initializer="zeros", name="c")

    def call(self, inputs):
        linear = ops.add(ops.matmul(inputs, self.w), self.b)
        gate = ops.sigmoid(ops.add(ops.matmul(inputs, self.v), self.c))
        return ops.multiply(linear, gate)

    def get_config(self):
        return {**super().get_config(), "units": self.units}


def make_data(samples=2048, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.uniform(-2, 2, size=(samples, 4)).astype("float32")
    y = (np.sin(x[:, :1]) * x[:, 1:2] + 0.5 * x[:, 2:3] ** 2 - x[:, 3:]).astype("float32")
    return x, y + rng.normal(scale=0.05, size=y.shape).astype("float32")


def main(epochs=30):
    x, y = make_data()
    model = keras.Sequential([
        keras.Input((4,)),
        GatedLinearUnit(32),
        GatedLinearUnit(32),
        keras.layers.Dense(1),
    ])
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="mse")
    history = model.fit(x, y, batch_size=64, epochs=epochs, validation_split=0.2, verbose=2)
    model.summary()
    return history


if __name__ == "__main__":
    main()

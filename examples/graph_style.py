"""Building a model "the graph way": ops on symbolic inputs, then run it.

This is the lecture's first example, unchanged but for the import. With
`keras.Input` the ops below compute nothing: they build a graph (each op is a
node, as in Keras), `keras.Model` wraps it (the "session"), and `predict`
runs it on data.

Run it with `python examples/graph_style.py`.
"""

import numpy as np

import kerastorch as keras


def main():
    x = keras.Input((784,))
    W = keras.Variable(keras.random.uniform((784, 100), -1, 1))
    b = keras.Variable(keras.ops.zeros((100,)))
    h = keras.ops.relu(keras.ops.matmul(x, W) + b)     # a graph, not a number
    model = keras.Model(x, h)                            # the "session"
    outputs = model.predict(np.random.random((64, 784)))  # "run"
    model.summary()
    print("outputs:", outputs.shape, outputs.dtype)
    return model, outputs


if __name__ == "__main__":
    main()

"""The first Keras tutorial, unchanged but for the import: an MNIST MLP.

Run it with `python examples/mnist_mlp.py`. It downloads MNIST into Keras's
cache (`~/.keras/datasets/mnist.npz`, reused if Keras already put it there).
Without network access it says so and trains on the 5,000-digit sample that
ships with kerastorch instead; as that sample is 15 times smaller, it then
trains for 30 epochs instead of 5 (still 2.5 times fewer steps than the full
run) to reach the same >= 90 % test accuracy.
"""

from mnist_data import load_mnist

import kerastorch as keras


def main():
    ((x_train, y_train), (x_test, y_test)), epochs = load_mnist(epochs=5, sample_epochs=30)
    x_train = x_train.reshape(-1, 784).astype("float32") / 255
    model = keras.Sequential([
        keras.Input(shape=(784,)),
        keras.layers.Dense(128, activation="sigmoid"),
        keras.layers.Dense(10, activation="softmax"),
    ])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    history = model.fit(x_train, y_train, batch_size=32, epochs=epochs, validation_split=0.2)
    test_loss, test_accuracy = model.evaluate(x_test.reshape(-1, 784) / 255, y_test)
    model.summary()
    print(f"Test accuracy: {test_accuracy:.4f}")
    return history, test_accuracy


if __name__ == "__main__":
    main()

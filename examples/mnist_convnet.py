"""Simple MNIST convnet: the keras.io example, unchanged but for the import.

The keras.io example "Simple MNIST convnet" (fchollet,
https://keras.io/examples/vision/mnist_convnet/): two Conv2D + MaxPooling2D
blocks, Dropout, a softmax classifier; ~99 % test accuracy on full MNIST.

Run it with `python examples/mnist_convnet.py`. It downloads MNIST into
Keras's cache (`~/.keras/datasets/mnist.npz`, reused if Keras already put it
there). Without network access it says so and trains on the 5,000-digit
sample that ships with kerastorch instead, for the same 15 epochs (15 times
fewer steps), which reaches about 95 % test accuracy.
"""

import numpy as np
from mnist_data import load_mnist

import kerastorch as keras
from kerastorch import layers


def main():
    # Model / data parameters
    num_classes = 10
    input_shape = (28, 28, 1)

    # Load the data and split it between train and test sets
    ((x_train, y_train), (x_test, y_test)), epochs = load_mnist(epochs=15, sample_epochs=15)

    # Scale images to the [0, 1] range
    x_train = x_train.astype("float32") / 255
    x_test = x_test.astype("float32") / 255
    # Make sure images have shape (28, 28, 1)
    x_train = np.expand_dims(x_train, -1)
    x_test = np.expand_dims(x_test, -1)
    print("x_train shape:", x_train.shape)
    print(x_train.shape[0], "train samples")
    print(x_test.shape[0], "test samples")

    # convert class vectors to binary class matrices
    y_train = keras.utils.to_categorical(y_train, num_classes)
    y_test = keras.utils.to_categorical(y_test, num_classes)

    model = keras.Sequential(
        [
            keras.Input(shape=input_shape),
            layers.Conv2D(32, kernel_size=(3, 3), activation="relu"),
            layers.MaxPooling2D(pool_size=(2, 2)),
            layers.Conv2D(64, kernel_size=(3, 3), activation="relu"),
            layers.MaxPooling2D(pool_size=(2, 2)),
            layers.Flatten(),
            layers.Dropout(0.5),
            layers.Dense(num_classes, activation="softmax"),
        ]
    )

    model.summary()

    batch_size = 128

    model.compile(loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"])

    history = model.fit(x_train, y_train, batch_size=batch_size, epochs=epochs,
                        validation_split=0.1)

    score = model.evaluate(x_test, y_test, verbose=0)
    print("Test loss:", score[0])
    print("Test accuracy:", score[1])
    return history, score


if __name__ == "__main__":
    main()

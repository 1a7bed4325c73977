"""MNIST for the examples: the full dataset when it loads, else the sample shipped with kerastorch.

The examples are the Keras tutorials unchanged but for the import; this is
the one thing they add, so that they also run without network access.
"""

import kerastorch as keras


def load_mnist(epochs: int, sample_epochs: int):
    """Loads MNIST and the number of epochs to train on it.

    Full MNIST comes from Keras's cache (`~/.keras/datasets/mnist.npz`) or its
    URL. Without network access (and no cached file) this says so and falls
    back to the 5,000-digit sample shipped with kerastorch, which needs more
    epochs to reach a comparable accuracy.

    Args:
        epochs: Epochs to train on the full dataset (the tutorial's value).
        sample_epochs: Epochs to train on the embedded sample instead.

    Returns:
        `((x_train, y_train), (x_test, y_test)), epochs`.

    Example:

    ```python
    ((x_train, y_train), (x_test, y_test)), epochs = load_mnist(5, 30)
    ```
    """
    try:
        return keras.datasets.mnist.load_data(), epochs
    except Exception as error:  # no network, no cached file
        print(f"Could not load the full MNIST dataset ({error}).")
        print("Falling back to the 5,000-digit MNIST sample shipped with kerastorch "
              f"(training {sample_epochs} epochs on it).")
        return keras.datasets.mnist.load_sample_data(), sample_epochs

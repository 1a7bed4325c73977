"""MNIST handwritten digits: Keras's download, and a 5,000-digit sample shipped with kerastorch."""

import os

import numpy as np

from kerastorch.api_export import keras_export
from kerastorch.utils.file_utils import get_file

_ORIGIN = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz"
_SHA256 = "731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1"
_SAMPLE_PATH = os.path.join(os.path.dirname(__file__), "data", "mnist_5k.npz")


def _load_npz(path: str):
    with np.load(path, allow_pickle=False) as f:
        return (f["x_train"], f["y_train"]), (f["x_test"], f["y_test"])


@keras_export("keras.datasets.mnist.load_data")
def load_data(path: str = "mnist.npz"):
    """Loads the MNIST dataset: 60,000 training and 10,000 test 28x28 digits.

    Downloads Keras's `mnist.npz` once into Keras's cache
    (`~/.keras/datasets/`, or `$KERAS_HOME/datasets/`) and checks its sha256,
    so a file Keras already downloaded is reused. Without network access,
    place `mnist.npz` at that path yourself, or use `load_sample_data()`.

    Args:
        path: File name of the dataset in the cache folder.

    Returns:
        `(x_train, y_train), (x_test, y_test)`: `uint8` NumPy arrays of shapes
        `(60000, 28, 28)`, `(60000,)`, `(10000, 28, 28)`, `(10000,)`; pixel
        values 0-255, labels 0-9.

    Example:

    ```python
    (x_train, y_train), (x_test, y_test) = kerastorch.datasets.mnist.load_data()
    assert x_train.shape == (60000, 28, 28)
    ```

    License: MNIST (Yann LeCun and Corinna Cortes, a derivative of NIST's
    datasets) is available under the Creative Commons Attribution-Share Alike
    3.0 license.
    """
    return _load_npz(get_file(fname=path, origin=_ORIGIN, file_hash=_SHA256))


def load_sample_data():
    """Loads the 5,000-digit MNIST sample shipped with kerastorch; needs no download.

    500 digits per class, shuffled with a fixed seed, with the keys, dtypes
    and image shape of `load_data()`. For tests and offline examples; see
    `kerastorch/datasets/data/README.txt` for its source and license.

    Returns:
        `(x_train, y_train), (x_test, y_test)`: `uint8` NumPy arrays of shapes
        `(4000, 28, 28)`, `(4000,)`, `(1000, 28, 28)`, `(1000,)`.

    Example:

    >>> (x_train, y_train), (x_test, y_test) = load_sample_data()
    >>> x_train.shape, y_test.shape
    ((4000, 28, 28), (1000,))
    """
    return _load_npz(_SAMPLE_PATH)

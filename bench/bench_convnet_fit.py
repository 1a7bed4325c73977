"""Times `fit` on the keras.io MNIST convnet: kerastorch vs a plain PyTorch loop vs Keras 3 on torch.

The model is examples/mnist_convnet.py's (the keras.io "Simple MNIST convnet"):
Conv2D(32, 3, relu) -> MaxPooling2D(2) -> Conv2D(64, 3, relu) ->
MaxPooling2D(2) -> Flatten -> Dropout(0.5) -> Dense(10, softmax); Adam,
categorical crossentropy on one-hot labels, accuracy, batch 128; on synthetic
28x28x1 images (no download). The harness is bench_mlp_fit.py's: the three
contenders run in this one process, alternating, and the figure is the median
epoch time (and µs per step).

The plain loop is what a PyTorch user writes: `torch.nn` layers on NCHW
images, integer labels, the same clipped crossentropy and Adam (epsilon 1e-7)
as Keras, running loss and accuracy kept on the device.

Usage:
    python bench/bench_convnet_fit.py [--batch-sizes 128] [--repeats 3]
        [--samples 6400] [--threads N] [--skip-keras] [--json PATH]
"""

import sys

import numpy as np
import torch
from bench_mlp_fit import KerasLike, PlainTorch
from bench_mlp_fit import main as bench_main


def make_images(samples, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.random((samples, 28, 28, 1), dtype=np.float32)
    y = rng.integers(0, 10, size=(samples,))
    return x, y


class PlainTorchConvnet(PlainTorch):
    """The convnet as `torch.nn` modules, on NCHW images."""

    def build_model(self):
        return torch.nn.Sequential(
            torch.nn.Conv2d(1, 32, 3), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
            torch.nn.Conv2d(32, 64, 3), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
            torch.nn.Flatten(), torch.nn.Dropout(0.5), torch.nn.Linear(1600, 10),
            torch.nn.Softmax(dim=-1))


class KerasConvnet(KerasLike):
    """The keras.io convnet and its `fit` call, in kerastorch or Keras 3."""

    loss = "categorical_crossentropy"

    def build_model(self, library):
        layers = library.layers
        return library.Sequential([
            library.Input(shape=(28, 28, 1)),
            layers.Conv2D(32, kernel_size=(3, 3), activation="relu"),
            layers.MaxPooling2D(pool_size=(2, 2)),
            layers.Conv2D(64, kernel_size=(3, 3), activation="relu"),
            layers.MaxPooling2D(pool_size=(2, 2)),
            layers.Flatten(),
            layers.Dropout(0.5),
            layers.Dense(10, activation="softmax"),
        ])


def make_contenders(batch_size, samples, skip_keras, device):
    import kerastorch

    x, y = make_images(samples)
    one_hot = np.eye(10, dtype=np.float32)[y]
    contenders = [
        PlainTorchConvnet(np.ascontiguousarray(x.transpose(0, 3, 1, 2)), y, batch_size, device),
        KerasConvnet(kerastorch, "kerastorch", x, one_hot, batch_size),
    ]
    if not skip_keras:
        import keras

        contenders.append(KerasConvnet(keras, "keras 3 (torch)", x, one_hot, batch_size))
    return contenders


if __name__ == "__main__":
    sys.exit(bench_main(doc=__doc__, contenders=make_contenders, batch_sizes=(128,),
                        samples=6400) and 0)

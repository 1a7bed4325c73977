"""Times `fit` on an LSTM text classifier: kerastorch vs a plain PyTorch loop vs Keras 3 on torch.

The model is keras.io's text classifier shape: Embedding(10000, 64) ->
LSTM(64) -> Dense(1, sigmoid); Adam, binary crossentropy, accuracy, batch 64,
on synthetic sequences of 80 token ids (no download, no padding, no mask, so
the three contenders compute the same thing). The harness is
bench_mlp_fit.py's: the contenders run in this one process, alternating, and
the figure is the median epoch time (and µs per step).

The plain loop is what a PyTorch user writes: `nn.Embedding`, `nn.LSTM`
(batch first) and `nn.Linear` + sigmoid, the same clipped binary
crossentropy and Adam (epsilon 1e-7) as Keras, running loss and accuracy on
the device.

Usage:
    python bench/bench_lstm_fit.py [--batch-sizes 64] [--repeats 3]
        [--samples 6400] [--threads N] [--skip-keras] [--json PATH]
"""

import sys

import numpy as np
import torch
from bench_mlp_fit import KerasLike, PlainTorch
from bench_mlp_fit import main as bench_main

VOCABULARY, STEPS, WIDTH = 10000, 80, 64


def make_sequences(samples, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.integers(1, VOCABULARY, size=(samples, STEPS)).astype(np.int64)
    y = rng.integers(0, 2, size=(samples,))
    return x, y


class LSTMClassifier(torch.nn.Module):
    """Embedding -> LSTM -> Linear -> sigmoid, returning `[1 - p, p]`.

    The two columns let `PlainTorch`'s loop (clipped probabilities, the
    label's column, log) compute the binary crossentropy and the accuracy
    (`p > 0.5`) Keras computes.
    """

    def __init__(self):
        super().__init__()
        self.embedding = torch.nn.Embedding(VOCABULARY, WIDTH)
        self.lstm = torch.nn.LSTM(WIDTH, WIDTH, batch_first=True)
        self.dense = torch.nn.Linear(WIDTH, 1)

    def forward(self, tokens):
        outputs, _ = self.lstm(self.embedding(tokens))
        p = torch.sigmoid(self.dense(outputs[:, -1]))
        return torch.cat([1 - p, p], dim=1)


class PlainTorchLSTM(PlainTorch):
    """The classifier as `torch.nn` modules."""

    def build_model(self):
        return LSTMClassifier()


class KerasLSTM(KerasLike):
    """The classifier and its `fit` call, in kerastorch or Keras 3."""

    loss = "binary_crossentropy"

    def build_model(self, library):
        layers = library.layers
        return library.Sequential([
            library.Input(shape=(STEPS,), dtype="int32"),
            layers.Embedding(VOCABULARY, WIDTH),
            layers.LSTM(WIDTH),
            layers.Dense(1, activation="sigmoid"),
        ])


def make_contenders(batch_size, samples, skip_keras, device):
    import kerastorch

    x, y = make_sequences(samples)
    targets = y.astype(np.float32)[:, None]
    contenders = [PlainTorchLSTM(x, y, batch_size, device),
                  KerasLSTM(kerastorch, "kerastorch", x.astype(np.int32), targets, batch_size)]
    if not skip_keras:
        import keras

        contenders.append(
            KerasLSTM(keras, "keras 3 (torch)", x.astype(np.int32), targets, batch_size))
    return contenders


if __name__ == "__main__":
    sys.exit(bench_main(doc=__doc__, contenders=make_contenders, batch_sizes=(64,),
                        samples=6400) and 0)

"""Times `fit` on the MNIST MLP: kerastorch vs a plain PyTorch loop vs Keras 3 on torch.

The model is the first tutorial's: Dense(128, sigmoid) -> Dense(10, softmax),
Adam, sparse categorical crossentropy, accuracy, on MNIST-sized data (48,000
samples of 784 floats, synthetic so no download is needed). All three run in
this one process, on the same device, one after the other, alternating for
each repeat; the figure is the median epoch time.

The plain loop does the same maths as Keras (softmax, probabilities clipped
to [1e-7, 1 - 1e-7], log, mean; Adam with epsilon 1e-7) and keeps the running
loss and accuracy on the device, as a careful hand-written loop would.

Usage:
    python bench/bench_mlp_fit.py [--batch-sizes 32 256] [--repeats 3]
        [--samples 48000] [--threads N] [--skip-keras] [--json PATH]
"""

import argparse
import json
import os
import statistics
import sys
import time

os.environ.setdefault("KERAS_BACKEND", "torch")

import numpy as np  # noqa: E402
import torch  # noqa: E402


def make_data(samples, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.random((samples, 784), dtype=np.float32)
    y = rng.integers(0, 10, size=(samples,))
    return x, y


def sync(device):
    if device.type == "cuda":
        torch.cuda.synchronize()


class PlainTorch:
    """The hand-written loop a PyTorch user would write for the same model."""

    name = "plain torch"

    def __init__(self, x, y, batch_size, device):
        self.device = device
        self.x = torch.from_numpy(x).to(device)
        self.y = torch.from_numpy(y).to(device)
        self.batch_size = batch_size
        self.model = self.build_model().to(device)
        self.optimizer = torch.optim.Adam(self.model.parameters(), lr=1e-3, eps=1e-7)

    def build_model(self):
        return torch.nn.Sequential(
            torch.nn.Linear(784, 128), torch.nn.Sigmoid(), torch.nn.Linear(128, 10),
            torch.nn.Softmax(dim=-1))

    def epoch(self):
        n = self.x.shape[0]
        order = torch.randperm(n, device=self.device)
        loss_sum = torch.zeros((), device=self.device)
        correct = torch.zeros((), device=self.device)
        for start in range(0, n, self.batch_size):
            index = order[start:start + self.batch_size]
            xb, yb = self.x.index_select(0, index), self.y.index_select(0, index)
            probs = self.model(xb)
            picked = probs.clamp(1e-7, 1 - 1e-7).gather(1, yb[:, None]).squeeze(1)
            loss = -picked.log().mean()
            self.optimizer.zero_grad(set_to_none=True)
            loss.backward()
            self.optimizer.step()
            with torch.no_grad():
                loss_sum += loss.detach() * yb.shape[0]
                correct += (probs.argmax(1) == yb).sum()
        return float(loss_sum / n), float(correct / n)


class KerasLike:
    """kerastorch or Keras 3: the tutorial's model and `fit` call."""

    loss = "sparse_categorical_crossentropy"

    def __init__(self, library, name, x, y, batch_size):
        self.name = name
        self.x, self.y, self.batch_size = x, y, batch_size
        self.model = self.build_model(library)
        self.model.compile(optimizer="adam", loss=self.loss, metrics=["accuracy"])

    def build_model(self, library):
        return library.Sequential([
            library.Input(shape=(784,)),
            library.layers.Dense(128, activation="sigmoid"),
            library.layers.Dense(10, activation="softmax"),
        ])

    def epoch(self):
        history = self.model.fit(self.x, self.y, batch_size=self.batch_size, epochs=1,
                                 verbose=0)
        return history.history["loss"][-1], history.history["accuracy"][-1]


def make_contenders(batch_size, samples, skip_keras, device):
    import kerastorch

    x, y = make_data(samples)
    contenders = [PlainTorch(x, y, batch_size, device),
                  KerasLike(kerastorch, "kerastorch", x, y, batch_size)]
    if not skip_keras:
        import keras

        contenders.append(KerasLike(keras, "keras 3 (torch)", x, y, batch_size))
    return contenders


def time_epochs(contenders, repeats, device):
    """Median epoch time of each contender (a warm-up epoch, then alternating repeats)."""
    times = {c.name: [] for c in contenders}
    for contender in contenders:  # warm-up epoch (allocations, lazy builds)
        contender.epoch()
    for _ in range(repeats):
        for contender in contenders:
            sync(device)
            start = time.perf_counter()
            contender.epoch()
            sync(device)
            times[contender.name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in times.items()}


def main(argv=None, doc=__doc__, contenders=make_contenders, batch_sizes=(32, 256),
         samples=48000):
    """Parses the command line, times each batch size, prints (and saves) the figures.

    Args:
        argv: Command-line arguments (default: `sys.argv[1:]`).
        doc: The benchmark's docstring (its first line describes it).
        contenders: `contenders(batch_size, samples, skip_keras, device)`
            returns the objects to time (`name`, `epoch()`), plain torch first.
        batch_sizes: Default batch sizes.
        samples: Default number of samples.

    Returns:
        `{batch_size: {name: median epoch seconds}}`.
    """
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--batch-sizes", type=int, nargs="+", default=list(batch_sizes))
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--samples", type=int, default=samples)
    parser.add_argument("--threads", type=int, default=None)
    parser.add_argument("--skip-keras", action="store_true")
    parser.add_argument("--json", default=None, help="also write the results here")
    args = parser.parse_args(argv)
    if args.threads:
        torch.set_num_threads(args.threads)
    from kerastorch.backend import get_device

    device = get_device()
    print(f"device={device} torch={torch.__version__} threads={torch.get_num_threads()} "
          f"samples={args.samples} repeats={args.repeats}")
    results = {}
    for batch_size in args.batch_sizes:
        medians = time_epochs(
            contenders(batch_size, args.samples, args.skip_keras, device), args.repeats, device)
        steps = -(-args.samples // batch_size)
        plain = medians["plain torch"]
        print(f"\nbatch {batch_size} ({steps} steps/epoch), median epoch time:")
        for name, seconds in medians.items():
            print(f"  {name:<16} {seconds:8.3f} s  {seconds / steps * 1e6:8.1f} us/step  "
                  f"{seconds / plain:5.2f}x plain torch")
        if "keras 3 (torch)" in medians:
            print(f"  kerastorch / keras 3: {medians['kerastorch'] / medians['keras 3 (torch)']:.2f}")
        results[batch_size] = medians
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"device": str(device), "results": results}, f, indent=2)
    return results


if __name__ == "__main__":
    sys.exit(main() and 0)

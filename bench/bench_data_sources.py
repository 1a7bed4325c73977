"""Times `fit` on the MNIST MLP fed by each kind of data source: arrays, DataLoader, PyDataset, generator.

The workload of `bench_mlp_fit.py` (whose helpers this imports): Dense(128,
sigmoid) -> Dense(10, softmax), Adam, sparse categorical crossentropy,
accuracy, on 48,000 synthetic MNIST-sized samples. One `fit` epoch of
kerastorch is timed for each source of the same data, in this one process,
alternating for each repeat (the figure is the median epoch time):

- in-memory arrays: `fit(x, y, batch_size=...)` (placed on the device once,
  shuffled each epoch),
- a torch `DataLoader` over a `TensorDataset` (`batch_size` set,
  `shuffle=True`, `num_workers=0`),
- a `keras.utils.PyDataset` whose `__getitem__` slices the numpy arrays
  (batches visited in a shuffled order by `fit`),
- a Python generator of numpy slices (in order; a new one each epoch).

The plain PyTorch loop of `bench_mlp_fit.py` is timed too, as the reference
the ratios are given against; `--keras` adds Keras 3 (torch backend) fed by
the same sources.

Usage:
    python bench/bench_data_sources.py [--batch-sizes 32 256] [--repeats 3]
        [--samples 48000] [--threads N] [--keras] [--json PATH]
"""

import math
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import torch
from bench_mlp_fit import KerasLike, PlainTorch, main, make_data


def array_source(library, x, y, batch_size):
    return (x, y), {"batch_size": batch_size}


def dataloader_source(library, x, y, batch_size):
    dataset = torch.utils.data.TensorDataset(torch.from_numpy(x), torch.from_numpy(y))
    loader = torch.utils.data.DataLoader(dataset, batch_size=batch_size, shuffle=True,
                                         num_workers=0)
    return (loader,), {}


def py_dataset_source(library, x, y, batch_size):
    class Batches(library.utils.PyDataset):
        def __len__(self):
            return math.ceil(len(x) / batch_size)

        def __getitem__(self, index):
            low = index * batch_size
            return x[low:low + batch_size], y[low:low + batch_size]

    return (Batches(),), {}


def generator_source(library, x, y, batch_size):
    def batches():
        for low in range(0, len(x), batch_size):
            yield x[low:low + batch_size], y[low:low + batch_size]

    return (batches(),), {}


SOURCES = {
    "arrays": array_source,
    "DataLoader": dataloader_source,
    "PyDataset": py_dataset_source,
    "generator": generator_source,
}


class SourceFit(KerasLike):
    """kerastorch (or Keras 3) `fit` for one epoch, fed by one kind of source."""

    def __init__(self, library, name, x, y, batch_size, source):
        super().__init__(library, name, x, y, batch_size)
        self.library = library
        self.source = source

    def epoch(self):
        args, kwargs = self.source(self.library, self.x, self.y, self.batch_size)
        history = self.model.fit(*args, epochs=1, verbose=0, **kwargs)
        return history.history["loss"][-1], history.history["accuracy"][-1]


def make_contenders(batch_size, samples, skip_keras, device):
    import kerastorch

    libraries = [("kerastorch", kerastorch)]
    if not skip_keras:
        import keras

        libraries.append(("keras 3", keras))
    x, y = make_data(samples)
    contenders = [PlainTorch(x, y, batch_size, device)]
    for library_name, library in libraries:
        for source_name, source in SOURCES.items():
            contenders.append(SourceFit(library, f"{library_name} {source_name}", x, y,
                                        batch_size, source))
    return contenders


if __name__ == "__main__":
    argv = sys.argv[1:]
    # Keras is opt-in here (`--keras`): its sources double the run time.
    argv = [a for a in argv if a != "--keras"] if "--keras" in argv else argv + ["--skip-keras"]
    sys.exit(main(argv, doc=__doc__, contenders=make_contenders) and 0)

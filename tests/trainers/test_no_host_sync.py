"""`fit` reads nothing off the device per step: host reads do not grow with the steps.

A host read is any way a tensor's values reach Python: `.item()`, `float()`,
`int()`, `bool()`, `.tolist()`, `.numpy()`, `.cpu()`, formatting, and, below
Python, the `aten::_local_scalar_dense` / `aten::is_nonzero` ops that every
scalar read dispatches to (caught with a `TorchDispatchMode`, so a read from
inside torch or from C++ counts too). With `verbose=0` and only the default
callbacks (`History`), the loop reads the metric totals once per epoch, never
per step: the counts for 10 and 50 steps per epoch must be equal.

On CUDA the same is checked by the device itself, under
`torch.cuda.set_sync_debug_mode("error")` around the steps.
"""

import collections

import numpy as np
import pytest
import torch
from torch.utils._python_dispatch import TorchDispatchMode

import kerastorch
from kerastorch.backend import device as device_module

# Ops through which any read of a tensor's value on the host goes.
HOST_READ_OPS = {
    torch.ops.aten._local_scalar_dense.default,
    torch.ops.aten.is_nonzero.default,
    torch.ops.aten.nonzero.default,
    torch.ops.aten.masked_select.default,
}
HOST_READ_METHODS = [
    "item", "tolist", "numpy", "cpu", "__float__", "__int__", "__bool__", "__index__",
    "__format__", "__array__",
]  # fmt: skip


class _HostReadOps(TorchDispatchMode):
    def __init__(self, counts):
        super().__init__()
        self.counts = counts

    def __torch_dispatch__(self, func, types, args=(), kwargs=None):
        if func in HOST_READ_OPS:
            self.counts[str(func)] += 1
        return func(*args, **(kwargs or {}))


class HostReads:
    """Context manager counting host reads of tensors, by kind."""

    def __init__(self, monkeypatch):
        self.counts = collections.Counter()
        self._monkeypatch = monkeypatch
        self._mode = _HostReadOps(self.counts)

    def __enter__(self):
        for name in HOST_READ_METHODS:
            original = getattr(torch.Tensor, name)

            def counting(tensor, *args, _original=original, _name=name, **kwargs):
                self.counts[_name] += 1
                return _original(tensor, *args, **kwargs)

            self._monkeypatch.setattr(torch.Tensor, name, counting)
        self._mode.__enter__()
        return self

    def __exit__(self, *exc):
        self._mode.__exit__(*exc)
        self._monkeypatch.undo()

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def _data(steps, batch_size=4, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(steps * batch_size, 8)).astype("float32")
    y = rng.integers(0, 3, size=(steps * batch_size,))
    return x, y


def _model(optimizer):
    kerastorch.utils.set_random_seed(0)
    model = kerastorch.Sequential([
        kerastorch.Input(shape=(8,)),
        kerastorch.layers.Dense(16, activation="relu"),
        kerastorch.layers.Dense(3, activation="softmax"),
    ])
    model.compile(optimizer=optimizer, loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    return model


FITS = {
    "plain": dict(shuffle=False),
    "shuffled": dict(shuffle=True),
    "validation_data": dict(shuffle=False, validation_data=_data(5, seed=1)),
    "validation_split": dict(shuffle=False, validation_split=0.2),
}


def _count_fit_reads(monkeypatch, steps, optimizer, fit_kwargs):
    model = _model(optimizer)
    x, y = _data(steps)
    if "validation_split" in fit_kwargs:  # keep `steps` training batches
        x, y = _data(steps * 5 // 4)
    with HostReads(monkeypatch) as reads:
        history = model.fit(x, y, batch_size=4, epochs=2, verbose=0, **fit_kwargs)
    assert history.params["steps"] == steps
    return reads.counts


@pytest.mark.parametrize("optimizer", ["sgd", "adam", "rmsprop"])
@pytest.mark.parametrize("fit", sorted(FITS))
def test_fit_host_reads_do_not_grow_with_steps(monkeypatch, optimizer, fit):
    few = _count_fit_reads(monkeypatch, 8, optimizer, FITS[fit])
    many = _count_fit_reads(monkeypatch, 40, optimizer, FITS[fit])
    assert many == few
    # The epoch-end logs (and validation results) are read: a handful per epoch.
    assert 0 < sum(few.values()) <= 40


def test_host_read_counter_sees_reads(monkeypatch):
    """The counter itself: a per-step `.item()` in a callback shows up per step."""

    class ReadsLoss(kerastorch.callbacks.Callback):
        def on_train_batch_end(self, batch, logs=None):
            logs["loss"]

    counts = []
    for steps in (8, 40):
        model = _model("sgd")
        x, y = _data(steps)
        with HostReads(monkeypatch) as reads:
            model.fit(x, y, batch_size=4, epochs=1, verbose=0, callbacks=[ReadsLoss()],
                      shuffle=False)
        counts.append(reads.total)
    assert counts[1] - counts[0] >= 32
    with HostReads(monkeypatch) as reads:
        torch.ones(3).sum().item()
        bool(torch.ones(()) > 0)
    assert reads.counts["item"] == 1 and reads.counts["__bool__"] == 1
    assert reads.counts["aten._local_scalar_dense.default"] >= 1


class _SyncErrorDuringSteps(kerastorch.callbacks.Callback):
    """Turns CUDA's sync check to "error" from the first step of each epoch (and
    of each validation pass) to the end of its last step. Outside stay the
    once-per-epoch parts: drawing the shuffle order, reading the epoch's logs."""

    def __init__(self, validation_steps):
        super().__init__()
        self.validation_steps = validation_steps
        self.checked_steps = 0

    def on_train_batch_begin(self, batch, logs=None):
        if batch == 0:
            torch.cuda.set_sync_debug_mode("error")

    def on_train_batch_end(self, batch, logs=None):
        self.checked_steps += 1
        if batch == self.params["steps"] - 1:
            torch.cuda.set_sync_debug_mode("default")

    def on_test_batch_begin(self, batch, logs=None):
        if batch == 0:
            torch.cuda.set_sync_debug_mode("error")

    def on_test_batch_end(self, batch, logs=None):
        self.checked_steps += 1
        if batch == self.validation_steps - 1:
            torch.cuda.set_sync_debug_mode("default")


# Validation batches of each fit of `test_fit_steps_do_not_sync_cuda` (48 samples).
VALIDATION_STEPS = {"plain": 0, "shuffled": 0, "validation_data": 5, "validation_split": 3}


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device")
@pytest.mark.parametrize("optimizer", ["sgd", "adam", "rmsprop"])
@pytest.mark.parametrize("fit", sorted(FITS))
def test_fit_steps_do_not_sync_cuda(monkeypatch, optimizer, fit):
    monkeypatch.setattr(device_module, "_DEVICE", torch.device("cuda"))
    model = _model(optimizer)
    x, y = _data(12)
    # One step first, so one-time work (building metrics and optimizer
    # state) is not inside the checked region.
    model.fit(x[:4], y[:4], batch_size=4, epochs=1, verbose=0)
    checker = _SyncErrorDuringSteps(VALIDATION_STEPS[fit])
    try:
        history = model.fit(x, y, batch_size=4, epochs=2, verbose=0, callbacks=[checker],
                            **FITS[fit])
    finally:
        torch.cuda.set_sync_debug_mode("default")
    assert len(history.epoch) == 2
    assert checker.checked_steps == 2 * (history.params["steps"] + VALIDATION_STEPS[fit])
    assert next(model.parameters()).device.type == "cuda"

"""A `fit` with `BackupAndRestore`, and a script that runs it and kills itself mid-epoch.

`python tests/callbacks/interrupted_fit.py BACKUP_DIR SAVE_FREQ KILL_AT` trains
`build_model(kerastorch)` on `data()` with `BackupAndRestore(BACKUP_DIR,
save_freq)` and sends itself SIGKILL when training batch number `KILL_AT`
(counted over the whole run, from 1) is about to start: no cleanup runs, as
when a machine goes down. The model has optimizer slots (Adam), a step-driven
learning rate schedule and non-trainable state (BatchNormalization), all of
which a resumed run must restore; it uses no randomness during training, so
an uninterrupted run is reproducible.
"""

import os
import signal
import sys

import numpy as np

FIT_KWARGS = {"batch_size": 8, "epochs": 4, "shuffle": False, "verbose": 0}
STEPS_PER_EPOCH = 5  # 40 samples, batches of 8


def data():
    """40 samples of 6 features, and regression targets."""
    rng = np.random.default_rng(0)
    x = rng.normal(size=(40, 6)).astype("float32")
    y = (x @ rng.normal(size=(6, 2))).astype("float32")
    return x, y


def build_model(lib, seed: int = 7, steps_per_execution: int = 1):
    """A compiled model of `lib` (`keras` or `kerastorch`), its weights drawn from `seed`."""
    lib.utils.set_random_seed(seed)
    model = lib.Sequential([
        lib.Input(shape=(6,)),
        lib.layers.Dense(8, activation="tanh"),
        lib.layers.BatchNormalization(),
        lib.layers.Dense(2),
    ])
    schedule = lib.optimizers.schedules.ExponentialDecay(0.05, decay_steps=3, decay_rate=0.8)
    model.compile(optimizer=lib.optimizers.Adam(learning_rate=schedule), loss="mse",
                  steps_per_execution=steps_per_execution)
    return model


def kill_at_batch(lib, batch_number: int):
    """A `lib` callback that SIGKILLs the process before training batch `batch_number` (1-based)."""

    class KillAtBatch(lib.callbacks.Callback):
        def __init__(self):
            super().__init__()
            self.batches = 0

        def on_train_batch_begin(self, batch, logs=None):
            self.batches += 1
            if self.batches == batch_number:
                os.kill(os.getpid(), signal.SIGKILL)

    return KillAtBatch()


def main(backup_dir: str, save_freq: str, kill_at: str) -> None:
    import kerastorch

    save_freq = save_freq if save_freq == "epoch" else int(save_freq)
    model = build_model(kerastorch)
    backup = kerastorch.callbacks.BackupAndRestore(backup_dir, save_freq=save_freq)
    model.fit(*data(), callbacks=[backup, kill_at_batch(kerastorch, int(kill_at))],
              **FIT_KWARGS)


if __name__ == "__main__":
    main(*sys.argv[1:])

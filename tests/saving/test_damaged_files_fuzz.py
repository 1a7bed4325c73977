"""Hundreds of damaged `.keras` / `.weights.h5` files: each load ends in a clear error.

Each case truncates a saved file at a random offset or overwrites a few bytes
at a random offset. A load must then either raise `ValueError` (kerastorch's
"truncated or damaged" / "not a valid Keras file" errors, never a bare
zipfile / h5py / json traceback), or succeed with the original predictions
(damage that landed in bytes nothing reads, e.g. the zip's timestamps).

One exception, by the format: overwritten bytes inside the weight values of a
bare `.weights.h5` cannot be detected (HDF5 datasets carry no checksum, in
Keras's files as in ours), so those loads may succeed with other values; they
still never fail with anything but a clear `ValueError`. In a `.keras` archive
the zip's CRC catches them.
"""

import numpy as np
import pytest

import kerastorch
from tests.saving.conftest import make_mlp

SEED = 1234
CASES = 150  # per file kind and damage kind: 600 loads in all


@pytest.fixture(scope="module")
def saved_files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("fuzz")
    model = make_mlp()
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    rng = np.random.default_rng(0)
    x = rng.normal(size=(16, 4)).astype("float32")
    model.fit(x, rng.integers(0, 3, size=(16,)), epochs=1, verbose=0)
    model.save(folder / "model.keras")
    model.save_weights(folder / "model.weights.h5")
    return folder, x, model.predict(x, verbose=0)


def damaged_copies(data: bytes, kind: str, rng):
    for _ in range(CASES):
        offset = int(rng.integers(0, len(data)))
        if kind == "truncate":
            yield data[:offset]
        else:
            noise = rng.integers(0, 256, size=min(8, len(data) - offset), dtype=np.uint8)
            yield data[:offset] + bytes(np.bitwise_xor(
                np.frombuffer(data[offset:offset + len(noise)], np.uint8), noise | 1)) + \
                data[offset + len(noise):]


def load(path, kind_of_file):
    if kind_of_file == "model.keras":
        return kerastorch.saving.load_model(path)
    model = make_mlp()
    model.load_weights(path)
    return model


@pytest.mark.parametrize("kind", ["truncate", "overwrite"])
@pytest.mark.parametrize("file_name", ["model.keras", "model.weights.h5"])
def test_every_damaged_file_fails_cleanly_or_loads_intact(saved_files, tmp_path, kind,
                                                          file_name):
    folder, x, expected = saved_files
    data = (folder / file_name).read_bytes()
    rng = np.random.default_rng(SEED)
    failures = 0
    for i, damaged in enumerate(damaged_copies(data, kind, rng)):
        path = tmp_path / f"{i}_{file_name}"
        path.write_bytes(damaged)
        try:
            model = load(path, file_name)
        except ValueError:
            failures += 1
            continue
        if kind == "overwrite" and file_name == "model.weights.h5":
            continue  # Undetectable by the format (see the module docstring).
        np.testing.assert_allclose(model.predict(x, verbose=0), expected, rtol=1e-6,
                                   err_msg=f"case {i} loaded wrong weights silently")
    assert failures > 0

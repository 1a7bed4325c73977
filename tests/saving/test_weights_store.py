"""`H5IOStore`: Keras's HDF5 layout, and the files it refuses to read."""

import io

import h5py
import numpy as np
import pytest
import torch

from kerastorch.saving.weights_store import H5IOStore


def _written(entries):
    buffer = io.BytesIO()
    store = H5IOStore(buffer, mode="w")
    for path, metadata, values in entries:
        entry = store.make(path, metadata=metadata)
        for key, value in values.items():
            entry[key] = value
    store.close()
    buffer.seek(0)
    return buffer


def test_layout_is_keras_s():
    buffer = _written([
        ("", {"name": "model"}, {}),
        ("layers/dense", {"name": "dense"}, {"0": torch.ones(2, 3), "1": np.zeros(3)}),
        ("layers/dropout", {"name": "dropout"}, {}),
        ("no_metadata_no_values", None, {}),
        ("optimizer", None, {"0": np.array(7, "int64")}),
    ])
    with h5py.File(buffer, "r") as f:
        assert sorted(f) == ["layers", "optimizer", "vars"]
        assert dict(f["vars"].attrs) == {"name": "model"} and len(f["vars"]) == 0
        assert dict(f["layers/dense/vars"].attrs) == {"name": "dense"}
        assert f["layers/dense/vars/0"].shape == (2, 3)
        assert f["layers/dense/vars/0"].dtype == np.float32
        assert f["layers/dense/vars/1"].dtype == np.float64
        assert len(f["layers/dropout/vars"]) == 0
        assert f["optimizer/vars/0"].shape == ()
        assert "attrs" not in f["optimizer/vars"] and not f["optimizer/vars"].attrs


def test_reading_back():
    buffer = _written([("layers/dense", {"name": "dense"}, {"0": torch.arange(6.0).view(2, 3),
                                                             "1": np.array(2.5)})])
    store = H5IOStore(buffer, mode="r")
    entry = store.get("layers/dense")
    assert entry.keys() == ["0", "1"] and len(entry) == 2 and "0" in entry
    np.testing.assert_array_equal(entry["0"], np.arange(6.0).reshape(2, 3))
    assert entry["1"] == 2.5
    missing = store.get("layers/nothing")
    assert missing.keys() == [] and len(missing) == 0
    with pytest.raises(KeyError):
        missing["0"]
    store.close()


def test_bfloat16_is_stored_as_keras_stores_it():
    value = torch.tensor([1.5, -2.0, 3.25], dtype=torch.bfloat16)
    buffer = _written([("w", None, {"0": value})])
    with h5py.File(buffer, "r") as f:
        assert f["w/vars/0"].attrs["dtype"] == "bfloat16"
        assert f["w/vars/0"].dtype.itemsize == 2
    store = H5IOStore(buffer, mode="r")
    assert torch.equal(store.get("w")["0"], value)
    store.close()


def test_modes_are_checked():
    with pytest.raises(ValueError, match="`mode` should be either 'w' or 'r'"):
        H5IOStore(io.BytesIO(), mode="a")
    writer = H5IOStore(io.BytesIO(), mode="w")
    with pytest.raises(ValueError, match="`get` is only allowed in read mode"):
        writer.get("x")
    writer.close()
    reader = H5IOStore(_written([("x", None, {"0": np.ones(1)})]), mode="r")
    with pytest.raises(ValueError, match="`make` is only allowed in write mode"):
        reader.make("x")
    with pytest.raises(ValueError, match="only allowed in write mode"):
        reader.get("x")["1"] = np.ones(1)
    reader.close()


@pytest.mark.parametrize("link", ["soft", "external"])
def test_links_are_refused(tmp_path, link):
    path = tmp_path / "w.weights.h5"
    with h5py.File(path, "w") as f:
        f["real/vars/0"] = np.ones(2)
        if link == "soft":
            f["layers/dense/vars/0"] = h5py.SoftLink("/real/vars/0")
            f["linked/vars"] = h5py.SoftLink("/real/vars")
        else:
            f["layers/dense/vars/0"] = h5py.ExternalLink("/etc/passwd", "/x")
            f["linked/vars"] = h5py.ExternalLink("/etc/passwd", "/x")
    store = H5IOStore(path, mode="r")
    with pytest.raises(ValueError, match="Not allowed: H5 file with"):
        store.get("layers/dense")["0"]
    with pytest.raises(ValueError, match="Not allowed: H5 file with"):
        store.get("linked")
    store.close()


def test_external_datasets_are_refused(tmp_path):
    path = tmp_path / "w.weights.h5"
    (tmp_path / "raw.bin").write_bytes(b"\0" * 16)
    with h5py.File(path, "w") as f:
        f.create_group("x/vars").create_dataset(
            "0", shape=(2,), dtype="float64", external=[(str(tmp_path / "raw.bin"), 0, 16)])
    store = H5IOStore(path, mode="r")
    with pytest.raises(ValueError, match="Not allowed: H5 file with external Dataset"):
        store.get("x")["0"]
    store.close()

import hashlib
import os
import urllib.request

import numpy as np
import pytest

from kerastorch.datasets import mnist


def write_small_mnist(path):
    rng = np.random.default_rng(0)
    arrays = {
        "x_train": rng.integers(0, 256, (6, 28, 28), dtype=np.uint8),
        "y_train": np.arange(6, dtype=np.uint8),
        "x_test": rng.integers(0, 256, (2, 28, 28), dtype=np.uint8),
        "y_test": np.arange(2, dtype=np.uint8),
    }
    os.makedirs(os.path.dirname(path), exist_ok=True)
    np.savez(path, **arrays)
    return arrays


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


@pytest.fixture
def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("tried to download")

    monkeypatch.setattr(urllib.request, "urlopen", refuse)


def test_load_data_uses_keras_home_cache(tmp_path, monkeypatch, no_network):
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    cached = tmp_path / "datasets" / "mnist.npz"
    arrays = write_small_mnist(str(cached))
    # The real file's hash is Keras's; accept our small stand-in instead.
    monkeypatch.setattr(mnist, "_SHA256", sha256(cached))
    (x_train, y_train), (x_test, y_test) = mnist.load_data()
    np.testing.assert_array_equal(x_train, arrays["x_train"])
    np.testing.assert_array_equal(y_test, arrays["y_test"])
    assert x_train.dtype == np.uint8 and x_test.shape == (2, 28, 28)


def test_load_data_custom_file_name(tmp_path, monkeypatch, no_network):
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    cached = tmp_path / "datasets" / "digits.npz"
    write_small_mnist(str(cached))
    monkeypatch.setattr(mnist, "_SHA256", sha256(cached))
    (x_train, _), _ = mnist.load_data(path="digits.npz")
    assert x_train.shape == (6, 28, 28)


def test_download_failure_names_url_and_cache_path(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    bad_url = (tmp_path / "nowhere" / "mnist.npz").as_uri()
    monkeypatch.setattr(mnist, "_ORIGIN", bad_url)
    target = tmp_path / "datasets" / "mnist.npz"
    with pytest.raises(Exception, match="URL fetch failure") as info:
        mnist.load_data()
    assert bad_url in str(info.value)
    assert str(target) in str(info.value)
    assert os.listdir(tmp_path / "datasets") == []  # no partial file left
    assert f"Downloading data from {bad_url}" in capsys.readouterr().out


def test_sample_data_shapes_and_dtypes():
    (x_train, y_train), (x_test, y_test) = mnist.load_sample_data()
    assert x_train.shape == (4000, 28, 28) and y_train.shape == (4000,)
    assert x_test.shape == (1000, 28, 28) and y_test.shape == (1000,)
    for array in (x_train, y_train, x_test, y_test):
        assert array.dtype == np.uint8
    assert sorted(np.unique(y_train)) == list(range(10))
    assert np.bincount(np.concatenate([y_train, y_test])).tolist() == [500] * 10
    assert x_train.max() == 255


def test_sample_data_license_file_ships():
    folder = os.path.join(os.path.dirname(mnist.__file__), "data")
    with open(os.path.join(folder, "README.txt")) as f:
        text = f.read()
    assert "CC BY-SA 3.0" in text and "LeCun" in text

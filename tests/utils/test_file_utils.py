import hashlib
import io
import os
import tarfile
import urllib.request
import zipfile

import pytest

from kerastorch.utils import file_utils
from kerastorch.utils import get_file

CONTENT = b"kerastorch" * 5000  # several 8 KiB blocks


@pytest.fixture
def source(tmp_path):
    """A file served through a file:// URL, so the real download code runs offline."""
    path = tmp_path / "server" / "data.bin"
    path.parent.mkdir()
    path.write_bytes(CONTENT)
    return path


@pytest.fixture
def cache(tmp_path):
    path = tmp_path / "cache"
    path.mkdir()
    return path


def test_download_then_cache_hit(source, cache, capsys):
    digest = hashlib.sha256(CONTENT).hexdigest()
    path = get_file("data.bin", source.as_uri(), file_hash=digest, cache_dir=str(cache))
    assert path == str(cache / "datasets" / "data.bin")
    assert open(path, "rb").read() == CONTENT
    assert os.listdir(cache / "datasets") == ["data.bin"]
    out = capsys.readouterr().out
    assert out.startswith(f"Downloading data from {source.as_uri()}\n")
    assert out.endswith("\n") and "50000/50000" in out
    source.unlink()
    assert get_file("data.bin", source.as_uri(), file_hash=digest, cache_dir=str(cache)) == path
    assert capsys.readouterr().out == ""


def test_file_name_from_url_and_md5(source, cache):
    digest = hashlib.md5(CONTENT).hexdigest()
    path = get_file(origin=source.as_uri(), md5_hash=digest, cache_dir=str(cache), cache_subdir="x")
    assert path == str(cache / "x" / "data.bin")


def test_stale_cached_file_is_downloaded_again(source, cache, capsys):
    target = cache / "datasets" / "data.bin"
    target.parent.mkdir()
    target.write_bytes(b"old")
    digest = hashlib.sha256(CONTENT).hexdigest()
    get_file("data.bin", source.as_uri(), file_hash=digest, cache_dir=str(cache))
    assert target.read_bytes() == CONTENT
    assert "hash does not match" in capsys.readouterr().out


def test_wrong_hash_after_download_leaves_nothing(source, cache):
    with pytest.raises(ValueError, match="Incomplete or corrupted file"):
        get_file("data.bin", source.as_uri(), file_hash="0" * 64, cache_dir=str(cache))
    assert os.listdir(cache / "datasets") == []


def test_interrupted_download_leaves_no_partial_file(source, cache, monkeypatch):
    class BrokenResponse(io.BytesIO):
        headers = {"Content-Length": str(len(CONTENT))}

        def read(self, size=-1):
            if self.tell() > 10000:
                raise ConnectionResetError("connection reset by peer")
            return super().read(size)

    monkeypatch.setattr(urllib.request, "urlopen", lambda url, timeout=None: BrokenResponse(CONTENT))
    with pytest.raises(Exception, match="URL fetch failure on .*connection reset") as info:
        get_file("data.bin", "https://example.invalid/data.bin", cache_dir=str(cache))
    assert str(cache / "datasets" / "data.bin") in str(info.value)
    assert os.listdir(cache / "datasets") == []


def test_keras_home_env_var(source, tmp_path, monkeypatch):
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "home"))
    path = get_file("data.bin", source.as_uri())
    assert path == str(tmp_path / "home" / "datasets" / "data.bin")


def test_unwritable_cache_falls_back_to_tmp(source, monkeypatch):
    monkeypatch.setattr(os, "access", lambda path, mode: False)
    subdir = f"kerastorch-test-{os.getpid()}"
    path = get_file("data.bin", source.as_uri(), cache_subdir=subdir)
    try:
        assert path == os.path.join("/tmp/.keras", subdir, "data.bin")
    finally:
        os.remove(path)
        os.rmdir(os.path.dirname(path))


def test_argument_errors(cache):
    with pytest.raises(ValueError, match="origin"):
        get_file("a.bin")
    with pytest.raises(ValueError, match="Paths are no longer accepted"):
        get_file(os.path.join("a", "b.bin"), "https://example.invalid/b.bin", cache_dir=str(cache))


@pytest.mark.parametrize("kind", ["tar", "zip"])
def test_extract_archive(tmp_path, cache, kind):
    archive = tmp_path / f"pack.{kind}"
    if kind == "tar":
        with tarfile.open(archive, "w") as f:
            for name, data in [("pack/a.txt", b"a"), ("../evil.txt", b"x")]:
                info = tarfile.TarInfo(name)
                info.size = len(data)
                f.addfile(info, io.BytesIO(data))
    else:
        with zipfile.ZipFile(archive, "w") as f:
            f.writestr("pack/a.txt", "a")
            f.writestr("../evil.txt", "x")
    with pytest.warns(UserWarning, match="Skipping invalid path.*evil"):
        folder = get_file(f"pack.{kind}", archive.as_uri(), extract=True, cache_dir=str(cache))
    assert folder == str(cache / "datasets" / "pack_extracted")
    assert (cache / "datasets" / "pack_extracted" / "pack" / "a.txt").read_bytes() == b"a"
    assert not (cache / "datasets" / "evil.txt").exists()


def test_keras_home_default(monkeypatch):
    monkeypatch.delenv("KERAS_HOME", raising=False)
    home = os.path.expanduser("~")
    base = home if os.access(home, os.W_OK) else "/tmp"
    assert file_utils.keras_home() == os.path.join(base, ".keras")

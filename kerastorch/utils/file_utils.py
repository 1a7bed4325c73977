"""`get_file`: download a file once into Keras's cache folder and reuse it.

The cache is Keras's own (`$KERAS_HOME` or `~/.keras`, then `datasets/`), so a
file that Keras downloaded is found here and the other way round. A download
goes to a temporary file next to the target and is moved into place only once
complete and verified, so an interrupted download never leaves a partial file
where the next run would take it for the real one.
"""

import hashlib
import os
import shutil
import tarfile
import tempfile
import urllib.error
import urllib.parse
import urllib.request
import uuid
import warnings
import zipfile
from typing import Optional

from kerastorch.api_export import keras_export
from kerastorch.utils.progbar import Progbar
from kerastorch.utils.progbar import print_msg

_BLOCK_SIZE = 8192  # as urllib's urlretrieve, which Keras uses
# Seconds without any byte from the server before a download fails, so a
# blocked network gives an error instead of a hang.
_SOCKET_TIMEOUT = 60


def keras_home() -> str:
    """Returns Keras's home folder: `$KERAS_HOME`, else `~/.keras`.

    As in Keras, `/tmp/.keras` replaces `~/.keras` when `~` is not writable.

    Returns:
        The folder path (not necessarily existing).

    Example:

    >>> keras_home()  # doctest: +SKIP
    '/home/me/.keras'
    """
    if "KERAS_HOME" in os.environ:
        return os.environ["KERAS_HOME"]
    base = os.path.expanduser("~")
    if not os.access(base, os.W_OK):
        base = "/tmp"
    return os.path.join(base, ".keras")


def _resolve_hasher(algorithm: str, file_hash: Optional[str] = None):
    """Returns a hashlib object: sha256 if asked (or "auto" with a 64-digit hash), else md5."""
    if algorithm == "sha256" or (
        algorithm == "auto" and file_hash is not None and len(file_hash) == 64
    ):
        return hashlib.sha256()
    return hashlib.md5()


def _validate_file(path: str, file_hash: str, algorithm: str = "auto") -> bool:
    """Whether the file at `path` has the hash `file_hash` (sha256 or md5)."""
    hasher = _resolve_hasher(algorithm, file_hash)
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(65535), b""):
            hasher.update(chunk)
    return hasher.hexdigest() == str(file_hash)


def _fetch(origin: str, path: str) -> None:
    """Downloads `origin` into the new file `path`, showing Keras's byte-count progress bar."""
    with urllib.request.urlopen(origin, timeout=_SOCKET_TIMEOUT) as response, \
            open(path, "xb") as out:
        length = response.headers.get("Content-Length")
        total = int(length) if length else None
        progbar = Progbar(total)
        finished = False

        def report(current: int) -> None:
            nonlocal finished
            if total is None or current < total:
                progbar.update(current)
            elif not finished:
                progbar.update(total)
                finished = True

        report(0)
        received, block_num = 0, 0
        while block := response.read(_BLOCK_SIZE):
            out.write(block)
            received += len(block)
            block_num += 1
            report(block_num * _BLOCK_SIZE)
        if total is not None and received < total:
            raise urllib.error.ContentTooShortError(
                f"retrieval incomplete: got only {received} out of {total} bytes",
                None,
            )


def _inside(folder: str, path: str) -> bool:
    """Whether `path` (relative to `folder`) resolves to a place inside `folder`."""
    folder = os.path.realpath(folder)
    resolved = os.path.realpath(os.path.join(folder, path))
    return os.path.commonpath([folder, resolved]) == folder


def _tar_member_inside(folder: str, member: tarfile.TarInfo) -> bool:
    """Whether a tar member, and the target of a link member, stay inside `folder`."""
    if not _inside(folder, member.name):
        return False
    if member.islnk():  # hard links resolve from the archive root
        return _inside(folder, member.linkname)
    if member.issym():  # symlinks resolve from their own folder
        return _inside(folder, os.path.join(os.path.dirname(member.name), member.linkname))
    return True


def _zip_member_inside(folder: str, member: zipfile.ZipInfo) -> bool:
    """Whether a zip member stays inside `folder`."""
    return _inside(folder, member.filename)


def _extract_archive(path: str, into: str, archive_format) -> bool:
    """Extracts a tar or zip archive, skipping (with a warning) members that escape `into`.

    Returns:
        Whether `path` matched one of the formats and was extracted.
    """
    if archive_format is None:
        return False
    if archive_format == "auto":
        archive_format = ["tar", "zip"]
    elif isinstance(archive_format, str):
        archive_format = [archive_format]
    for kind in archive_format:
        if kind == "tar":
            if not tarfile.is_tarfile(path):
                continue
            opener, keep = tarfile.open, _tar_member_inside
        elif kind == "zip":
            if not zipfile.is_zipfile(path):
                continue
            opener, keep = zipfile.ZipFile, _zip_member_inside
        else:
            raise NotImplementedError(
                f'Unknown `archive_format`: {kind}. Expected "tar", "zip" or "auto".'
            )
        try:
            with opener(path) as archive:
                members = archive.getmembers() if kind == "tar" else archive.infolist()
                kept = []
                for member in members:
                    if keep(into, member):
                        kept.append(member)
                    else:
                        warnings.warn(
                            "Skipping invalid path during archive extraction: "
                            f"'{member.name if kind == 'tar' else member.filename}'.",
                            stacklevel=3,
                        )
                # Python's "data" filter also blocks device files and odd modes.
                options = {}
                if kind == "tar" and hasattr(tarfile, "data_filter"):
                    options["filter"] = "data"
                archive.extractall(into, members=kept, **options)
        except (tarfile.TarError, RuntimeError, KeyboardInterrupt):
            if os.path.isfile(into):
                os.remove(into)
            elif os.path.exists(into):
                shutil.rmtree(into)
            raise
        return True
    return False


@keras_export("keras.utils.get_file")
def get_file(
    fname: Optional[str] = None,
    origin: Optional[str] = None,
    untar: bool = False,
    md5_hash: Optional[str] = None,
    file_hash: Optional[str] = None,
    cache_subdir: str = "datasets",
    hash_algorithm: str = "auto",
    extract: bool = False,
    archive_format="auto",
    cache_dir: Optional[str] = None,
    force_download: bool = False,
) -> str:
    """Downloads a file from a URL unless it is already in the cache.

    The file goes to `cache_dir/cache_subdir/fname`, by default
    `~/.keras/datasets/fname` (`$KERAS_HOME` replaces `~/.keras`). As in Keras,
    when that folder is not writable (or does not exist) the cache moves to
    `/tmp/.keras`. A cached file whose hash does not match is downloaded again.

    Args:
        fname: Name of the file in the cache; `None` takes the URL's file
            name. With `extract=True`, names the extraction folder.
        origin: URL of the file.
        untar: Deprecated: same as `extract=True, archive_format="tar"`.
        md5_hash: Deprecated: an md5 `file_hash`.
        file_hash: Expected sha256 or md5 hash of the file, checked after
            download and on cache hits.
        cache_subdir: Folder under the cache folder; an absolute path is used
            as is.
        hash_algorithm: `"sha256"`, `"md5"` or `"auto"` (sha256 for a
            64-digit hash).
        extract: Whether to extract the file as a tar or zip archive.
        archive_format: `"auto"`, `"tar"`, `"zip"`, a list of those, or `None`.
        cache_dir: Cache folder; defaults to `$KERAS_HOME` or `~/.keras`.
        force_download: Whether to download even if the file is cached.

    Returns:
        Path to the downloaded file, or to the extraction folder.

    Raises:
        Exception: If the download fails; the message names the URL and the
            path where a manually downloaded copy can be placed.
        ValueError: If the downloaded file does not match `file_hash`.

    Example:

    ```python
    path = get_file(
        "mnist.npz",
        origin="https://storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz",
    )
    ```
    """
    if origin is None:
        raise ValueError('Please specify the "origin" argument (URL of the file to download).')
    if cache_dir is None:
        cache_dir = keras_home()
        # Keras creates its home folder when it is imported.
        try:
            os.makedirs(os.path.expanduser(cache_dir), exist_ok=True)
        except OSError:
            pass
    if md5_hash is not None and file_hash is None:
        file_hash, hash_algorithm = md5_hash, "md5"
    datadir_base = os.path.expanduser(cache_dir)
    if not os.access(datadir_base, os.W_OK):
        tmp = "/tmp" if os.path.isdir("/tmp") else tempfile.gettempdir()
        datadir_base = os.path.join(tmp, ".keras")
    datadir = os.path.join(datadir_base, cache_subdir)
    os.makedirs(datadir, exist_ok=True)

    provided_fname = fname
    fname = os.fspath(fname) if fname is not None else None
    if not fname:
        fname = os.path.basename(urllib.parse.urlsplit(origin).path)
        if not fname:
            raise ValueError(
                f"Can't parse the file name from the origin provided: '{origin}'. "
                "Please specify the `fname` argument."
            )
    elif os.sep in fname:
        raise ValueError(
            "Paths are no longer accepted as the `fname` argument. To specify the "
            f"file's parent directory, use the `cache_dir` argument. Received: fname={fname}"
        )

    # Keras's naming of the archive and its extraction folder, kept so that
    # both libraries share cached files.
    if extract or untar:
        if provided_fname and "." in fname:
            download_target = os.path.join(datadir, fname)
            extraction_dir = os.path.join(datadir, f"{fname[: fname.find('.')]}_extracted")
        else:
            extraction_dir = os.path.join(datadir, fname)
            download_target = os.path.join(datadir, f"{fname}_archive")
    else:
        download_target = os.path.join(datadir, fname)

    download = force_download or not os.path.exists(download_target)
    if not download and file_hash is not None:
        if not _validate_file(download_target, file_hash, hash_algorithm):
            print_msg(
                "A local file was found, but it seems to be incomplete or outdated "
                f"because the {hash_algorithm} file hash does not match the original "
                f"value of {file_hash} so we will re-download the data."
            )
            download = True

    if download:
        print_msg(f"Downloading data from {origin}")
        # Download next to the target and move it into place only when complete
        # and verified: an interrupted or corrupted download never sits where
        # the next run would take it for the real file.
        partial = f"{download_target}.{uuid.uuid4().hex}.part"
        try:
            try:
                _fetch(origin, partial)
            except (OSError, ValueError) as e:  # urllib's errors are OSErrors
                raise Exception(_fetch_failure(origin, e, download_target)) from e
            if file_hash is not None and not _validate_file(partial, file_hash, hash_algorithm):
                raise ValueError(
                    f"Incomplete or corrupted file detected. The {hash_algorithm} file "
                    f"hash does not match the provided value of {file_hash}."
                )
            os.replace(partial, download_target)
        finally:
            if os.path.exists(partial):
                os.remove(partial)

    if extract or untar:
        if untar:
            archive_format = "tar"
        if not _extract_archive(download_target, extraction_dir, archive_format):
            warnings.warn("Could not extract archive.", stacklevel=2)
        return extraction_dir
    return download_target


def _fetch_failure(origin: str, error: Exception, target: str) -> str:
    """The download error message: Keras's first sentence, then how to work offline."""
    if isinstance(error, urllib.error.HTTPError):
        reason = f"{error.code} -- {error.msg}"
    elif isinstance(error, urllib.error.URLError):
        reason = f"{error.errno} -- {error.reason}"
    else:
        reason = f"{type(error).__name__} -- {error}"
    return (
        f"URL fetch failure on {origin}: {reason}. Without network access, download "
        f"the file elsewhere and place it at {target} ; it will be used from there."
    )

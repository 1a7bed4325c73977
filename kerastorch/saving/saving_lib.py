"""Keras 3's `.keras` format: a zip of `metadata.json`, `config.json`, `model.weights.h5`.

`config.json` is `serialize_keras_object(model)` (its `compile_config`
included), `model.weights.h5` the state of every layer and of the optimizer
at Keras's paths (`saveable_walk.py`). Files are written to a temporary file
next to the target and then renamed over it, so a save that fails midway
leaves the previous file intact. Nothing is ever unpickled.
"""

import contextlib
import datetime
import io
import json
import os
import uuid
import warnings
import zipfile

from kerastorch import __version__ as kerastorch_version
from kerastorch.saving import saveable_walk
from kerastorch.saving.serialization_lib import (
    ObjectSharingScope,
    deserialize_keras_object,
    serialize_keras_object,
)
from kerastorch.saving.weights_store import H5IOStore

# The Keras release whose format (and API) kerastorch follows.
KERAS_VERSION = "3.15.1"

_CONFIG_FILENAME = "config.json"
_METADATA_FILENAME = "metadata.json"
_VARS_FILENAME = "model.weights.h5"
# A zip member declaring more than 4 GiB must store at least 1/100 of it.
_ZIP_BOMB_FLOOR_BYTES = 1 << 32
_ZIP_MAX_EXPANSION = 100


@contextlib.contextmanager
def atomic_write(filepath):
    """Opens a temporary file next to `filepath` for writing; renames it over `filepath` on success.

    If the block raises, the temporary file is removed and `filepath` is left
    as it was.

    Args:
        filepath: The final path.

    Yields:
        A binary file object.

    Example:

    ```python
    with atomic_write("model.keras") as f:
        f.write(data)
    ```
    """
    filepath = os.fspath(filepath)
    folder, name = os.path.split(os.path.abspath(filepath))
    temp_path = os.path.join(folder, f".{name}.{uuid.uuid4().hex[:12]}.tmp")
    # Created with the default permissions (the umask applies), as `open` would.
    descriptor = os.open(temp_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(descriptor, "wb") as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        os.replace(temp_path, filepath)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.remove(temp_path)
        raise


# ------------------------------------------------------------------- writing
def save_model(model, filepath, zipped: bool = True) -> None:
    """Saves `model` as a `.keras` zip file, a folder (`zipped=False`), or to a file object.

    Args:
        model: The model.
        filepath: A path ending in `.keras`, a folder path, or a binary file object.
        zipped: Whether to write a zip archive (`False`: a folder).

    Raises:
        ValueError: On a path whose extension does not fit `zipped`.
    """
    if not model.built:
        warnings.warn(
            "You are saving a model that has not yet been built. It might not contain "
            "any weights yet. Consider building the model first by calling it on some "
            "data.",
            stacklevel=3,
        )
    if isinstance(filepath, io.IOBase):
        _save_model_to_fileobj(model, filepath)
        return
    filepath = os.fspath(filepath)
    if zipped and not filepath.endswith(".keras"):
        raise ValueError(
            "Invalid `filepath` argument: expected a `.keras` extension. "
            f"Received: filepath={filepath}"
        )
    if not zipped and filepath.endswith(".keras"):
        raise ValueError(
            "When using `zipped=False`, the `filepath` argument should not end in "
            f"`.keras`. Received: filepath={filepath}"
        )
    if zipped:
        with atomic_write(filepath) as f:
            _save_model_to_fileobj(model, f)
        return
    os.makedirs(filepath, exist_ok=True)
    for name, data in _model_files(model).items():
        with atomic_write(os.path.join(filepath, name)) as f:
            f.write(data)


def _save_model_to_fileobj(model, fileobj) -> None:
    files = _model_files(model)
    with zipfile.ZipFile(fileobj, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)


def _model_files(model) -> dict:
    """The three files of a saved model, as bytes, in Keras's order."""
    with ObjectSharingScope():
        config = serialize_keras_object(model)
    metadata = {
        "keras_version": KERAS_VERSION,
        "date_saved": datetime.datetime.now().strftime("%Y-%m-%d@%H:%M:%S"),
        "kerastorch_version": kerastorch_version,
    }
    return {
        _METADATA_FILENAME: json.dumps(metadata).encode(),
        _CONFIG_FILENAME: json.dumps(config).encode(),
        _VARS_FILENAME: _weights_bytes(model),
    }


def _weights_bytes(model, objects_to_skip=()) -> bytes:
    buffer = io.BytesIO()
    store = H5IOStore(buffer, mode="w")
    try:
        saveable_walk.save_state(model, store, objects_to_skip=objects_to_skip)
    finally:
        store.close()
    return buffer.getvalue()


def save_weights_only(model, filepath, objects_to_skip=None) -> None:
    """Writes the state of `model` (weights and optimizer) to a `.weights.h5` file.

    Args:
        model: A built model or layer.
        filepath: A path ending in `.weights.h5`.
        objects_to_skip: Optional objects whose state is not written.

    Raises:
        ValueError: If the model is not built or the name is wrong.
    """
    if not model.built:
        raise ValueError(
            "You are saving a model that has not yet been built. Try building the "
            "model first by calling it on some data or by using `build()`."
        )
    filepath = os.fspath(filepath)
    if not filepath.endswith(".weights.h5"):
        raise ValueError(
            f"The filename must end in `.weights.h5`. Received: filepath={filepath}"
        )
    data = _weights_bytes(model, objects_to_skip or ())
    with atomic_write(filepath) as f:
        f.write(data)


# ------------------------------------------------------------------- reading
def load_model(filepath, custom_objects=None, compile=True, safe_mode=True):
    """Loads a model from a `.keras` file, a saved folder, or a binary file object.

    Args:
        filepath: The path (or file object).
        custom_objects: Dict of names -> custom classes or functions.
        compile: Whether to compile the model (restoring the optimizer state).
        safe_mode: Whether to refuse configs that hold Python bytecode.

    Returns:
        The model.

    Raises:
        ValueError: On a file that is not a Keras model file, or state that
            does not fit the model (all failures listed).
    """
    if isinstance(filepath, io.IOBase):
        return _load_model_from_fileobj(filepath, filepath, custom_objects, compile, safe_mode)
    filepath = os.fspath(filepath)
    if os.path.isdir(filepath) and os.path.exists(os.path.join(filepath, _CONFIG_FILENAME)):
        return _load_model_from_dir(filepath, custom_objects, compile, safe_mode)
    if not filepath.endswith(".keras"):
        raise ValueError(
            f"Invalid filename: expected a `.keras` extension. Received: filepath={filepath}"
        )
    with open(filepath, "rb") as f:
        return _load_model_from_fileobj(f, filepath, custom_objects, compile, safe_mode)


def _load_model_from_fileobj(fileobj, filepath, custom_objects, compile, safe_mode):
    with _reading(filepath):
        archive = zipfile.ZipFile(fileobj, "r")
    with archive:
        with _reading(filepath):
            config_json = _read_member(archive, _CONFIG_FILENAME)
            weights = _read_member(archive, _VARS_FILENAME)
        return _model_with_state(config_json, weights, filepath, custom_objects, compile,
                                 safe_mode)


def _load_model_from_dir(dirpath, custom_objects, compile, safe_mode):
    with _reading(dirpath):
        with open(os.path.join(dirpath, _CONFIG_FILENAME), "rb") as f:
            config_json = f.read()
        with open(os.path.join(dirpath, _VARS_FILENAME), "rb") as f:
            weights = f.read()
    return _model_with_state(config_json, weights, dirpath, custom_objects, compile, safe_mode)


def _model_with_state(config_json, weights, filepath, custom_objects, compile, safe_mode):
    with _reading(filepath):
        config = json.loads(config_json)
    if not compile:
        config["compile_config"] = None
    with ObjectSharingScope():
        model = deserialize_keras_object(config, custom_objects=custom_objects,
                                         safe_mode=safe_mode)
    with _open_weights(io.BytesIO(weights), filepath) as store:
        saveable_walk.load_state(model, store)
    return model


def load_weights_only(model, filepath, skip_mismatch=False, objects_to_skip=None) -> None:
    """Loads the state of `model` from a `.weights.h5` or `.keras` file.

    Args:
        model: A built model or layer.
        filepath: The file.
        skip_mismatch: Whether objects whose state does not fit only warn.
        objects_to_skip: Optional objects whose state is not loaded.

    Raises:
        ValueError: If the model is not built, the file is not a weights file,
            or (without `skip_mismatch`) some state does not fit.
    """
    if not model.built:
        raise ValueError(
            "You are loading weights into a model that has not yet been built. Try "
            "building the model first by calling it on some data or by using `build()`."
        )
    filepath = os.fspath(filepath)
    if filepath.endswith(".keras"):
        with _reading(filepath), zipfile.ZipFile(filepath, "r") as archive:
            source = io.BytesIO(_read_member(archive, _VARS_FILENAME))
    else:
        source = filepath
    with _open_weights(source, filepath) as store:
        saveable_walk.load_state(model, store, skip_mismatch=skip_mismatch,
                                 objects_to_skip=objects_to_skip or ())


@contextlib.contextmanager
def _open_weights(source, filepath):
    with _reading(filepath):
        store = H5IOStore(source, mode="r")
    try:
        yield store
    finally:
        store.close()


def _read_member(archive, name: str) -> bytes:
    if name not in archive.namelist():
        raise KeyError(f"the archive has no `{name}` (members: {archive.namelist()})")
    info = archive.getinfo(name)
    if info.file_size > _ZIP_BOMB_FLOOR_BYTES and \
            info.file_size > _ZIP_MAX_EXPANSION * info.compress_size:
        raise ValueError(
            f"Not allowed: ZIP member '{name}' declares {info.file_size} bytes but only "
            f"{info.compress_size} are stored; refusing to load a potential "
            "decompression bomb."
        )
    return archive.read(name)


@contextlib.contextmanager
def _reading(filepath):
    """Turns the errors of reading a damaged file into one clear `ValueError`."""
    try:
        yield
    except FileNotFoundError:
        raise
    except (zipfile.BadZipFile, KeyError, OSError, EOFError, ValueError) as error:
        raise ValueError(
            f"Could not read '{filepath}': it is not a valid Keras file (a `.keras` "
            "zip archive with `config.json` and `model.weights.h5`, or a "
            f"`.weights.h5` HDF5 file), or it is truncated or damaged. Cause: "
            f"{type(error).__name__}: {error}"
        ) from error

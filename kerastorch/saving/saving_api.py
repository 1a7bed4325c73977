"""`keras.saving.save_model` / `load_model` / `save_weights` / `load_weights`, and JSON configs.

The entry points check their arguments as Keras does and hand over to
`saving_lib` (the `.keras` format) or `legacy_h5_format` (legacy `.h5` files).
"""

import io
import json
import os
import warnings
import zipfile

from kerastorch.api_export import keras_export
from kerastorch.saving import legacy_h5_format, saving_lib
from kerastorch.saving.serialization_lib import deserialize_keras_object

_LEGACY_H5 = (".h5", ".hdf5")


@keras_export("keras.saving.save_model", "keras.models.save_model")
def save_model(model, filepath, overwrite: bool = True, zipped: bool = None, **kwargs) -> None:
    """Saves a model as a `.keras` file: config, weights and optimizer state.

    Args:
        model: The model.
        filepath: A `str` or `pathlib.Path` ending in `.keras` (or a folder
            path with `zipped=False`), or a binary file object.
        overwrite: Whether to overwrite an existing file without asking.
        zipped: Whether to write a zip archive (the default) or a folder.
        **kwargs: `include_optimizer` (`.h5` files; the `.keras` format always
            includes the optimizer) and `save_format`, as Keras accepts them.

    Raises:
        ValueError: On an unsupported extension or argument.

    Example:

    ```python
    model.save("model.keras")
    restored = kerastorch.saving.load_model("model.keras")
    ```
    """
    include_optimizer = kwargs.pop("include_optimizer", True)
    save_format = kwargs.pop("save_format", None)
    if save_format and not str(filepath).endswith((".keras", *_LEGACY_H5)):
        raise ValueError(
            "The `save_format` argument is deprecated in Keras 3. Please remove this "
            "argument and pass a file path with either `.keras` or `.h5` extension."
            f"Received: save_format={save_format}"
        )
    if kwargs:
        raise ValueError(f"The following argument(s) are not supported: {list(kwargs)}")
    if zipped is None:
        zipped = True
    if isinstance(filepath, io.IOBase):
        saving_lib.save_model(model, filepath)
        return
    if os.path.exists(filepath) and not overwrite and not _ask_to_overwrite(filepath):
        return
    if not zipped or str(filepath).endswith(".keras"):
        saving_lib.save_model(model, filepath, zipped=zipped)
        return
    if str(filepath).endswith(_LEGACY_H5):
        warnings.warn(
            "You are saving your model as an HDF5 file via `model.save()` or "
            "`keras.saving.save_model(model)`. This file format is considered legacy. We "
            "recommend using instead the native Keras format, e.g. "
            "`model.save('my_model.keras')` or `keras.saving.save_model(model, "
            "'my_model.keras')`. ",
            stacklevel=3,
        )
        legacy_h5_format.save_model_to_hdf5(model, filepath, include_optimizer)
        return
    raise ValueError(
        "Invalid filepath extension for saving. Please add either a `.keras` extension "
        "for the native Keras format (recommended) or a `.h5` extension. Use "
        "`model.export(filepath)` if you want to export a SavedModel for use with "
        f"TFLite/TFServing/etc. Received: filepath={filepath}."
    )


@keras_export("keras.saving.load_model", "keras.models.load_model")
def load_model(filepath, custom_objects: dict = None, compile: bool = True,
               safe_mode: bool = True):
    """Loads a model saved with `model.save()` (by kerastorch or by Keras 3).

    Args:
        filepath: A `str` or `pathlib.Path`: the `.keras` file (or saved
            folder) or legacy `.h5` file, or a binary file object.
        custom_objects: Dict of names -> custom classes or functions the
            config refers to (registered objects need not be listed).
        compile: Whether to compile the model as it was saved, restoring the
            optimizer's state so that training resumes where it stopped.
        safe_mode: Whether to refuse configs that hold Python bytecode
            (`lambda`s); pass `False` only for files you trust.

    Returns:
        The model, compiled if it was saved compiled and `compile=True`.

    Raises:
        ValueError: If the file is missing, not a `.keras` file, or its
            weights do not fit the model.
        TypeError: If the config names a class that is not known (register
            it or pass it in `custom_objects`).

    Example:

    ```python
    model = kerastorch.saving.load_model("model.keras")
    ```
    """
    if isinstance(filepath, io.IOBase):
        return saving_lib.load_model(filepath, custom_objects=custom_objects,
                                     compile=compile, safe_mode=safe_mode)
    path = str(filepath)
    is_dir = os.path.isdir(path) and os.path.exists(os.path.join(path, "config.json"))
    if is_dir or (path.endswith(".keras") and zipfile.is_zipfile(path)):
        return saving_lib.load_model(filepath, custom_objects=custom_objects,
                                     compile=compile, safe_mode=safe_mode)
    if path.endswith(_LEGACY_H5):
        return legacy_h5_format.load_model_from_hdf5(
            filepath, custom_objects=custom_objects, compile=compile, safe_mode=safe_mode)
    if path.endswith(".keras") and os.path.isfile(path):
        raise ValueError(
            f"Invalid `.keras` file: filepath={filepath} is not a zip archive (it may be "
            "truncated or damaged). Please ensure the file is an accessible `.keras` "
            "zip file."
        )
    if path.endswith(".keras"):
        raise ValueError(
            f"File not found: filepath={filepath}. Please ensure the file is an "
            "accessible `.keras` zip file."
        )
    raise ValueError(
        f"File format not supported: filepath={filepath}. Keras 3 only supports V3 "
        "`.keras` files and legacy H5 format files (`.h5` extension). Note that the "
        "legacy SavedModel format is not supported by `load_model()` in Keras 3."
    )


@keras_export("keras.saving.save_weights")
def save_weights(model, filepath, overwrite: bool = True, max_shard_size=None,
                 **kwargs) -> None:
    """Saves the model's weights (and optimizer state) to a `.weights.h5` file.

    A name ending in `.h5` but not `.weights.h5` gives a legacy HDF5 weights
    file (tf.keras's format; weights only), which Keras 3 refuses to write.

    Args:
        model: A built model.
        filepath: A path ending in `.weights.h5` (or, legacy, `.h5` / `.hdf5`).
        overwrite: Whether to overwrite an existing file without asking.
        max_shard_size: Not supported yet (sharded weights); must be `None`.
        **kwargs: `objects_to_skip`: objects whose state is not saved.

    Raises:
        ValueError: If the name does not end in `.weights.h5` or the model is not built.

    Example:

    ```python
    model.save_weights("model.weights.h5")
    ```
    """
    if max_shard_size is not None:
        raise NotImplementedError(
            "Sharded weights (`max_shard_size`) are not supported by kerastorch yet."
        )
    legacy = str(filepath).endswith(_LEGACY_H5) and not str(filepath).endswith(".weights.h5")
    if not legacy and not str(filepath).endswith(".weights.h5"):
        raise ValueError(
            f"The filename must end in `.weights.h5`. Received: filepath={filepath}"
        )
    if os.path.exists(filepath) and not overwrite and not _ask_to_overwrite(filepath):
        return
    if legacy:
        if kwargs:
            raise ValueError(f"Invalid keyword arguments: {kwargs}")
        legacy_h5_format.save_weights_to_hdf5(model, filepath)
        return
    saving_lib.save_weights_only(model, filepath, **kwargs)


@keras_export("keras.saving.load_weights")
def load_weights(model, filepath, skip_mismatch: bool = False, **kwargs) -> None:
    """Loads weights saved by `save_weights` (or from a `.keras` file) into `model`.

    Args:
        model: A built model with the saved architecture.
        filepath: A `.weights.h5` or `.keras` file, or a legacy `.h5` file.
        skip_mismatch: Whether to skip (with a warning) the layers whose saved
            weights do not fit, instead of raising.
        **kwargs: `objects_to_skip` (`.weights.h5` files only); `by_name`
            (legacy `.h5` files only): match layers by name, not position.

    Raises:
        ValueError: On an unsupported file, an unbuilt model, or (without
            `skip_mismatch`) weights that do not fit.

    Example:

    ```python
    model.load_weights("model.weights.h5")
    ```
    """
    objects_to_skip = kwargs.pop("objects_to_skip", None)
    by_name = kwargs.pop("by_name", None)
    if kwargs:
        raise ValueError(f"Invalid keyword arguments: {kwargs}")
    path = str(filepath)
    if by_name is not None and not path.endswith(_LEGACY_H5):
        raise ValueError(
            "`by_name` only supports loading legacy '.h5' or '.hdf5' files. "
            f"Received: {filepath}"
        )
    if path.endswith(".keras"):
        if objects_to_skip is not None:
            raise ValueError(
                f"`objects_to_skip` only supports loading '.weights.h5' files.Received: "
                f"{filepath}"
            )
        saving_lib.load_weights_only(model, filepath, skip_mismatch=skip_mismatch)
    elif path.endswith(".weights.h5"):
        saving_lib.load_weights_only(model, filepath, skip_mismatch=skip_mismatch,
                                     objects_to_skip=objects_to_skip)
    elif path.endswith(_LEGACY_H5):
        if objects_to_skip is not None:
            raise ValueError(
                f"`objects_to_skip` only supports loading '.weights.h5' files.Received: "
                f"{filepath}"
            )
        legacy_h5_format.load_weights_from_hdf5(model, filepath, by_name=bool(by_name),
                                                skip_mismatch=skip_mismatch)
    else:
        raise ValueError(
            f"File format not supported: filepath={filepath}. Keras 3 only supports V3 "
            "`.keras` files, `.weights.h5` files, or legacy H5 format files (`.h5` "
            "extension)."
        )


@keras_export("keras.models.model_from_json")
def model_from_json(json_string: str, custom_objects: dict = None):
    """Rebuilds a model (uncompiled, with fresh weights) from `model.to_json()`.

    Args:
        json_string: The JSON config.
        custom_objects: Dict of names -> custom classes or functions.

    Returns:
        The model.

    Example:

    ```python
    clone = kerastorch.models.model_from_json(model.to_json())
    ```
    """
    return deserialize_keras_object(json.loads(json_string), custom_objects=custom_objects)


def _ask_to_overwrite(filepath) -> bool:
    """Asks on the terminal whether to overwrite `filepath`, as Keras does."""
    answer = input(f"[WARNING] {filepath} already exists - overwrite? [y/n]").strip().lower()
    while answer not in ("y", "n"):
        answer = input('Enter "y" (overwrite) or "n" (cancel).').strip().lower()
    if answer == "n":
        return False
    print("[TIP] Next time specify overwrite=True!")
    return True

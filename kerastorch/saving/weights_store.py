"""The HDF5 weights file of Keras 3 (`model.weights.h5`, `*.weights.h5`).

Each object with state has a group `<path>/vars` (the model's own is the root
`vars`) holding datasets `"0"`, `"1"`, ... and a `name` attribute: the object's
name. Only h5py reads the file, and only plain groups and datasets are
accepted: links, external or virtual datasets and size "bombs" are refused,
as Keras refuses them.
"""

import math

import numpy as np
import torch

# A dataset declaring more than 4 GiB must store at least 1/1000 of it.
_BOMB_FLOOR_BYTES = 1 << 32
_MAX_EXPANSION = 1000


def _h5py():
    try:
        import h5py
    except ImportError:
        raise ImportError(
            "h5py must be installed in order to save or load Keras weights files: "
            "`pip install h5py`."
        ) from None
    return h5py


class H5IOStore:
    """A Keras weights file, open for writing (`mode="w"`) or reading (`mode="r"`).

    Args:
        path_or_io: A path or a binary file object (e.g. `io.BytesIO`).
        mode: `"w"` or `"r"`.

    Example:

    ```python
    store = H5IOStore("model.weights.h5", mode="w")
    store.make("layers/dense", metadata={"name": "dense"})["0"] = kernel
    store.close()
    ```
    """

    def __init__(self, path_or_io, mode: str = "r"):
        if mode not in ("r", "w"):
            raise ValueError(f"`mode` should be either 'w' or 'r'. Received: {mode}")
        self.mode = mode
        self.h5_file = _h5py().File(path_or_io, mode=mode)

    def make(self, path: str, metadata: dict = None) -> "H5Entry":
        """Returns the writable entry of the object at `path` (`""`: the root).

        With `metadata`, the group is created at once (Keras writes every
        named object's group, even an empty one); otherwise on the first write.
        """
        if self.mode != "w":
            raise ValueError("`make` is only allowed in write mode.")
        entry = H5Entry(self, path, group=None)
        if metadata:
            entry.create_group(metadata)
        return entry

    def get(self, path: str) -> "H5Entry":
        """Returns the entry of the object at `path`; empty if the file has none."""
        if self.mode != "r":
            raise ValueError("`get` is only allowed in read mode.")
        try:
            group = _safe_get_group(self.h5_file, f"{path}/vars" if path else "vars")
        except KeyError:
            group = None
        return H5Entry(self, path, group)

    def close(self) -> None:
        """Closes the HDF5 file (writing it out in write mode)."""
        self.h5_file.close()


class H5Entry:
    """The arrays of one object: a dict-like view of its `vars` group.

    Keys are strings (`"0"`, `"1"`, ... by convention); values are written
    from tensors or arrays and read back as NumPy arrays (a `torch.bfloat16`
    tensor for bfloat16 data). This is the `store` a layer's
    `save_own_variables` / `load_own_variables` receives.

    Args:
        store: The `H5IOStore` it belongs to.
        path: The object's path (`""` for the model).
        group: Its existing `vars` group, or `None` (written on first use,
            or read as empty).

    Example:

    ```python
    entry = store.get("layers/dense")
    kernel, bias = entry["0"], entry["1"]
    ```
    """

    def __init__(self, store: H5IOStore, path: str, group):
        self._store = store
        self._path = path
        self._group = group

    def create_group(self, metadata=None) -> None:
        """Creates the entry's `vars` group, with `metadata` as attributes."""
        h5_file = self._store.h5_file
        parent = h5_file.create_group(self._path) if self._path else h5_file
        self._group = parent.create_group("vars")
        for key, value in (metadata or {}).items():
            self._group.attrs[key] = value

    def __setitem__(self, key: str, value) -> None:
        if self._store.mode != "w":
            raise ValueError("Setting a value is only allowed in write mode.")
        if self._group is None:
            self.create_group()
        array, is_bfloat16 = _to_numpy(value)
        dataset = self._group.create_dataset(key, data=array)
        if is_bfloat16:
            dataset.attrs["dtype"] = "bfloat16"

    def __getitem__(self, key: str):
        if self._group is None:
            raise KeyError(key)
        dataset = _safe_get_dataset(self._group, key)
        value = np.array(dataset)
        if dataset.attrs.get("dtype") == "bfloat16":
            return torch.from_numpy(value.view(np.int16).copy()).view(torch.bfloat16)
        return value

    def keys(self) -> list:
        """The keys of the entry's arrays."""
        return [] if self._group is None else list(self._group.keys())

    def __len__(self) -> int:
        return len(self.keys())

    def __contains__(self, key) -> bool:
        return key in self.keys()

    def __iter__(self):
        return iter(self.keys())


def _to_numpy(value):
    """`(array, is_bfloat16)` for a tensor, parameter, array or number."""
    if isinstance(value, torch.Tensor):
        value = value.detach().cpu()
        if value.dtype == torch.bfloat16:
            # Stored as 2-byte opaque values, as Keras stores `ml_dtypes.bfloat16`.
            return value.view(torch.int16).numpy().view("V2"), True
        return value.numpy(), False
    return np.asarray(value), False


def _safe_get_group(parent, path: str):
    """Returns the group at `path`, refusing links and non-groups."""
    h5py = _h5py()
    current = parent
    for part in path.split("/"):
        if not part:
            raise ValueError(f"Invalid path in H5 file: {path}")
        if part not in current:
            raise KeyError(path)
        link = current.get(part, getclass=True, getlink=True)
        if link in (h5py.ExternalLink, h5py.SoftLink):
            raise ValueError(f"Not allowed: H5 file with {link.__name__}")
        current = current[part]
        if not isinstance(current, h5py.Group):
            raise ValueError(f"Invalid H5 file, expected Group but received {type(current)}")
    return current


def _safe_get_dataset(group, name: str):
    """Returns the dataset `name` of `group`, refusing links, external data and bombs."""
    h5py = _h5py()
    if name not in group:
        raise KeyError(name)
    link = group.get(name, getclass=True, getlink=True)
    if link in (h5py.ExternalLink, h5py.SoftLink):
        raise ValueError(f"Not allowed: H5 file with {link.__name__}")
    dataset = group[name]
    if not isinstance(dataset, h5py.Dataset):
        raise ValueError(f"Invalid H5 file, expected Dataset, received {type(dataset)}")
    if dataset.external:
        raise ValueError(f"Not allowed: H5 file with external Dataset: {dataset.external}")
    if dataset.is_virtual:
        raise ValueError("Not allowed: H5 file with virtual Dataset")
    declared = math.prod(dataset.shape) * dataset.dtype.itemsize
    stored = dataset.id.get_storage_size()
    if declared > _BOMB_FLOOR_BYTES and declared > _MAX_EXPANSION * stored:
        raise ValueError(
            f"Not allowed: H5 dataset '{name}' declares {declared} bytes but only "
            f"{stored} are stored on disk; refusing to load a potential "
            "decompression/shape bomb."
        )
    return dataset


def load_variables(owner, variables: list, store) -> None:
    """Copies `store["0"]`, `store["1"]`, ... into `variables`, all checked first.

    The default of `Layer.load_own_variables`: the count and every shape are
    checked before anything is written, so a failed load leaves the layer
    as it was.

    Args:
        owner: The layer (for its `name` and `built` in messages).
        variables: Its own weights, in saving order.
        store: A dict-like store of arrays.

    Raises:
        ValueError: On a wrong number of arrays or a wrong shape.

    Example:

    ```python
    load_variables(layer, [layer.kernel, layer.bias], {"0": kernel, "1": bias})
    ```
    """
    if len(store.keys()) != len(variables):
        if not variables and not owner.built:
            raise ValueError(
                f"Layer '{owner.name}' was never built and thus it doesn't have any "
                f"variables. However the weights file lists {len(store.keys())} "
                "variables for this layer. Implement `build()` (or "
                "`build_from_config()`) so that it creates the layer's state, "
                "including the state of its sub-layers."
            )
        raise ValueError(
            f"Layer '{owner.name}' expected {len(variables)} variables, but received "
            f"{len(store.keys())} variables during loading. "
            f"Expected: {[v.keras_name for v in variables]}"
        )
    values = [torch.as_tensor(store[str(i)]) for i in range(len(variables))]
    for variable, value in zip(variables, values):
        if tuple(variable.shape) != tuple(value.shape):
            raise ValueError(
                "The shape of the target variable and the shape of the target value "
                "in `variable.assign(value)` must match. "
                f"variable.shape={tuple(variable.shape)}, Received: "
                f"value.shape={tuple(value.shape)}. Target variable: "
                f"{owner.name}/{variable.keras_name}"
            )
    with torch.no_grad():
        for variable, value in zip(variables, values):
            variable.copy_(value)

"""Looking up initializers by name, and (de)serializing them as Keras does."""

from typing import Callable, Optional, Union

import numpy as np
import torch

from kerastorch.api_export import keras_export
from kerastorch.backend.dtypes import to_torch_dtype
from kerastorch.initializers.constant_initializers import Constant, Identity, Ones, Zeros
from kerastorch.initializers.glorot import GlorotNormal, GlorotUniform
from kerastorch.initializers.he import HeNormal, HeUniform
from kerastorch.initializers.initializer import Initializer
from kerastorch.initializers.lecun import LecunNormal, LecunUniform
from kerastorch.initializers.orthogonal import Orthogonal
from kerastorch.initializers.random_initializers import RandomNormal, RandomUniform, TruncatedNormal
from kerastorch.initializers.stft import STFT
from kerastorch.initializers.variance_scaling import VarianceScaling
from kerastorch.saving import get_custom_objects, serialization_lib

# Every name `get` accepts, as in Keras: class names, their snake_case forms
# and a few legacy aliases.
ALL_OBJECTS_DICT = {
    "Initializer": Initializer, "initializer": Initializer,
    "Constant": Constant, "constant": Constant,
    "Zeros": Zeros, "zeros": Zeros, "zero": Zeros,
    "Ones": Ones, "ones": Ones, "one": Ones,
    "Identity": Identity, "identity": Identity, "IdentityInitializer": Identity,
    "STFT": STFT, "stft": STFT, "STFTInitializer": STFT,
    "RandomNormal": RandomNormal, "random_normal": RandomNormal, "normal": RandomNormal,
    "RandomUniform": RandomUniform, "random_uniform": RandomUniform, "uniform": RandomUniform,
    "TruncatedNormal": TruncatedNormal, "truncated_normal": TruncatedNormal,
    "VarianceScaling": VarianceScaling, "variance_scaling": VarianceScaling,
    "GlorotNormal": GlorotNormal, "glorot_normal": GlorotNormal,
    "GlorotUniform": GlorotUniform, "glorot_uniform": GlorotUniform,
    "HeNormal": HeNormal, "he_normal": HeNormal,
    "HeUniform": HeUniform, "he_uniform": HeUniform,
    "LecunNormal": LecunNormal, "lecun_normal": LecunNormal,
    "LecunUniform": LecunUniform, "lecun_uniform": LecunUniform,
    "Orthogonal": Orthogonal, "orthogonal": Orthogonal, "OrthogonalInitializer": Orthogonal,
}

Identifier = Union[None, str, dict, type, Callable, torch.Tensor, np.ndarray]


@keras_export("keras.initializers.serialize")
def serialize(initializer) -> Union[None, str, dict]:
    """Returns the Keras config dict of an initializer.

    Args:
        initializer: An `Initializer` (or `None`, or a name, returned as is).

    Returns:
        `{"module", "class_name", "config", "registered_name"}` as Keras writes it.

    Example:

    >>> serialize(Zeros())["class_name"]
    'Zeros'
    """
    return serialization_lib.serialize_keras_object(initializer)


@keras_export("keras.initializers.deserialize")
def deserialize(config: Union[str, dict], custom_objects: Optional[dict] = None) -> Initializer:
    """Returns the initializer a Keras config (or a name) describes.

    Args:
        config: A config dict as written by `serialize`, or a name such as
            `"glorot_uniform"`.
        custom_objects: Optional dict of name -> custom initializer class.

    Returns:
        An `Initializer` instance.

    Example:

    >>> deserialize({"class_name": "RandomNormal", "config": {"stddev": 2.0}}).stddev
    2.0
    """
    if isinstance(config, str):
        config = {"class_name": config, "config": {}}
    return serialization_lib.deserialize_keras_object(
        config, module_objects=ALL_OBJECTS_DICT, custom_objects=custom_objects
    )


@keras_export("keras.initializers.get")
def get(identifier: Identifier) -> Optional[Callable]:
    """Returns an initializer from a name, config, class, instance or tensor.

    Names are case-sensitive (`"glorot_uniform"`, `"GlorotUniform"`). A class is
    instantiated with its defaults. A tensor or array becomes an initializer
    returning its values (the requested shape must equal its shape). A callable
    `fn(shape, dtype=None)` is returned as is.

    Args:
        identifier: `None`, a name, a config dict, an initializer class or
            instance, a callable, or a tensor / NumPy array.

    Returns:
        A callable initializer, or `None` for `None`.

    Example:

    >>> get("ones")(shape=(2,))
    tensor([1., 1.])
    """
    if isinstance(identifier, (torch.Tensor, np.ndarray, np.generic)):
        return _from_values(identifier)
    names = {**ALL_OBJECTS_DICT, **get_custom_objects()}
    return serialization_lib.resolve_identifier(identifier, names, "initializer")


def _from_values(values) -> Callable:
    """An initializer returning a copy of `values`, for a matching shape only."""

    def initialize_fn(shape, dtype=None):
        if tuple(shape) != tuple(values.shape):
            raise ValueError(
                f"Expected `shape` to be {tuple(values.shape)} for direct tensor as "
                f"initializer. Received shape={shape}"
            )
        return torch.as_tensor(values, dtype=to_torch_dtype(dtype), device="cpu").clone()

    return initialize_fn

"""`keras.saving`: (de)serialization of Keras objects."""

from kerastorch.saving.object_registration import get_custom_objects as get_custom_objects
from kerastorch.saving.object_registration import (
    register_keras_serializable as register_keras_serializable,
)
from kerastorch.saving.serialization_lib import (
    deserialize_keras_object as deserialize_keras_object,
)
from kerastorch.saving.serialization_lib import (
    serialize_keras_object as serialize_keras_object,
)

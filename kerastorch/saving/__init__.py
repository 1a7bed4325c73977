"""`keras.saving`: the `.keras` format, weights files, and (de)serialization of Keras objects."""

from kerastorch.saving.object_registration import CustomObjectScope as CustomObjectScope
from kerastorch.saving.object_registration import custom_object_scope as custom_object_scope
from kerastorch.saving.object_registration import get_custom_objects as get_custom_objects
from kerastorch.saving.object_registration import get_registered_name as get_registered_name
from kerastorch.saving.object_registration import (
    get_registered_object as get_registered_object,
)
from kerastorch.saving.object_registration import (
    register_keras_serializable as register_keras_serializable,
)
from kerastorch.saving.saving_api import load_model as load_model
from kerastorch.saving.saving_api import load_weights as load_weights
from kerastorch.saving.saving_api import save_model as save_model
from kerastorch.saving.saving_api import save_weights as save_weights
from kerastorch.saving.serialization_lib import (
    deserialize_keras_object as deserialize_keras_object,
)
from kerastorch.saving.serialization_lib import (
    serialize_keras_object as serialize_keras_object,
)

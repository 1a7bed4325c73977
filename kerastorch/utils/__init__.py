"""Utilities (`keras.utils`): progress bar, file download, numeric helpers, seeding."""

from kerastorch.backend.dtypes import standardize_dtype as standardize_dtype
from kerastorch.backend.keras_tensor import is_keras_tensor as is_keras_tensor
from kerastorch.backend.logging_config import (
    disable_interactive_logging as disable_interactive_logging,
)
from kerastorch.backend.logging_config import (
    enable_interactive_logging as enable_interactive_logging,
)
from kerastorch.backend.logging_config import (
    is_interactive_logging_enabled as is_interactive_logging_enabled,
)
from kerastorch.backend.random import set_random_seed as set_random_seed
from kerastorch.backend.session import clear_session as clear_session
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
from kerastorch.saving.serialization_lib import (
    deserialize_keras_object as deserialize_keras_object,
)
from kerastorch.saving.serialization_lib import (
    serialize_keras_object as serialize_keras_object,
)
from kerastorch.trainers.data_utils import pack_x_y_sample_weight as pack_x_y_sample_weight
from kerastorch.trainers.data_utils import unpack_x_y_sample_weight as unpack_x_y_sample_weight

from kerastorch.utils.file_utils import get_file as get_file
from kerastorch.utils.numerical_utils import normalize as normalize
from kerastorch.utils.numerical_utils import to_categorical as to_categorical
from kerastorch.utils.progbar import Progbar as Progbar
from kerastorch.utils.py_dataset import PyDataset as PyDataset
from kerastorch.utils.py_dataset import PyDataset as Sequence
from kerastorch.utils.sequence_utils import pad_sequences as pad_sequences

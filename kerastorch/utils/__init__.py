"""Utilities (`keras.utils`): progress bar, file download, numeric helpers, seeding."""

from kerastorch.backend.random import set_random_seed as set_random_seed
from kerastorch.saving.object_registration import get_custom_objects as get_custom_objects
from kerastorch.trainers.data_utils import pack_x_y_sample_weight as pack_x_y_sample_weight
from kerastorch.trainers.data_utils import unpack_x_y_sample_weight as unpack_x_y_sample_weight

from kerastorch.utils.file_utils import get_file as get_file
from kerastorch.utils.numerical_utils import normalize as normalize
from kerastorch.utils.numerical_utils import to_categorical as to_categorical
from kerastorch.utils.progbar import Progbar as Progbar

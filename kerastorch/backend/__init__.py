"""Backend utilities: configuration, device, dtypes, seeding, names.

Public names follow `keras.backend` / `keras.config`.
"""

from kerastorch.backend.config import backend as backend
from kerastorch.backend.config import epsilon as epsilon
from kerastorch.backend.config import floatx as floatx
from kerastorch.backend.config import image_data_format as image_data_format
from kerastorch.backend.config import set_epsilon as set_epsilon
from kerastorch.backend.config import set_floatx as set_floatx
from kerastorch.backend.config import set_image_data_format as set_image_data_format
from kerastorch.backend.device import get_device as get_device
from kerastorch.backend.device import set_device as set_device
from kerastorch.backend.dtypes import is_float_dtype as is_float_dtype
from kerastorch.backend.dtypes import is_int_dtype as is_int_dtype
from kerastorch.backend.dtypes import result_type as result_type
from kerastorch.backend.dtypes import standardize_dtype as standardize_dtype
from kerastorch.backend.keras_tensor import is_keras_tensor as is_keras_tensor
from kerastorch.backend.naming import get_uid as get_uid
from kerastorch.backend.session import clear_session as clear_session
from kerastorch.backend.tensors import convert_to_numpy as convert_to_numpy
from kerastorch.backend.tensors import convert_to_tensor as convert_to_tensor

"""`keras.config`: global settings (float type, epsilon, image layout, dtype policy)."""

from kerastorch.backend.config import backend as backend
from kerastorch.backend.config import epsilon as epsilon
from kerastorch.backend.config import floatx as floatx
from kerastorch.backend.config import image_data_format as image_data_format
from kerastorch.backend.config import set_epsilon as set_epsilon
from kerastorch.backend.config import set_floatx as set_floatx
from kerastorch.backend.config import set_image_data_format as set_image_data_format
from kerastorch.backend.dtype_policy import dtype_policy as dtype_policy
from kerastorch.backend.dtype_policy import set_dtype_policy as set_dtype_policy

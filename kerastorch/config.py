"""`keras.config`: global settings (float type, epsilon, image layout, dtype policy, ...)."""

from kerastorch.backend.config import backend as backend
from kerastorch.backend.config import disable_flash_attention as disable_flash_attention
from kerastorch.backend.config import enable_flash_attention as enable_flash_attention
from kerastorch.backend.config import epsilon as epsilon
from kerastorch.backend.config import floatx as floatx
from kerastorch.backend.config import image_data_format as image_data_format
from kerastorch.backend.config import is_flash_attention_enabled as is_flash_attention_enabled
from kerastorch.backend.config import is_nnx_enabled as is_nnx_enabled
from kerastorch.backend.config import max_epochs as max_epochs
from kerastorch.backend.config import max_steps_per_epoch as max_steps_per_epoch
from kerastorch.backend.config import set_backend as set_backend
from kerastorch.backend.config import set_epsilon as set_epsilon
from kerastorch.backend.config import set_floatx as set_floatx
from kerastorch.backend.config import set_image_data_format as set_image_data_format
from kerastorch.backend.config import set_max_epochs as set_max_epochs
from kerastorch.backend.config import set_max_steps_per_epoch as set_max_steps_per_epoch
from kerastorch.backend.dtype_policy import dtype_policy as dtype_policy
from kerastorch.backend.dtype_policy import set_dtype_policy as set_dtype_policy
from kerastorch.backend.logging_config import (
    disable_interactive_logging as disable_interactive_logging,
)
from kerastorch.backend.logging_config import (
    disable_traceback_filtering as disable_traceback_filtering,
)
from kerastorch.backend.logging_config import (
    enable_interactive_logging as enable_interactive_logging,
)
from kerastorch.backend.logging_config import (
    enable_traceback_filtering as enable_traceback_filtering,
)
from kerastorch.backend.logging_config import (
    is_interactive_logging_enabled as is_interactive_logging_enabled,
)
from kerastorch.backend.logging_config import (
    is_traceback_filtering_enabled as is_traceback_filtering_enabled,
)
from kerastorch.saving.serialization_lib import (
    enable_unsafe_deserialization as enable_unsafe_deserialization,
)

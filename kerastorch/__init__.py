"""kerastorch: the Keras API, reimplemented on PyTorch.

    import kerastorch as keras
"""

__version__ = "0.1.0"

from kerastorch import backend as backend

"""Utilities (`keras.utils`): progress bar, file download, numeric helpers."""

from kerastorch.utils.file_utils import get_file as get_file
from kerastorch.utils.numerical_utils import normalize as normalize
from kerastorch.utils.numerical_utils import to_categorical as to_categorical
from kerastorch.utils.progbar import Progbar as Progbar

"""`keras.models`: `Model`, `Sequential` and the functional model."""

from kerastorch.models.functional import Functional as Functional
from kerastorch.models.model import Model as Model
from kerastorch.models.sequential import Sequential as Sequential
from kerastorch.models.cloning import clone_model as clone_model
from kerastorch.saving.saving_api import load_model as load_model
from kerastorch.saving.saving_api import model_from_json as model_from_json
from kerastorch.saving.saving_api import save_model as save_model

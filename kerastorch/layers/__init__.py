"""`keras.layers`: the layer base class and the built-in layers."""

from kerastorch.layers.activations.activation import Activation as Activation
from kerastorch.layers.core.dense import Dense as Dense
from kerastorch.layers.core.identity import Identity as Identity
from kerastorch.layers.core.input_layer import Input as Input
from kerastorch.layers.core.input_layer import InputLayer as InputLayer
from kerastorch.layers.core.lambda_layer import Lambda as Lambda
from kerastorch.layers.input_spec import InputSpec as InputSpec
from kerastorch.layers.layer import Layer as Layer
from kerastorch.layers.regularization.dropout import Dropout as Dropout
from kerastorch.layers.reshaping.flatten import Flatten as Flatten
from kerastorch.layers.reshaping.reshape import Reshape as Reshape

"""`keras.ops.nn`: neural-network ops (activations, convolutions, pooling, losses,
normalization, attention...)."""

from kerastorch.ops.nn.activations import celu as celu
from kerastorch.ops.nn.activations import elu as elu
from kerastorch.ops.nn.activations import gelu as gelu
from kerastorch.ops.nn.activations import glu as glu
from kerastorch.ops.nn.activations import hard_shrink as hard_shrink
from kerastorch.ops.nn.activations import hard_sigmoid as hard_sigmoid
from kerastorch.ops.nn.activations import hard_silu as hard_silu
from kerastorch.ops.nn.activations import hard_swish as hard_swish
from kerastorch.ops.nn.activations import hard_tanh as hard_tanh
from kerastorch.ops.nn.activations import leaky_relu as leaky_relu
from kerastorch.ops.nn.activations import log_sigmoid as log_sigmoid
from kerastorch.ops.nn.activations import log_softmax as log_softmax
from kerastorch.ops.nn.activations import relu as relu
from kerastorch.ops.nn.activations import relu6 as relu6
from kerastorch.ops.nn.activations import selu as selu
from kerastorch.ops.nn.activations import sigmoid as sigmoid
from kerastorch.ops.nn.activations import silu as silu
from kerastorch.ops.nn.activations import soft_shrink as soft_shrink
from kerastorch.ops.nn.activations import softmax as softmax
from kerastorch.ops.nn.activations import softplus as softplus
from kerastorch.ops.nn.activations import softsign as softsign
from kerastorch.ops.nn.activations import sparse_plus as sparse_plus
from kerastorch.ops.nn.activations import sparse_sigmoid as sparse_sigmoid
from kerastorch.ops.nn.activations import sparsemax as sparsemax
from kerastorch.ops.nn.activations import squareplus as squareplus
from kerastorch.ops.nn.activations import swish as swish
from kerastorch.ops.nn.activations import tanh_shrink as tanh_shrink
from kerastorch.ops.nn.activations import threshold as threshold
from kerastorch.ops.nn.attention import dot_product_attention as dot_product_attention
from kerastorch.ops.nn.convolution import conv as conv
from kerastorch.ops.nn.convolution import conv_transpose as conv_transpose
from kerastorch.ops.nn.convolution import depthwise_conv as depthwise_conv
from kerastorch.ops.nn.convolution import separable_conv as separable_conv
from kerastorch.ops.nn.encoding import multi_hot as multi_hot
from kerastorch.ops.nn.encoding import one_hot as one_hot
from kerastorch.ops.nn.losses import binary_crossentropy as binary_crossentropy
from kerastorch.ops.nn.losses import (
    categorical_crossentropy as categorical_crossentropy,
)
from kerastorch.ops.nn.losses import ctc_decode as ctc_decode
from kerastorch.ops.nn.losses import ctc_loss as ctc_loss
from kerastorch.ops.nn.losses import (
    sparse_categorical_crossentropy as sparse_categorical_crossentropy,
)
from kerastorch.ops.nn.metrics import polar as polar
from kerastorch.ops.nn.metrics import psnr as psnr
from kerastorch.ops.nn.normalization import batch_normalization as batch_normalization
from kerastorch.ops.nn.normalization import layer_normalization as layer_normalization
from kerastorch.ops.nn.normalization import moments as moments
from kerastorch.ops.nn.normalization import normalize as normalize
from kerastorch.ops.nn.normalization import rms_normalization as rms_normalization
from kerastorch.ops.nn.pooling import adaptive_average_pool as adaptive_average_pool
from kerastorch.ops.nn.pooling import adaptive_max_pool as adaptive_max_pool
from kerastorch.ops.nn.pooling import average_pool as average_pool
from kerastorch.ops.nn.pooling import max_pool as max_pool
from kerastorch.ops.nn.spatial import depth_to_space as depth_to_space
from kerastorch.ops.nn.spatial import fold as fold
from kerastorch.ops.nn.spatial import space_to_depth as space_to_depth
from kerastorch.ops.nn.spatial import unfold as unfold

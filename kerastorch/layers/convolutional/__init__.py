"""Layers: convolutions (`Conv*D`, `Conv*DTranspose`, `SeparableConv*D`, `DepthwiseConv*D`)."""

from kerastorch.layers.convolutional.conv1d import Conv1D as Conv1D
from kerastorch.layers.convolutional.conv1d_transpose import (
    Conv1DTranspose as Conv1DTranspose,
)
from kerastorch.layers.convolutional.conv2d import Conv2D as Conv2D
from kerastorch.layers.convolutional.conv2d_transpose import (
    Conv2DTranspose as Conv2DTranspose,
)
from kerastorch.layers.convolutional.conv3d import Conv3D as Conv3D
from kerastorch.layers.convolutional.conv3d_transpose import (
    Conv3DTranspose as Conv3DTranspose,
)
from kerastorch.layers.convolutional.depthwise_conv1d import (
    DepthwiseConv1D as DepthwiseConv1D,
)
from kerastorch.layers.convolutional.depthwise_conv2d import (
    DepthwiseConv2D as DepthwiseConv2D,
)
from kerastorch.layers.convolutional.separable_conv1d import (
    SeparableConv1D as SeparableConv1D,
)
from kerastorch.layers.convolutional.separable_conv2d import (
    SeparableConv2D as SeparableConv2D,
)

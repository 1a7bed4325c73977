"""`keras.ops.image` (colour spaces, resizing, padding, patches, warps, filters, SSIM)
side by side with `keras.ops.image` on its torch backend."""

import numpy as np
import pytest
import torch

from tests.compat.ops_checks import run_eager_case, run_error_case, run_symbolic_case


def _uniform(*shape, seed=0, dtype="float32"):
    """Uniform samples in [0, 1), the same on every call with the same arguments."""
    rng = np.random.default_rng([seed, *shape])
    return torch.from_numpy(rng.uniform(size=shape).astype(dtype))


def _pixels(*shape):
    rng = np.random.default_rng([9, *shape])
    return torch.from_numpy(rng.integers(0, 256, size=shape).astype("uint8"))


IMAGES = _uniform(2, 7, 6, 3)
IMAGES_CF = _uniform(2, 3, 7, 6)
IMAGE = _uniform(7, 6, 3)
BIG = _uniform(2, 16, 14, 3)
BIG_CF = _uniform(2, 3, 16, 14)
SHIFT = torch.tensor([1.0, 0.0, -1.5, 0.0, 1.0, 0.5, 0.0, 0.0])
ROTATE = torch.tensor([[0.9, -0.3, 1.0, 0.3, 0.9, -0.5, 0.0, 0.0],
                       [1.2, 0.1, -1.0, 0.0, 0.8, 0.7, 0.0, 0.0]])
CORNERS = torch.tensor([[0.0, 0.0], [5.0, 0.0], [0.0, 6.0], [5.0, 6.0]])
MOVED = torch.tensor([[0.5, 0.3], [4.6, 0.1], [0.2, 5.5], [4.8, 5.9]])


def _image(op, *args, **kwargs):
    # Fresh copies of tensor arguments: Keras's torch `affine_transform` edits its
    # `transform` in place.
    return lambda k: getattr(k.ops.image, op)(
        *[a.clone() if isinstance(a, torch.Tensor) else a for a in args], **kwargs)


def _mapped(fill_mode, order):
    coordinates = [_uniform(7, seed=1) * 12 - 3, _uniform(7, seed=2) * 14 - 4]
    return _image("map_coordinates", _uniform(5, 6), coordinates, order, fill_mode=fill_mode,
                  fill_value=-1.0)


EAGER = {
    "rgb_to_grayscale": _image("rgb_to_grayscale", IMAGES),
    "rgb_to_grayscale_cf": _image("rgb_to_grayscale", IMAGES_CF, data_format="channels_first"),
    "rgb_to_grayscale_single": _image("rgb_to_grayscale", IMAGE),
    "rgb_to_grayscale_gray": _image("rgb_to_grayscale", IMAGES[..., :1]),
    "rgb_to_grayscale_uint8": _image("rgb_to_grayscale", _pixels(2, 4, 4, 3)),
    "rgb_to_hsv": _image("rgb_to_hsv", IMAGES),
    "rgb_to_hsv_cf": _image("rgb_to_hsv", IMAGES_CF, data_format="channels_first"),
    "rgb_to_hsv_gray_pixels": _image("rgb_to_hsv", torch.tensor([[[0.5, 0.5, 0.5],
                                                                  [0.0, 0.0, 0.0]]])),
    "rgb_to_hsv_float64": _image("rgb_to_hsv", IMAGE.double()),
    "hsv_to_rgb": _image("hsv_to_rgb", IMAGES),
    "hsv_to_rgb_cf": _image("hsv_to_rgb", IMAGES_CF, data_format="channels_first"),
    "resize_bilinear": _image("resize", IMAGES, (10, 4)),
    "resize_nearest": _image("resize", IMAGES, (14, 3), interpolation="nearest"),
    "resize_bicubic_cf": _image("resize", IMAGES_CF, (5, 9), interpolation="bicubic",
                                data_format="channels_first"),
    "resize_antialias": _image("resize", BIG, (5, 4), antialias=True),
    "resize_single": _image("resize", IMAGE, (3, 3)),
    "resize_crop": _image("resize", IMAGES, (4, 8), crop_to_aspect_ratio=True),
    "resize_pad": _image("resize", IMAGES, (4, 8), pad_to_aspect_ratio=True, fill_value=0.5),
    "resize_pad_tall": _image("resize", IMAGES, (8, 2), pad_to_aspect_ratio=True),
    "resize_uint8": _image("resize", _pixels(2, 5, 5, 3), (7, 3)),
    "resize_uint8_bicubic": _image("resize", _pixels(1, 5, 5, 3), (9, 9),
                                   interpolation="bicubic"),
    "pad_images": _image("pad_images", IMAGES, 1, 2, target_height=10, target_width=9),
    "pad_images_bottom_right": _image("pad_images", IMAGE, bottom_padding=2, right_padding=1,
                                      target_height=10, target_width=8),
    "pad_images_cf": _image("pad_images", IMAGES_CF, 0, 1, 2, 3,
                            data_format="channels_first"),
    "crop_images": _image("crop_images", IMAGES, 1, 2, target_height=4, target_width=3),
    "crop_images_bottom_right": _image("crop_images", IMAGE, 1, 1, 2, 2),
    "crop_images_cf": _image("crop_images", IMAGES_CF, bottom_cropping=1, right_cropping=2,
                             target_height=5, target_width=3, data_format="channels_first"),
    "extract_patches": _image("extract_patches", IMAGES, 2),
    "extract_patches_strides_same": _image("extract_patches", IMAGES, (3, 2), strides=(2, 1),
                                           padding="same"),
    "extract_patches_dilated": _image("extract_patches", BIG, 3, strides=1, dilation_rate=2),
    "extract_patches_cf": _image("extract_patches", IMAGES_CF, 2,
                                 data_format="channels_first"),
    "extract_patches_single": _image("extract_patches", IMAGE, 3),
    "extract_patches_3d": _image("extract_patches_3d", _uniform(2, 4, 6, 4, 2), 2),
    "extract_patches_3d_tuple": _image("extract_patches_3d", _uniform(4, 6, 4, 2), (2, 3, 2),
                                       strides=(1, 2, 1)),
    "extract_patches_3d_via_extract_patches": _image("extract_patches", _uniform(1, 4, 4, 4, 2),
                                                     (2, 2, 2)),
    "map_coordinates_linear": lambda k: k.ops.image.map_coordinates(
        _uniform(5, 6), torch.stack([_uniform(3, 4, seed=1) * 6 - 1,
                                     _uniform(3, 4, seed=2) * 7 - 1]), 1),
    **{f"map_coordinates_{mode}_{order}": _mapped(mode, order)
       for mode in ("constant", "nearest", "wrap", "mirror", "reflect") for order in (0, 1)},
    "map_coordinates_int": lambda k: k.ops.image.map_coordinates(
        torch.arange(12, dtype=torch.int32).reshape(3, 4), [[0.5, 1.2], [2.5, -0.5]], 1,
        fill_value=7),
    "affine_transform": _image("affine_transform", IMAGES, ROTATE),
    "affine_transform_single_shift": _image("affine_transform", IMAGE, SHIFT),
    "affine_transform_nearest_wrap": _image("affine_transform", IMAGES, ROTATE,
                                            interpolation="nearest", fill_mode="wrap"),
    "affine_transform_reflect_cf": _image("affine_transform", IMAGES_CF, ROTATE,
                                          fill_mode="reflect", data_format="channels_first"),
    "affine_transform_fill": _image("affine_transform", IMAGES, ROTATE, fill_value=0.5),
    "perspective_transform": _image("perspective_transform", IMAGES, CORNERS, MOVED),
    "perspective_transform_batch_nearest": _image(
        "perspective_transform", IMAGES, torch.stack([CORNERS, MOVED]),
        torch.stack([MOVED, CORNERS]), interpolation="nearest", fill_value=1.0),
    "perspective_transform_cf": _image("perspective_transform", IMAGES_CF, MOVED, CORNERS,
                                       data_format="channels_first"),
    "gaussian_blur": _image("gaussian_blur", IMAGES, data_format="channels_last"),
    "gaussian_blur_sigma": _image("gaussian_blur", BIG, (5, 5), (1.5, 0.7),
                                  data_format="channels_last"),
    "gaussian_blur_cf": _image("gaussian_blur", IMAGES_CF, (3, 3), (2.0, 2.0),
                               data_format="channels_first"),
    "elastic_transform_identity": _image("elastic_transform", IMAGES, alpha=0.0, sigma=1.0),
    "elastic_transform_identity_cf": _image("elastic_transform", IMAGES_CF, alpha=0.0,
                                            sigma=1.0, interpolation="nearest",
                                            data_format="channels_first"),
    "scale_and_translate_linear": _image("scale_and_translate", IMAGES, (2, 10, 9, 3),
                                         torch.tensor([1.5, 1.4]), torch.tensor([0.5, -0.3]),
                                         (1, 2), "bilinear"),
    "scale_and_translate_cubic_down": _image("scale_and_translate", BIG, (2, 7, 5, 3),
                                             torch.tensor([0.5, 0.4]), torch.tensor([0.0, 0.2]),
                                             (1, 2), "cubic"),
    "scale_and_translate_lanczos_no_antialias": _image(
        "scale_and_translate", BIG, (2, 8, 14, 3), torch.tensor([0.5, 1.0]),
        torch.tensor([0.0, 0.0]), (1, 2), "lanczos3", antialias=False),
    "scale_and_translate_lanczos5": _image("scale_and_translate", IMAGE, (7, 12, 3),
                                           torch.tensor([2.0]), torch.tensor([0.0]), (1,),
                                           "lanczos5"),
    "scale_and_translate_int": _image("scale_and_translate", _pixels(5, 5).int(), (9, 9),
                                      torch.tensor([1.8, 1.8]), torch.tensor([0.0, 0.0]),
                                      (0, 1), "linear"),
    "sobel_edges": _image("sobel_edges", IMAGES),
    "sobel_edges_cf": _image("sobel_edges", IMAGES_CF, data_format="channels_first"),
    "ssim_same": _image("ssim", BIG, BIG),
    "ssim": _image("ssim", BIG, _uniform(2, 16, 14, 3, seed=1)),
    "ssim_args_cf": _image("ssim", BIG_CF, _uniform(2, 3, 16, 14, seed=1), max_val=2.0,
                           filter_size=7, filter_sigma=1.0, k1=0.02, k2=0.05,
                           data_format="channels_first"),
    "ssim_single": _image("ssim", BIG[0], _uniform(16, 14, 3, seed=1)),
    "ssim_float64": _image("ssim", BIG.double(), _uniform(2, 16, 14, 3, seed=1).double()),
}


def _in(k, *shape, dtype="float32"):
    return k.Input(shape, dtype=dtype)


SYMBOLIC = {
    "rgb_to_grayscale": lambda k: k.ops.image.rgb_to_grayscale(_in(k, 7, 6, 3)),
    "rgb_to_grayscale_cf": lambda k: k.ops.image.rgb_to_grayscale(
        _in(k, 3, None, 6), data_format="channels_first"),
    "rgb_to_hsv": lambda k: k.ops.image.rgb_to_hsv(_in(k, None, 6, 3)),
    "hsv_to_rgb": lambda k: k.ops.image.hsv_to_rgb(_in(k, 7, 6, 3, dtype="float64")),
    "resize": lambda k: k.ops.image.resize(_in(k, None, None, 3), (10, 4)),
    "resize_cf": lambda k: k.ops.image.resize(_in(k, 3, 7, 6), (5, 4), interpolation="nearest",
                                              data_format="channels_first"),
    "resize_uint8": lambda k: k.ops.image.resize(_in(k, 7, 6, 3, dtype="uint8"), (5, 4)),
    "pad_images": lambda k: k.ops.image.pad_images(_in(k, 7, 6, 3), 1, 2, target_height=10,
                                                   target_width=9),
    "crop_images": lambda k: k.ops.image.crop_images(_in(k, 7, 6, 3), 1, 2, target_height=4,
                                                     target_width=3),
    "extract_patches": lambda k: k.ops.image.extract_patches(_in(k, 7, 6, 3), 2),
    "extract_patches_same": lambda k: k.ops.image.extract_patches(
        _in(k, 7, 6, 3), (3, 2), strides=(2, 1), padding="same"),
    "extract_patches_3d": lambda k: k.ops.image.extract_patches_3d(_in(k, 4, 6, 4, 2), 2),
    "map_coordinates": lambda k: k.ops.image.map_coordinates(
        k.Input(batch_shape=(5, 6)), k.Input(batch_shape=(2, 3, 4)), 1),
    "affine_transform": lambda k: k.ops.image.affine_transform(_in(k, 7, 6, 3), _in(k, 8)),
    "perspective_transform": lambda k: k.ops.image.perspective_transform(
        _in(k, 7, 6, 3), _in(k, 4, 2), _in(k, 4, 2)),
    "gaussian_blur": lambda k: k.ops.image.gaussian_blur(_in(k, 7, 6, 3),
                                                         data_format="channels_last"),
    "elastic_transform": lambda k: k.ops.image.elastic_transform(_in(k, 7, 6, 3)),
    "sobel_edges": lambda k: k.ops.image.sobel_edges(_in(k, 7, 6, 3)),
    "ssim": lambda k: k.ops.image.ssim(_in(k, 16, 14, 3), _in(k, 16, 14, 3)),
}

ERRORS = {
    "rgb_to_grayscale_rank": _image("rgb_to_grayscale", torch.ones(2, 3)),
    "rgb_to_grayscale_channels": _image("rgb_to_grayscale", torch.ones(2, 4, 4, 2)),
    "rgb_to_hsv_int": _image("rgb_to_hsv", torch.ones(2, 4, 4, 3, dtype=torch.int32)),
    "hsv_to_rgb_rank": _image("hsv_to_rgb", torch.ones(4, 3)),
    "resize_size": _image("resize", IMAGES, (4,)),
    "resize_size_zero": _image("resize", IMAGES, (0, 4)),
    "resize_rank": _image("resize", torch.ones(4, 4), (2, 2)),
    "resize_lanczos": _image("resize", IMAGES, (2, 2), interpolation="lanczos3"),
    "resize_interpolation": _image("resize", IMAGES, (2, 2), interpolation="area"),
    "resize_fill_mode": _image("resize", IMAGES, (2, 2), fill_mode="reflect"),
    "resize_crop_and_pad": _image("resize", IMAGES, (2, 2), crop_to_aspect_ratio=True,
                                  pad_to_aspect_ratio=True),
    "pad_images_three": _image("pad_images", IMAGES, 1, 1, 1, 1, target_height=10),
    "pad_images_one": _image("pad_images", IMAGES, 1, 1),
    "pad_images_negative": _image("pad_images", IMAGES, 5, 1, target_height=8,
                                  target_width=8),
    "crop_images_negative": _image("crop_images", IMAGES, 1, 1, target_height=-1,
                                   target_width=3),
    "crop_images_inferred_negative": _image("crop_images", IMAGES, bottom_cropping=5,
                                            left_cropping=1, target_height=4, target_width=3),
    "extract_patches_size": _image("extract_patches", IMAGES, (2, 2, 2, 2)),
    "extract_patches_size_type": _image("extract_patches", IMAGES, "2"),
    "map_coordinates_rank": _image("map_coordinates", torch.ones(3, 3), [[0.5]], 1),
    "map_coordinates_fill_mode": _image("map_coordinates", torch.ones(3), [[0.5]], 1,
                                        fill_mode="edge"),
    "map_coordinates_order": _image("map_coordinates", torch.ones(3), [[0.5]], 3),
    "affine_transform_interpolation": _image("affine_transform", IMAGES, SHIFT,
                                             interpolation="bicubic"),
    "affine_transform_fill_mode": _image("affine_transform", IMAGES, SHIFT, fill_mode="edge"),
    "affine_transform_rank": _image("affine_transform", IMAGES, torch.ones(1, 1, 8)),
    "perspective_points": _image("perspective_transform", IMAGES, torch.ones(3, 2),
                                 torch.ones(3, 2)),
    "perspective_mismatch": _image("perspective_transform", IMAGES, torch.ones(2, 4, 2),
                                   torch.ones(4, 2)),
    "elastic_transform_fill_mode": _image("elastic_transform", IMAGES, fill_mode="edge"),
    "scale_and_translate_method": _image("scale_and_translate", IMAGES, (2, 4, 4, 3),
                                         torch.ones(2), torch.zeros(2), (1, 2), "area"),
    "ssim_rank": _image("ssim", torch.ones(4, 4), torch.ones(4, 4)),
}


@pytest.mark.parametrize("name", sorted(EAGER))
def test_eager_matches_keras(name):
    run_eager_case(EAGER[name])


@pytest.mark.parametrize("name", sorted(SYMBOLIC))
def test_symbolic_matches_keras(name):
    run_symbolic_case(SYMBOLIC[name])


@pytest.mark.parametrize("name", sorted(ERRORS))
def test_errors_match_keras(name):
    run_error_case(ERRORS[name])


def test_elastic_transform_distorts_within_range():
    """The field is random (torch's global generator, as Keras's torch backend): check
    the shape, dtype, that pixels move, and that bilinear samples stay in the input range."""
    import kerastorch

    torch.manual_seed(0)
    output = kerastorch.ops.image.elastic_transform(BIG, alpha=5.0, sigma=2.0)
    assert output.shape == BIG.shape and output.dtype == BIG.dtype
    assert not torch.allclose(output, BIG)
    assert output.min() >= BIG.min() - 1e-6 and output.max() <= BIG.max() + 1e-6


def test_gaussian_blur_default_data_format_is_image_data_format():
    """Keras's torch backend skips the channels_last transpose when `data_format` is left
    `None` (it blurs a channels_last batch as channels_first); kerastorch uses
    `image_data_format()` as documented, like the explicit argument."""
    import kerastorch

    torch.testing.assert_close(kerastorch.ops.image.gaussian_blur(IMAGES),
                               kerastorch.ops.image.gaussian_blur(IMAGES,
                                                                  data_format="channels_last"))

"""Runs `examples/custom_train_step.py` (the "customizing fit() with PyTorch" guide), small."""

import math

import custom_train_step as example
import numpy as np


def test_every_section_trains_and_reports_its_metrics(capsys):
    results = example.main(samples=256, epochs=3, gan_images=64, gan_width=4)
    printed = capsys.readouterr().out
    for section in ("1. train_step", "2. own loss", "3. sample weights", "4. a custom test_step",
                    "5. a GAN"):
        assert section in printed
    for name in ("custom", "low_level", "weighted"):
        history = results[name].history
        assert sorted(history) == ["loss", "mae"], name
        assert history["loss"][-1] < history["loss"][0], name
    loss, mae = results["evaluate"]
    assert loss > 0 and mae > 0
    gan_history = results["gan"].history
    assert list(gan_history) == ["d_loss", "g_loss"]
    assert all(math.isfinite(v) for values in gan_history.values() for v in values)


def test_low_level_model_resets_its_own_trackers_each_epoch():
    x, y = example.regression_data(samples=64)
    model = example.regression_model(example.LowLevelModel)
    history = example.train_low_level_model(model, x, y, epochs=2, batch_size=64, verbose=0)
    # One batch per epoch: each epoch's value is that batch's loss alone.
    assert model.metrics_names == ["loss", "mae"]
    assert model.loss_tracker.count == 1
    assert history.history["loss"][1] < history.history["loss"][0]


def test_gan_updates_each_part_with_its_own_optimizer():
    images = example.digit_like_images(count=32)
    assert images.shape == (32, 28, 28, 1) and 0 <= images.min() and images.max() <= 1
    gan = example.GAN(discriminator=example.build_discriminator(width=4),
                      generator=example.build_generator(latent_dim=8, width=4), latent_dim=8)
    before = [w.copy() for w in gan.discriminator.get_weights() + gan.generator.get_weights()]
    example.train_gan(gan, example.image_dataloader(images, batch_size=16), epochs=1, verbose=0)
    after = gan.discriminator.get_weights() + gan.generator.get_weights()
    assert all(not np.array_equal(b, a) for b, a in zip(before, after))
    assert int(gan.d_optimizer.iterations) == int(gan.g_optimizer.iterations) == 2

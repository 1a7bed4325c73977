"""Runs `examples/custom_callbacks.py` (the "writing your own callbacks" guide), small."""

import custom_callbacks as example
import numpy as np
import pytest


def test_every_section_runs_and_prints_what_the_guide_shows(capsys):
    results = example.main(samples=500)
    printed = capsys.readouterr().out
    assert "Starting training; got log keys: []" in printed
    assert "...Training: end of batch 0; got log keys: ['loss', 'mean_absolute_error']" in printed
    assert ("End epoch 0 of training; got log keys: ['loss', 'mean_absolute_error', "
            "'val_loss', 'val_mean_absolute_error']") in printed
    assert "...Predicting: end of batch 0; got log keys: ['outputs']" in printed
    assert "Stop predicting; got log keys: []" in printed
    assert "The average loss for epoch 1 is" in printed
    assert results["hooks"].shape == (100, 1)
    history, stopper = results["early_stopping"]
    assert stopper.stopped_epoch == len(history.epoch) - 1 > 0
    assert f"Epoch {stopper.stopped_epoch + 1}: early stopping" in printed
    assert "Epoch 3: Learning rate is 0.0500." in printed
    assert "Epoch 12: Learning rate is 0.0010." in printed


def test_early_stopping_restores_the_best_weights():
    x, y = example.digit_like_data(samples=400)
    model = example.get_model()
    history, stopper = example.train_with_early_stopping(model, x, y, epochs=30)
    best_epoch = int(np.argmin(history.history["loss"]))
    assert stopper.best == pytest.approx(history.history["loss"][best_epoch])
    for weight, best in zip(model.get_weights(), stopper.best_weights):
        np.testing.assert_array_equal(weight, best)


@pytest.mark.parametrize("epoch, expected", [(0, 0.1), (2, 0.1), (3, 0.05), (4, 0.1), (6, 0.01),
                                             (12, 0.001), (13, 0.1)])
def test_lr_schedule_follows_the_table(epoch, expected):
    assert example.lr_schedule(epoch, 0.1) == expected


def test_scheduler_needs_an_optimizer_learning_rate():
    model = example.get_model()
    scheduler = example.CustomLearningRateScheduler(example.lr_schedule)
    scheduler.set_model(model)
    scheduler.on_epoch_begin(3)
    assert float(np.array(model.optimizer.learning_rate)) == pytest.approx(0.05)
    model.optimizer = object()
    with pytest.raises(ValueError, match='"learning_rate" attribute'):
        scheduler.on_epoch_begin(4)

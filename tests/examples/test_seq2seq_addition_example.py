"""Runs `examples/seq2seq_addition.py`, the keras.io addition seq2seq, on a small budget."""

import importlib.util
import pathlib

import kerastorch

EXAMPLE = pathlib.Path(__file__).resolve().parents[2] / "examples" / "seq2seq_addition.py"


def load_example():
    spec = importlib.util.spec_from_file_location("seq2seq_addition_example", EXAMPLE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_character_table_round_trips_a_question():
    example = load_example()
    encoded = example.ctable.encode("12+345 ", example.MAXLEN)
    assert encoded.shape == (7, 12) and encoded.sum() == 7
    assert example.ctable.decode(encoded) == "12+345 "


def test_example_learns_to_add(capsys):
    kerastorch.utils.set_random_seed(0)
    histories = load_example().main(training_size=5000, epochs=11)
    printed = capsys.readouterr().out
    assert "Total questions: 5000" in printed and "(4500, 7, 12)" in printed
    assert "lstm (LSTM)" in printed and "lstm_1 (LSTM)" in printed
    assert "time_distributed" in printed and "(TimeDistributed)" in printed
    assert "Total params: 205,324" in printed  # as Keras counts this model
    assert printed.count("Q ") == 100  # 10 validation questions after each of 10 fits
    assert len(histories) == 10
    assert sorted(histories[0].history) == ["accuracy", "loss", "val_accuracy", "val_loss"]
    losses = [h.history["loss"][0] for h in histories]
    accuracies = [h.history["val_accuracy"][0] for h in histories]
    assert losses[-1] < losses[0]
    # Per-character accuracy: 1/12 by chance, about 0.38 for the most frequent
    # characters only; learning the sums takes it beyond.
    assert accuracies[-1] > 0.45 and accuracies[-1] > accuracies[0] + 0.05

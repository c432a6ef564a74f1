"""helpers.measure: the timer takes the fastest run, and peak memory sees NumPy's buffers."""

import time

import numpy as np
import pytest

from helpers.measure import best_time, peak_memory


def test_best_time_is_the_fastest_run():
    durations = iter([0.03, 0.001, 0.02])

    def sleep_a_while():
        time.sleep(next(durations))

    seconds = best_time(sleep_a_while, repeats=3)
    assert 0.001 <= seconds < 0.02  # the second, shortest call; not the mean (about 0.017)


def test_peak_memory_counts_numpy_arrays_and_returns_the_result():
    peak, result = peak_memory(lambda: np.zeros(2_000_000).sum() + 1)
    assert result == 1.0
    assert 16_000_000 <= peak < 17_000_000  # one float64 array of 2e6 entries


@pytest.mark.parametrize("call, error, words", [
    (lambda: best_time(42), TypeError, "fn must be a callable"),
    (lambda: best_time(print, repeats=0), ValueError, "repeats must be a positive integer"),
    (lambda: peak_memory(None), TypeError, "fn must be a callable"),
])
def test_bad_input_gets_a_clear_error(call, error, words):
    with pytest.raises(error, match=words):
        call()

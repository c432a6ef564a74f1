"""Timing shared by the benchmark scripts (not part of the test run)."""

import time


def best_time(fn, repeats=3):
    """The fastest of a few runs of ``fn()``, in seconds: the least disturbed by other work."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)

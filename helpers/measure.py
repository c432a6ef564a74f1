"""Measuring time and memory: one place for the chapters and ``benchmarks/`` alike.

Introduced in chapter 5 (timing SnapshotPCA against scikit-learn) and used again in
chapter 6. Wall-clock times on a shared machine are noisy, so the book compares them as
ratios measured in one run and never asserts them.
"""

import time
import tracemalloc


def best_time(fn, repeats=3):
    """The fastest of ``repeats`` calls of ``fn()``, in seconds.

    Introduced in chapter 5. The minimum, not the mean: other work on the machine can
    only slow a run down, so the fastest run is the least disturbed one.

    Parameters
    ----------
    fn : callable
        Called with no arguments; its result is discarded.
    repeats : int, default 3
        How many times to call it (at least 1).

    Returns
    -------
    float
        Seconds.

    Examples
    --------
    >>> best_time(lambda: sum(range(1000)), repeats=2) < 1.0
    True
    """
    if not callable(fn):
        raise TypeError(f"fn must be a callable taking no arguments, got {type(fn).__name__}")
    if isinstance(repeats, bool) or not isinstance(repeats, int) or repeats < 1:
        raise ValueError(f"repeats must be a positive integer, got {repeats!r}")
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def peak_memory(fn):
    """The peak memory that ``fn()`` allocates while it runs, in bytes, and its result.

    Introduced in chapter 6. Uses :mod:`tracemalloc`, which sees NumPy's array buffers
    (NumPy reports them to it) as well as Python objects; memory held before the call
    does not count.

    Parameters
    ----------
    fn : callable
        Called once with no arguments.

    Returns
    -------
    peak : int
        Bytes.
    result
        What ``fn()`` returned.

    Examples
    --------
    >>> import numpy as np
    >>> peak, _ = peak_memory(lambda: np.ones(1_000_000))
    >>> 8_000_000 <= peak < 9_000_000
    True
    """
    if not callable(fn):
        raise TypeError(f"fn must be a callable taking no arguments, got {type(fn).__name__}")
    was_tracing = tracemalloc.is_tracing()
    if not was_tracing:
        tracemalloc.start()
    tracemalloc.reset_peak()
    start, _ = tracemalloc.get_traced_memory()
    try:
        result = fn()
        peak = tracemalloc.get_traced_memory()[1] - start
    finally:
        if not was_tracing:
            tracemalloc.stop()
    return peak, result

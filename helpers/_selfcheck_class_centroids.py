"""The self-check of chapter 6: class_centroids(X, labels, n_classes), the class means (private).

Its cases and its table of known mistakes; the engine is :mod:`helpers._selfcheck_runner`.
The mistake models are wrong on purpose, so that the check can recognise them.
"""

import numpy as np

from ._selfcheck_runner import Case, Mistake, Spec, close, run_exercise, values_mismatch
from ._selfcheck_shared import _count, seeded
from .ragged import class_centroids


# class_centroids: fn(X, labels, n_classes) -> (K, d) means, NaN rows for empty classes


def _centroids_reference(X, labels, n_classes):
    return class_centroids(X, labels, n_classes)[0]


def _centroid_cases():
    rng = seeded(14)
    X_random, labels_random = rng.normal(size=(30, 3)), rng.permutation(np.arange(30) % 4)
    cases = [
        ("3 points of 2 features, labels [2, 0, 0], 3 classes (class 1 is empty)",
         {"X": np.array([[5.0, 5.0], [0.0, 1.0], [2.0, 0.0]]), "labels": np.array([2, 0, 0]), "n_classes": 3}),
        ("30 random points (seed 14), 4 classes present, n_classes = 6",
         {"X": X_random, "labels": labels_random, "n_classes": 6}),
        ("3 integer points of 2 features, 2 classes", {"X": np.array([[1, 2], [2, 2], [7, 1]]), "labels": np.array([1, 1, 0]), "n_classes": 2}),
        ("4 integer points of 2 features, 4 classes (classes 1 and 3 are empty)",
         {"X": np.array([[3, -1], [0, 4], [5, 2], [1, 1]]), "labels": np.array([2, 0, 2, 0]), "n_classes": 4}),
        ("one point of one feature, 2 classes (class 0 is empty)",
         {"X": np.array([[-3.5]]), "labels": np.array([1]), "n_classes": 2}),
        ("4 points, all of class 0 of 1", {"X": np.array([[1.0, -2.0], [3.0, 0.0], [-1.0, 4.0], [0.0, 0.0]]),
                                          "labels": np.zeros(4, dtype=np.int64), "n_classes": 1}),
    ]
    cases += _random_cases()
    return [Case(label, args, _centroids_reference(**args), extreme=True) for label, args in cases]


_RANDOM_SEED, _RANDOM_CASES = 114, 3


def _random_cases():
    """The seeded random layer: 1 to 30 points of 1 to 4 features, 1 to 6 classes, some of them empty."""
    rng = seeded(_RANDOM_SEED)
    cases = []
    for number in range(1, _RANDOM_CASES + 1):
        n, d, n_classes = int(rng.integers(1, 31)), int(rng.integers(1, 5)), int(rng.integers(1, 7))
        labels = rng.integers(0, n_classes, size=n)
        empty = n_classes - len(np.unique(labels))
        args = {"X": rng.normal(scale=3.0, size=(n, d)), "labels": labels, "n_classes": n_classes}
        cases.append((f"random case {number} of {_RANDOM_CASES} (seed {_RANDOM_SEED}): {_count(n, 'point')} of "
                      f"{_count(d, 'feature')}, {_count(n_classes, 'class', 'classes')} ({empty} empty)", args))
    return cases


def _centroids_bench():
    rng = seeded(15)
    return "20,000 points of 8 features, 50 classes", {
        "X": rng.normal(size=(20_000, 8)), "labels": rng.integers(0, 50, 20_000), "n_classes": 50}


def _class_sums(X, labels, n_classes):
    sums = np.zeros((n_classes, X.shape[1]))
    np.add.at(sums, labels, X)
    return sums


def _buffered(run):
    """sums[labels] += X: a repeated index is written once, so each class keeps only its last point."""
    args = run.case.args
    X, labels, n_classes = np.asarray(args["X"], dtype=np.float64), args["labels"], args["n_classes"]
    last = np.zeros((n_classes, X.shape[1]))
    last[labels] += X  # the mistake itself: buffered, the last of each class's points wins
    counts = np.bincount(labels, minlength=n_classes)
    with np.errstate(invalid="ignore", divide="ignore"):
        candidates = (last / counts[:, None], np.where(counts[:, None] > 0, last, np.nan))
    expected = run.case.expected
    return any(not close(c, expected, 1e-9, 1e-12) and close(run.got, c, 1e-9, 1e-12) for c in candidates)


def _zeros_for_empty(run):
    expected = np.nan_to_num(run.case.expected, nan=0.0)
    return close(run.got, expected, 1e-9, 1e-12) and not close(run.got, run.case.expected, 1e-9, 1e-12)


def _sums_not_means(run):
    args = run.case.args
    present = np.bincount(args["labels"], minlength=args["n_classes"]) > 0
    sums = _class_sums(np.asarray(args["X"], dtype=np.float64), args["labels"], args["n_classes"])
    return (run.got.shape == sums.shape and not close(sums[present], run.case.expected[present], 1e-9, 1e-12)
            and close(run.got[present], sums[present], 1e-9, 1e-12))


def _rows_as_set(rows):
    """The rows, sorted, each entry as (is it NaN, its value to 9 decimals): NaN stays apart from inf."""
    return sorted(tuple((bool(np.isnan(v)), 0.0 if np.isnan(v) else round(float(v), 9)) for v in row)
                  for row in rows)


def _out_of_order(run):
    got, expected = run.got, run.case.expected
    if got.shape != expected.shape:
        return False
    return _rows_as_set(got) == _rows_as_set(expected) and not close(got, expected, 1e-9, 1e-12)


def _empty_rows(run):
    """Which rows belong to classes with no points."""
    args = run.case.args
    return np.bincount(args["labels"], minlength=args["n_classes"]) == 0


def _nan_cast_to_integer(run):
    """Integer X, the present classes right, and every empty class's row NaN as X's integer dtype turns it."""
    X, got, expected = run.case.args["X"], run.got, run.case.expected
    empty = _empty_rows(run)
    if X.dtype.kind not in "iu" or not empty.any() or got.shape != expected.shape:
        return False
    with np.errstate(invalid="ignore"):
        cast = float(np.array(np.nan).astype(X.dtype))
    return close(got[~empty], expected[~empty], 1e-9, 1e-12) and bool(np.all(got[empty] == cast))


_EMPTY_HINT = ("A class with no points has no mean, and the contract asks for a row of NaN there. Its sum is 0 "
               "and its count 0: 0 / 0 is NaN, but a nonzero number divided by 0 is inf, and a count clamped "
               "to 1 gives the sum, 0; fill those rows with np.nan.")


def _centroids_values(got, expected, case):
    """The default comparison; values wrong only in the rows of empty classes say so, with their hint."""
    problem = values_mismatch(got, expected, RTOL, ATOL)
    if problem is None:
        return None
    empty = np.bincount(case.args["labels"], minlength=case.args["n_classes"]) == 0
    wrong = ~np.isclose(got, expected, rtol=RTOL, atol=ATOL, equal_nan=True)
    if empty.any() and not wrong[~empty].any():
        return problem._replace(text=problem.text + ", and only in the rows of classes with no points",
                                hint=_EMPTY_HINT)
    return problem


RTOL, ATOL = 1e-9, 1e-12


def _empty_dropped(run):
    expected = run.case.expected
    present = ~np.isnan(expected).all(axis=1)
    return not present.all() and close(run.got, expected[present], 1e-9, 1e-12)


def _truncated_means(run):
    args = run.case.args
    return args["X"].dtype.kind in "iu" and (np.asarray(run.raw).dtype.kind in "iu"
                                            or close(run.got, np.trunc(run.case.expected), 0, 1e-12))


MISTAKES = (
    Mistake("buffered_fancy_index", "sums[labels] += X kept only the last point of each class",
            "Fancy-indexed += is buffered: sums[labels] is read once, X is added, and each row of "
            "sums is written back once, so a label that repeats counts only its last point. "
            "np.add.at(sums, labels, X) adds them all (or use np.bincount, or a one-hot matrix product).",
            _buffered),
    Mistake("zeros_for_empty", "an empty class got a row of zeros",
            "A class with no points has no mean; a zero row would look like a real centroid at the "
            "origin. The contract asks for NaN there (0 / 0).",
            _zeros_for_empty),
    Mistake("sums_not_means", "these are the sums of each class's points, not their means",
            "Divide each class's sum by its count (how many points carry that label).",
            _sums_not_means),
    Mistake("classes_out_of_order", "the right centroids, in the wrong rows",
            "Row c must belong to class c (labels are the row indices), whatever order the "
            "classes first appear in.",
            _out_of_order),
    Mistake("empty_dropped", "the empty classes were dropped",
            "The result has one row per class, n_classes rows, even for classes with no points "
            "(a NaN row): otherwise row c is no longer class c.",
            _empty_dropped),
    Mistake("nan_cast_to_integer", "the empty classes' NaN was cast to an integer",
            "NaN is a float: written into an integer array (such as np.full_like(X[0], np.nan) for an "
            "integer X, or any array made like X), it becomes a meaningless integer (on most "
            "machines the most negative int64, -9223372036854775808). Make the NaN row a float array (np.full(d, np.nan)).",
            _nan_cast_to_integer),
    Mistake("integer_truncation", "the means were truncated to integers",
            "The mean of integer points is a fraction: an output array created like X (an integer "
            "array) truncates it.",
            _truncated_means),
)


def check(fn):
    """Check ``fn(X, labels, n_classes)`` against ``helpers.ragged.class_centroids``."""
    return run_exercise(fn, Spec(
        "class_centroids", 6, _centroids_reference, "helpers.ragged.class_centroids",
        _centroid_cases, MISTAKES,
        "Row c is the mean of the points labelled c: their sum divided by their count.",
        rtol=RTOL, atol=ATOL, values_problem=_centroids_values, bench=_centroids_bench))


# The typical mistake the static book shows under the exercise: written as a learner might,
# and run through check() while the book is built (helpers.selfcheck), so that the page shows
# what the check really says to it; tests/test_your_turn_static.py asserts it gets its
# named mistake.
def my_class_centroids(X, labels, n_classes):
    sums = np.zeros((n_classes, X.shape[1]))
    sums[labels] += X  # a repeated label is written once, not added up
    counts = np.bincount(labels, minlength=n_classes)
    with np.errstate(invalid="ignore"):
        return sums / counts[:, None]


TYPICAL_MISTAKE = (my_class_centroids, "buffered_fancy_index")

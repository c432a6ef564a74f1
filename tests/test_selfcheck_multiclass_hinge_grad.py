"""multiclass_hinge_grad's self-check: the dtype the contract accepts, the kink rule, true labels.

Issue 24: an integer array with exactly the right values was rejected as wrong_dtype ("integer
arrays truncate", false there), float32 likewise; and the case described as "the true class
wins by at least the margin" put a rival on the kink, so a subgradient taking 1/2 there got a
generic message instead of the kink rule.
"""

import numpy as np

from helpers import losses
from helpers.selfcheck import EXERCISES
from selfcheck_adversarial import assert_wrong, checker_tests


def half_at_the_kink(scores, labels):
    """1/2 where a term is exactly 0: a subgradient, but not the one the contract chooses."""
    rows = np.arange(len(labels))
    m = scores - scores[rows, labels][:, None] + 1.0
    m[rows, labels] = -1.0
    grad = np.where(m > 0, 1.0, np.where(m == 0, 0.5, 0.0))
    grad[rows, labels] = -grad.sum(axis=1)
    return grad


def rivals_by_score(scores, labels):
    """The true class found by its score: a tied rival is dropped (it is active: its term is 1)."""
    true = scores[np.arange(len(labels)), labels][:, None]
    grad = ((scores - true + 1.0 > 0) & (scores != true)).astype(float)
    grad[np.arange(len(labels)), labels] = -grad.sum(axis=1)
    return grad


def isclose_is_the_kink(scores, labels):
    """"Never compare floats with ==": a term within np.isclose of 0 is taken as the kink (inactive)."""
    rows = np.arange(len(labels))
    m = scores - scores[rows, labels][:, None] + 1.0
    active = (m > 0) & ~np.isclose(m, 0.0)
    active[rows, labels] = False
    grad = active.astype(float)
    grad[rows, labels] = -active.sum(axis=1)
    return grad


def tolerant_kink_counted(scores, labels):
    """>= 0 with a tolerance of 1e-9: an exact kink and a term of -2**-40 both count as active."""
    rows = np.arange(len(labels))
    m = scores - scores[rows, labels][:, None] + 1.0
    active = m > -1e-9
    active[rows, labels] = False
    grad = active.astype(float)
    grad[rows, labels] = -active.sum(axis=1)
    return grad


WRONG = [
    (isclose_is_the_kink, "tolerance_at_the_kink", ["1 + 2**-30", "2**-30 inside the margin"]),
    # wrong first at an exact kink, where it is what >= 0 gives: named by the kink rule
    (tolerant_kink_counted, "kink_counted_active", "exactly at the margin"),
    (half_at_the_kink, "wrong_values", ["only where a term is exactly at its kink", "counts as inactive",
                                        "a rival exactly at the margin in each sample"]),
    (rivals_by_score, "wrong_values", "ties"),
]


def as_integers(scores, labels):
    return losses.multiclass_hinge_grad(scores, labels).astype(np.int64)


def as_float32(scores, labels):
    return losses.multiclass_hinge_grad(scores, labels).astype(np.float32)


def counting_loop(scores, labels):
    grad = np.zeros(np.shape(scores), dtype=int)  # whole numbers: an integer array holds them exactly
    for i, (row, y) in enumerate(zip(scores, labels)):
        for j, s in enumerate(row):
            if j != y and s - row[y] + 1 > 0:
                grad[i, j] += 1
                grad[i, y] -= 1
    return grad


RIGHT = [as_integers, as_float32, counting_loop]


# The two tests of the tables (tests/selfcheck_adversarial.py)
test_a_wrong_multiclass_hinge_grad_fails, test_a_right_multiclass_hinge_grad_passes = checker_tests(
    "multiclass_hinge_grad", WRONG, RIGHT
)


def test_the_contract_says_any_real_dtype():
    assert "any real dtype" in EXERCISES["multiclass_hinge_grad"].contract


def test_each_case_description_is_true_of_its_input():
    from helpers._selfcheck_multiclass_hinge_grad import _hinge_grad_cases

    for case in _hinge_grad_cases():
        scores, labels = case.args["scores"], case.args["labels"]
        rows = np.arange(len(labels))
        m = scores - scores[rows, labels][:, None] + 1.0
        m[rows, labels] = np.nan
        if "beaten by more than the margin" in case.label:
            assert (m[~np.isnan(m)] < 0).all()
        if "exactly at the margin in each sample" in case.label:
            assert ((m == 0).sum(axis=1) >= 1).all()
        if case.label.startswith("ties"):
            assert (m == 1).any(axis=1).all()
        if "(away from the kinks)" in case.label:
            assert np.nanmin(np.abs(m)) > 1e-3
        if "2**-30 inside the margin" in case.label:
            assert (m == 2.0**-30).sum() == 1 and (m == -(2.0**-40)).sum() == 1
            assert case.shown["scores"] == "[[2, 1 + 2**-30, 0.5], [0, 3, 2 - 2**-40]]"
            assert np.array_equal(scores, [[2, 1 + 2**-30, 0.5], [0, 3, 2 - 2**-40]])


def test_an_unsigned_result_is_told_why_minus_one_became_255():
    def unsigned(scores, labels):
        return losses.multiclass_hinge_grad(scores, labels).astype(np.uint8)

    assert_wrong("multiclass_hinge_grad", unsigned, "wrong_values",
                 ["got 255.0", "unsigned dtype uint8, which cannot hold negative numbers"])

"""helpers.losses: cross-entropy and its gradient against plain loops and SciPy."""

import numpy as np
import pytest
import scipy.special
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from helpers.gradcheck import GOOD, check_gradient
from helpers.losses import (
    cross_entropy, cross_entropy_grad, hinge, logistic_loss, logistic_loss_grad, multiclass_hinge,
    multiclass_hinge_grad,
)


def loop_cross_entropy(z, y):
    """The definition, one sample at a time, with SciPy's logsumexp."""
    return np.array([scipy.special.logsumexp(row) - row[t] for row, t in zip(z, y)])


def loop_cross_entropy_grad(z, y):
    out = np.empty_like(z)
    for i, (row, t) in enumerate(zip(z, y)):
        out[i] = scipy.special.softmax(row)
        out[i, t] -= 1
    return out


@pytest.fixture
def problem():
    rng = np.random.default_rng(0)
    return rng.normal(scale=3, size=(8, 5)), rng.integers(0, 5, size=8)


def test_matches_a_plain_loop(problem):
    z, y = problem
    np.testing.assert_allclose(cross_entropy(z, y), loop_cross_entropy(z, y), rtol=1e-12)
    np.testing.assert_allclose(cross_entropy_grad(z, y), loop_cross_entropy_grad(z, y), rtol=1e-12, atol=1e-15)


def test_gradient_is_softmax_minus_onehot_not_softmax(problem):
    z, y = problem
    grad = cross_entropy_grad(z, y)
    np.testing.assert_allclose(grad.sum(axis=1), 0, atol=1e-12)
    np.testing.assert_allclose(grad[np.arange(len(y)), y], scipy.special.softmax(z, axis=1)[np.arange(len(y)), y] - 1)


def test_gradient_passes_a_numerical_check(problem):
    z, y = problem
    z = z / 3  # a well-scaled point: no gradient entry below the round-off floor (chapter 1)
    for method in ("central", "complex"):
        result = check_gradient(lambda a: cross_entropy(a, y).sum(), lambda a: cross_entropy_grad(a, y), z, method=method)
        assert result.error < GOOD, (method, result)


def test_column_labels_as_in_the_question(problem):
    z, y = problem
    np.testing.assert_array_equal(cross_entropy(z, y[:, None]), cross_entropy(z, y))
    np.testing.assert_array_equal(cross_entropy_grad(z, y[:, None]), cross_entropy_grad(z, y))


def test_extreme_logits_give_exact_finite_losses():
    z = np.array([[0.0, 1e4], [1e4, -1e4]])
    np.testing.assert_array_equal(cross_entropy(z, [0, 0]), [1e4, 0.0])
    np.testing.assert_array_equal(cross_entropy_grad(z, [0, 0]), [[-1.0, 1.0], [0.0, 0.0]])


def test_single_sample_float32_and_no_mutation():
    z = np.array([[1.0, 2.0, 3.0]], dtype=np.float32)
    before = z.copy()
    assert cross_entropy(z, [2]).dtype == np.float32 and cross_entropy_grad(z, [2]).dtype == np.float32
    np.testing.assert_allclose(cross_entropy(z, [2]), loop_cross_entropy(z.astype(float), [2]), rtol=1e-6)
    np.testing.assert_array_equal(z, before)


@pytest.mark.parametrize(
    "logits, labels, error, words",
    [
        ([[1.0, 2.0]], [2], ValueError, r"labels must lie in \[0, 2\)"),
        ([[1.0, 2.0]], [-1], ValueError, "found -1"),
        ([[1.0, 2.0]], [0.0], TypeError, "labels must be integers"),
        ([[1.0, 2.0]], [0, 1], ValueError, "2 entries but there are 1 samples"),
        ([[1.0, 2.0]], [[0, 1]], ValueError, "shape"),
        ([1.0, 2.0], [0], ValueError, "2-D"),
        ([[1.0, np.nan]], [0], ValueError, "logits contains NaN"),
        (np.zeros((0, 3)), np.zeros(0, int), ValueError, "empty"),
    ],
)
def test_bad_input_gets_a_clear_error(logits, labels, error, words):
    for fn in (cross_entropy, cross_entropy_grad):
        with pytest.raises(error, match=words):
            fn(logits, labels)


@settings(max_examples=50, deadline=None)
@given(
    arrays(np.float64, st.tuples(st.integers(1, 6), st.integers(2, 6)), elements=st.floats(-50, 50)),
    st.floats(-100, 100),
    st.data(),
)
def test_loss_is_unchanged_by_a_shift_and_nonnegative(z, c, data):
    y = np.array(data.draw(st.lists(st.integers(0, z.shape[1] - 1), min_size=z.shape[0], max_size=z.shape[0])))
    loss = cross_entropy(z, y)
    assert np.all(loss >= 0)
    np.testing.assert_allclose(cross_entropy(z + c, y), loss, rtol=1e-9, atol=1e-9)


# ---- binary logistic loss (chapter 2) -------------------------------------------------

def test_logistic_loss_matches_the_definition_and_sklearn():
    from sklearn.metrics import log_loss

    rng = np.random.default_rng(3)
    s, y = rng.normal(scale=3, size=50), rng.integers(0, 2, size=50)
    p = scipy.special.expit(s)
    np.testing.assert_allclose(logistic_loss(s, y), -(y * np.log(p) + (1 - y) * np.log1p(-p)), rtol=1e-10)
    assert logistic_loss(s, y).mean() == pytest.approx(log_loss(y, p), rel=1e-9)


def test_logistic_loss_is_two_class_cross_entropy():
    s, y = np.array([-3.0, 0.5, 7.0]), np.array([0, 1, 1])
    two_logits = np.column_stack([np.zeros_like(s), s])  # softmax([0, s])[1] = sigmoid(s)
    np.testing.assert_allclose(logistic_loss(s, y), cross_entropy(two_logits, y), rtol=1e-12)
    np.testing.assert_allclose(logistic_loss_grad(s, y), cross_entropy_grad(two_logits, y)[:, 1], rtol=1e-12)


def test_logistic_loss_grad_passes_a_numerical_check():
    rng = np.random.default_rng(4)
    s, y = rng.normal(size=20), rng.integers(0, 2, size=20)
    result = check_gradient(lambda v: logistic_loss(v, y).sum(), lambda v: logistic_loss_grad(v, y), s)
    assert result.error < GOOD


def test_confident_mistakes_cost_their_margin_not_inf():
    np.testing.assert_array_equal(logistic_loss([-1e4, 1e4], [1, 0]), [1e4, 1e4])
    np.testing.assert_array_equal(logistic_loss([1e4, -1e4], [1, 0]), [0.0, 0.0])


@pytest.mark.parametrize(
    "logits, labels, error, words",
    [
        ([0.0, 1.0], [0, 2], ValueError, r"\[0, 2\)"),
        ([0.0, 1.0], [0.0, 1.0], TypeError, "integers"),
        ([[0.0, 1.0]], [0], ValueError, "1-D"),
        ([0.0, np.nan], [0, 1], ValueError, "logits contains NaN"),
        ([0.0], [0, 1], ValueError, "2 entries"),
    ],
)
def test_logistic_loss_bad_input(logits, labels, error, words):
    for fn in (logistic_loss, logistic_loss_grad):
        with pytest.raises(error, match=words):
            fn(logits, labels)


# ---- hinge losses (chapter 3) ----------------------------------------------------------

def loop_multiclass_hinge(scores, labels, delta, variant):
    """The definitions, one sample and one class at a time."""
    out = []
    for row, t in zip(scores, labels):
        terms = [row[j] - row[t] + delta for j in range(len(row)) if j != t]
        out.append(sum(max(0.0, m) for m in terms) if variant == "weston-watkins" else max(0.0, max(terms)))
    return np.array(out)


def test_binary_hinge():
    np.testing.assert_array_equal(hinge([-2.0, 0.0, 0.999, 1.0, 5.0]), [3.0, 1.0, 1.0 - 0.999, 0.0, 0.0])
    assert hinge(np.zeros((2, 3))).shape == (2, 3)


def test_cs231n_worked_example():
    scores = np.array([[3.2, 5.1, -1.7], [1.3, 4.9, 2.0], [2.2, 2.5, -3.1]])
    np.testing.assert_allclose(multiclass_hinge(scores, [0, 1, 2]), [2.9, 0.0, 12.9], rtol=1e-12)


@pytest.mark.parametrize("variant", ["weston-watkins", "crammer-singer"])
@pytest.mark.parametrize("delta", [0.0, 1.0, 2.5])
def test_multiclass_hinge_matches_loops(variant, delta):
    rng = np.random.default_rng(5)
    s, y = rng.normal(size=(30, 5)), rng.integers(0, 5, size=30)
    np.testing.assert_allclose(multiclass_hinge(s, y, delta, variant), loop_multiclass_hinge(s, y, delta, variant),
                               rtol=1e-12)


def test_crammer_singer_mean_is_sklearn_hinge_loss():
    from sklearn.metrics import hinge_loss

    rng = np.random.default_rng(6)
    s, y = rng.normal(scale=2, size=(200, 4)), rng.integers(0, 4, size=200)
    assert multiclass_hinge(s, y, variant="crammer-singer").mean() == pytest.approx(
        hinge_loss(y, s, labels=np.arange(4)), rel=1e-12)


@pytest.mark.parametrize("variant", ["weston-watkins", "crammer-singer"])
def test_multiclass_hinge_grad_passes_a_numerical_check_away_from_kinks(variant):
    rng = np.random.default_rng(7)
    s, y = rng.normal(size=(10, 4)), rng.integers(0, 4, size=10)
    margins = s - s[np.arange(10), y][:, None] + 1.0
    assert np.min(np.abs(margins)) > 1e-3  # no kink within the step
    f = lambda v: multiclass_hinge(v, y, variant=variant).sum()
    result = check_gradient(f, lambda v: multiclass_hinge_grad(v, y, variant=variant), s, h=1e-6)
    assert result.error < GOOD


def test_multiclass_hinge_grad_rows_sum_to_zero_and_vanish_when_satisfied():
    rng = np.random.default_rng(8)
    s, y = rng.normal(size=(20, 3)), rng.integers(0, 3, size=20)
    for variant in ("weston-watkins", "crammer-singer"):
        np.testing.assert_allclose(multiclass_hinge_grad(s, y, variant=variant).sum(axis=1), 0.0)
    satisfied = np.array([[10.0, 0.0, 0.0]])
    assert multiclass_hinge(satisfied, [0]) == 0.0
    np.testing.assert_array_equal(multiclass_hinge_grad(satisfied, [0]), [[0.0, 0.0, 0.0]])


@pytest.mark.parametrize(
    "kwargs, error, words",
    [
        (dict(scores=[[1.0, 2.0]], labels=[2]), ValueError, r"\[0, 2\)"),
        (dict(scores=[[1.0, 2.0]], labels=[0], delta=-1.0), ValueError, "delta must be a finite number >= 0"),
        (dict(scores=[[1.0, 2.0]], labels=[0], delta="1"), TypeError, "delta must be a number"),
        (dict(scores=[[1.0, 2.0]], labels=[0], variant="svm"), ValueError, "variant must be one of"),
        (dict(scores=[[1.0]], labels=[0]), ValueError, "at least 2 classes"),
        (dict(scores=[1.0, 2.0], labels=[0]), ValueError, "2-D"),
        (dict(scores=[[1.0, 2.0]], labels=[0, 1]), ValueError, "2 entries"),
        (dict(scores=[[1.0, np.nan]], labels=[0]), ValueError, "scores contains NaN"),
    ],
)
def test_multiclass_hinge_bad_input(kwargs, error, words):
    for fn in (multiclass_hinge, multiclass_hinge_grad):
        with pytest.raises(error, match=words):
            fn(**kwargs)


def test_multiclass_hinge_grad_at_a_kink_treats_the_term_as_inactive():
    # s_j - s_y + delta == 0 exactly for both rivals: the documented subgradient is 0 there.
    for variant in ("weston-watkins", "crammer-singer"):
        np.testing.assert_array_equal(multiclass_hinge_grad([[1.0, 0.0, 0.0]], [0], variant=variant), [[0.0, 0.0, 0.0]])
    # Crammer-Singer with tied strongest rivals charges the first of them.
    np.testing.assert_array_equal(multiclass_hinge_grad([[0.0, 1.0, 1.0]], [0], variant="crammer-singer"),
                                  [[-1.0, 1.0, 0.0]])

"""helpers.activations against scipy.special, at ordinary and extreme logits."""

import warnings

import numpy as np
import pytest
import scipy.special
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from helpers.activations import log_sigmoid, log_softmax, sigmoid, softmax

finite = st.floats(-1e4, 1e4, allow_nan=False, allow_infinity=False)
logit_arrays = arrays(np.float64, st.tuples(st.integers(1, 5), st.integers(1, 6)), elements=finite)


def test_match_scipy_to_1e_12():
    z = np.random.default_rng(0).normal(scale=30, size=(50, 7))
    np.testing.assert_allclose(sigmoid(z), scipy.special.expit(z), rtol=1e-12, atol=0)
    np.testing.assert_allclose(softmax(z), scipy.special.softmax(z, axis=-1), rtol=1e-12, atol=1e-300)
    np.testing.assert_allclose(log_softmax(z), scipy.special.log_softmax(z, axis=-1), rtol=1e-12)
    np.testing.assert_allclose(softmax(z, axis=0), scipy.special.softmax(z, axis=0), rtol=1e-12, atol=1e-300)


@pytest.mark.parametrize("scale", [1e4, 1e6, 1e300])
def test_extreme_logits_are_finite_and_silent(scale):
    z = np.array([[scale, -scale, 0.0], [-scale, -scale, -scale]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # any overflow/underflow RuntimeWarning fails the test
        p, lp, s = softmax(z), log_softmax(z), sigmoid(z)
    assert np.isfinite(lp).all() and np.isfinite(p).all() and np.isfinite(s).all()
    np.testing.assert_allclose(p[0], [1, 0, 0])
    np.testing.assert_allclose(p[1], [1 / 3] * 3)
    np.testing.assert_allclose(lp[0], [0, -2 * scale, -scale], rtol=1e-12)
    np.testing.assert_array_equal(s[0], [1.0, 0.0, 0.5])


def test_float32_stays_float32_and_ints_become_float64():
    z32 = np.array([[1.0, 2.0, 3.0]], dtype=np.float32)
    for fn in (sigmoid, softmax, log_softmax):
        assert fn(z32).dtype == np.float32
        assert fn(np.array([[1, 2, 3]])).dtype == np.float64
    np.testing.assert_allclose(softmax(z32), scipy.special.softmax(z32.astype(float), axis=-1), rtol=1e-6)


def test_any_number_of_dimensions_and_scalars():
    z = np.random.default_rng(1).normal(size=(2, 3, 4))
    np.testing.assert_allclose(softmax(z, axis=1), scipy.special.softmax(z, axis=1), rtol=1e-12)
    assert softmax([2.0, 2.0]).shape == (2,)
    assert float(sigmoid(0)) == 0.5 and np.ndim(sigmoid(0.0)) == 0
    assert sigmoid(np.inf) == 1.0 and sigmoid(-np.inf) == 0.0


def test_inputs_are_not_mutated():
    z = np.array([[1.0, 5.0], [3.0, -2.0]])
    before = z.copy()
    softmax(z), log_softmax(z), sigmoid(z)
    np.testing.assert_array_equal(z, before)


@pytest.mark.parametrize(
    "call, error, words",
    [
        (lambda: softmax([[1.0, np.nan]]), ValueError, "z contains NaN"),
        (lambda: softmax([[1.0, np.inf]]), ValueError, "inf"),
        (lambda: softmax(3.0), ValueError, "at least one dimension"),
        (lambda: softmax(np.zeros((2, 0))), ValueError, "empty"),
        (lambda: softmax([[1.0, 2.0]], axis=2), ValueError, "axis=2"),
        (lambda: softmax([["a", "b"]]), TypeError, "dtype"),
        (lambda: sigmoid([True, False]), TypeError, "boolean"),
        (lambda: sigmoid([[1.0], [1.0, 2.0]]), TypeError, "z must be"),
        (lambda: log_softmax([1.0, 2.0], axis=1.5), TypeError, "axis must be an int"),
    ],
)
def test_bad_input_gets_a_clear_error(call, error, words):
    with pytest.raises(error, match=words):
        call()


@settings(max_examples=60, deadline=None)
@given(logit_arrays)
def test_softmax_rows_sum_to_one(z):
    p = softmax(z)
    assert np.all(p >= 0) and np.all(p <= 1)
    np.testing.assert_allclose(p.sum(axis=-1), 1.0, rtol=1e-12)


@settings(max_examples=60, deadline=None)
@given(logit_arrays, st.floats(-1e3, 1e3))
def test_shifting_all_logits_changes_nothing(z, c):
    np.testing.assert_allclose(softmax(z + c), softmax(z), rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(log_softmax(z + c), log_softmax(z), rtol=1e-9, atol=1e-9)


@settings(max_examples=60, deadline=None)
@given(arrays(np.float64, st.integers(1, 20), elements=st.floats(-800, 800)))
def test_sigmoid_matches_expit_and_is_symmetric(z):
    # Below float64's smallest normal number (z < -708) expit flushes to 0 while sigmoid keeps
    # the subnormal value exp(z); both are within `tiny` of the truth.
    np.testing.assert_allclose(sigmoid(z), scipy.special.expit(z), rtol=1e-12, atol=np.finfo(float).tiny)
    np.testing.assert_allclose(sigmoid(-z), 1 - sigmoid(z), atol=1e-15)


def test_log_sigmoid_matches_log_expit_on_a_fine_grid():
    # Includes the tails where log(1 + tiny) needs log1p: log_sigmoid(40) is about -4.2e-18, not 0.
    z = np.linspace(-800, 800, 16_001)
    np.testing.assert_allclose(log_sigmoid(z), scipy.special.log_expit(z), rtol=1e-12, atol=0)
    z32 = z.astype(np.float32)
    np.testing.assert_allclose(log_sigmoid(z32), scipy.special.log_expit(z32.astype(float)), rtol=1e-5,
                               atol=np.finfo(np.float32).tiny)


@settings(max_examples=80, deadline=None)
@given(arrays(np.float64, st.integers(1, 20), elements=st.floats(-1e300, 1e300) | st.floats(-1e3, 1e3)))
def test_log_sigmoid_matches_log_expit_without_warnings(z):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = log_sigmoid(z)
    np.testing.assert_allclose(out, scipy.special.log_expit(z), rtol=1e-12, atol=1e-300)


def test_log_sigmoid_where_log_of_sigmoid_fails():
    z = np.array([-1e4, -800.0, 0.0, 40.0, 1e4])
    with np.errstate(divide="ignore"):
        naive = np.log(sigmoid(z))
    assert np.isneginf(naive[:2]).all()
    np.testing.assert_allclose(log_sigmoid(z)[:2], [-1e4, -800.0], rtol=1e-15)
    np.testing.assert_allclose(log_sigmoid(-z), scipy.special.log_expit(-z), rtol=1e-12)  # log(1 - sigmoid)
    assert log_sigmoid(np.float32(-200.0)).dtype == np.float32
    assert log_sigmoid(np.inf) == 0.0 and log_sigmoid(-np.inf) == -np.inf
    with pytest.raises(ValueError, match="z contains NaN"):
        log_sigmoid([np.nan])

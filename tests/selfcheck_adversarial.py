"""What the self-check tests share: tables of wrong and right functions, run through the checker.

Two kinds of test files use it; each keeps its own functions and inputs (they are the content)
and makes its tests with one call here:

* ``tests/test_selfcheck_<exercise>.py`` lists WRONG as (function, the id its check must
  report, words its message must contain) and RIGHT as functions that must pass;
  ``checker_tests`` makes the two tests that run these tables.
* ``tests/adversarial/test_<exercise>.py`` holds functions written blind, from the contract
  alone: WRONG as ``pytest.param(function, witness)``, where the witness is an input the
  contract promises on which the function misses it; CORRECT as ``pytest.param(function)``;
  WITNESSES, every input; and ``contract_miss(fn, witness)``, which says how fn misses the
  contract there (None when it meets it). ``adversarial_tests`` makes the four tests that
  use them, and ``diagnosis_tests`` the one that asks which mistake the checker names.
  A wrong function the checker passes today is marked ``passes_today(why)``, so the
  suite documents it.

pytest collects every module-level name that starts with ``test_``, so a test file binds
what these functions return to such names, e.g.
``test_a_wrong_log_sigmoid_fails, test_a_right_log_sigmoid_passes = checker_tests(...)``.
"""

import pytest

from helpers.selfcheck import check


def assert_wrong(exercise, fn, mistake, words):
    result = check(exercise, fn)
    assert (result.passed, result.mistake) == (False, mistake), result.message
    for word in [words] if isinstance(words, str) else words:
        assert word in result.message, (word, result.message)
    return result


def assert_right(exercise, fn):
    result = check(exercise, fn)
    assert result.passed, result.message
    return result


def ids(table):
    return [row[0].__name__ if isinstance(row, tuple) else row.__name__ for row in table]


def checker_tests(exercise, wrong, right, never_says=None):
    """The two tests of a WRONG and a RIGHT table: each wrong function fails with its id and
    words (and without the words ``never_says``, when given), each right one passes."""

    @pytest.mark.parametrize("fn, mistake, words", wrong, ids=ids(wrong))
    def test_a_wrong_function_fails(fn, mistake, words):
        result = assert_wrong(exercise, fn, mistake, words)
        if never_says is not None:
            assert never_says not in result.message

    @pytest.mark.parametrize("fn", right, ids=ids(right))
    def test_a_right_function_passes(fn):
        assert_right(exercise, fn)

    return test_a_wrong_function_fails, test_a_right_function_passes


def passes_today(why):
    """Marks a WRONG entry the checker passes today (``pytest.param(..., marks=...)``).

    strict=True: once the checker catches it, the test reports XPASS as a failure, and the
    mark must go.
    """
    return pytest.mark.xfail(strict=True, reason=f"checker passes this wrong code today: {why}")


def without_marks(params):
    # a passes_today mark says what the checker misses: it belongs on the checker's test only
    return [pytest.param(*p.values, id=p.id) for p in params]


def adversarial_tests(exercise, wrong, correct, witnesses, contract_miss, describe=None):
    """The four tests of an adversarial file, in this order:

    * test_witness: each wrong function misses the contract on its witness (no checker);
    * test_wrong_fails: the checker fails each wrong function, without crashing itself;
    * test_correct_meets_the_contract_on_every_witness: the correct functions meet the
      contract on every witness (so the witnesses ask nothing beyond it);
    * test_correct_passes: the checker passes each correct function.

    ``describe(witness)``, when given, is what a failure shows of a witness (else the witness).
    """

    @pytest.mark.parametrize("fn, witness", without_marks(wrong))
    def test_witness(fn, witness):
        assert contract_miss(fn, witness) is not None

    @pytest.mark.parametrize("fn, witness", wrong)
    def test_wrong_fails(fn, witness):
        result = check(exercise, fn)
        assert result.mistake != "checker_error", result.message
        assert not result.passed, f"{fn.__name__} passed:\n{result.message}"

    @pytest.mark.parametrize("fn", without_marks(correct))
    def test_correct_meets_the_contract_on_every_witness(fn):
        for witness in witnesses:
            miss = contract_miss(fn, witness)
            assert miss is None, (miss, witness if describe is None else describe(witness))

    @pytest.mark.parametrize("fn", correct)
    def test_correct_passes(fn):
        assert_right(exercise, fn)

    return (test_witness, test_wrong_fails, test_correct_meets_the_contract_on_every_witness,
            test_correct_passes)


def diagnosis_tests(exercise, named):
    """The test that the checker names the mistake NAMED gives for each of its functions."""

    @pytest.mark.parametrize("fn, mistake", named.items(), ids=ids(named))
    def test_round_3_diagnosis(fn, mistake):
        assert_wrong(exercise, fn, mistake, words=[])

    return test_round_3_diagnosis

"""What the per-exercise self-check tests share: run a table of wrong and right functions.

Each ``tests/test_selfcheck_<exercise>.py`` lists WRONG as (function, the id its check must
report, words its message must contain) and RIGHT as functions that must pass.
"""

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

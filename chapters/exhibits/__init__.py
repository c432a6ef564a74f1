"""Code the chapters show but do not recommend: published answers, translations to other frameworks.

Not part of the ``helpers`` package. A chapter imports it as ``exhibits`` because the
notebooks run with ``chapters/`` as their working folder.
"""

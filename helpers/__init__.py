"""Helpers for the book *Machine learning from scratch in NumPy*.

Each module collects the functions one or more chapters build and explain; every public
function's docstring names the chapter that introduces it. Importing the package has no
side effects: no plotting settings change, nothing prints, nothing downloads.
"""

__version__ = "0.1.0"

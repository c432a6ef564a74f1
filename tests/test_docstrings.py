"""Every public function, class and method of ``helpers`` has a complete numpydoc docstring.

Learners read and copy the ``helpers`` package, so its docstrings are part of the book. For
every public module of the package (``pkgutil`` over ``helpers.__path__``, names starting
with ``_`` skipped), every public function and class defined in it, and every public method
of those classes (inherited ones included, when a ``helpers`` class defines them), this
checks:

* a docstring exists;
* a callable that takes arguments (besides ``self``) has a ``Parameters`` section, and every
  argument is named in it (a class's constructor arguments may instead be listed under
  ``Attributes``, as for data classes and named tuples, whose fields are both);
* functions and methods have a ``Returns`` section;
* a class that stores fitted or data attributes (a ``fit`` method, or fields of a data class
  or named tuple) has an ``Attributes`` section;
* module-level functions and classes say which chapter introduces them
  ("Introduced in chapter N").

Every offender is collected first and reported at once.
"""

import importlib
import inspect
import pkgutil
import re

import helpers

SECTION_UNDERLINE = re.compile(r"^(?P<name>[A-Z][A-Za-z ]+)\n(?P<rule>-+)$", re.MULTILINE)
CHAPTER = re.compile(r"Introduced in chapter \d")


def public_modules():
    for info in pkgutil.iter_modules(helpers.__path__):
        if not info.name.startswith("_"):
            yield importlib.import_module(f"helpers.{info.name}")


def sections(doc):
    """Map each numpydoc section title to its body (the text up to the next section)."""
    doc = inspect.cleandoc(doc)
    found = [m for m in SECTION_UNDERLINE.finditer(doc) if len(m["rule"]) >= len(m["name"])]
    return {m["name"]: doc[m.end():found[i + 1].start() if i + 1 < len(found) else len(doc)]
            for i, m in enumerate(found)}


def documented_names(body):
    """The names a Parameters-style section documents: ``a, b : type`` lines at its left margin."""
    names = set()
    for line in body.splitlines():
        if line and not line[0].isspace():
            for name in line.split(" : ")[0].split(","):
                names.add(name.strip().lstrip("*"))
    return names


def arguments(func, *, bound):
    """Argument names of ``func`` (without ``self`` when ``bound``)."""
    names = list(inspect.signature(func).parameters)
    return names[1:] if bound and names else names


def is_record(cls):
    """A data class or named tuple: its constructor arguments are its (data) attributes."""
    return hasattr(cls, "__dataclass_fields__") or (issubclass(cls, tuple) and hasattr(cls, "_fields"))


def public_methods(cls):
    """Public functions a ``helpers`` class defines or inherits from another ``helpers`` class."""
    seen = {}
    for klass in reversed(cls.__mro__):
        if not klass.__module__.startswith("helpers"):
            continue
        for name, attr in vars(klass).items():
            if name.startswith("_"):
                continue
            if isinstance(attr, (staticmethod, classmethod)):
                seen[name] = (attr.__func__, isinstance(attr, classmethod))
            elif inspect.isfunction(attr):
                seen[name] = (attr, True)
            elif isinstance(attr, property):
                seen[name] = (attr, None)
    return seen


def problems_of_callable(label, func, *, bound, extra_names=()):
    doc = inspect.getdoc(func)
    if not doc:
        return [f"{label}: no docstring"]
    found = sections(doc)
    problems = []
    args = arguments(func, bound=bound)
    if args:
        if "Parameters" not in found:
            problems.append(f"{label}: takes {', '.join(args)} but has no 'Parameters' section")
        else:
            documented = documented_names(found["Parameters"]) | set(extra_names)
            missing = [a for a in args if a not in documented]
            if missing:
                problems.append(f"{label}: 'Parameters' does not name {', '.join(missing)}")
    if "Returns" not in found:
        problems.append(f"{label}: no 'Returns' section")
    return problems


def problems_of_class(label, cls):
    doc = cls.__doc__  # the class's own docstring, never one inherited from a base class
    if not doc:
        return [f"{label}: no docstring"]
    found = sections(doc)
    problems = []
    if is_record(cls):
        fields = list(inspect.signature(cls).parameters)
    else:
        fields = [] if cls.__init__ is object.__init__ else arguments(cls.__init__, bound=True)
    documented = set()
    for title in ("Parameters", "Attributes"):
        documented |= documented_names(found.get(title, ""))
    if fields:
        if "Parameters" not in found and not (is_record(cls) and "Attributes" in found):
            problems.append(f"{label}: takes {', '.join(fields)} but has no 'Parameters' section")
        missing = [f for f in fields if f not in documented]
        if missing:
            problems.append(f"{label}: its docstring does not name {', '.join(missing)}")
    if (is_record(cls) or hasattr(cls, "fit")) and "Attributes" not in found:
        problems.append(f"{label}: stores data or fitted attributes but has no 'Attributes' section")
    if not CHAPTER.search(doc):
        problems.append(f"{label}: does not say 'Introduced in chapter N'")
    return problems


def docstring_problems():
    problems = []
    checked = set()  # a method inherited by two classes is reported once
    for module in public_modules():
        for name, obj in vars(module).items():
            if name.startswith("_") or getattr(obj, "__module__", None) != module.__name__:
                continue
            label = f"{module.__name__}.{name}"
            if inspect.isfunction(obj):
                problems += problems_of_callable(label, obj, bound=False)
                if not CHAPTER.search(inspect.getdoc(obj) or ""):
                    problems.append(f"{label}: does not say 'Introduced in chapter N'")
            elif inspect.isclass(obj):
                problems += problems_of_class(label, obj)
                for method_name, (method, bound) in public_methods(obj).items():
                    if id(method) in checked:
                        continue
                    checked.add(id(method))
                    method_label = f"{label}.{method_name}"
                    if bound is None:  # a property: documented like an attribute
                        if not inspect.getdoc(method):
                            problems.append(f"{method_label}: no docstring")
                        continue
                    problems += problems_of_callable(method_label, method, bound=bound)
    return problems


def test_public_modules_are_found():
    names = {module.__name__ for module in public_modules()}
    assert {"helpers.activations", "helpers.gradcheck", "helpers.linear", "helpers.ragged"} <= names


def test_every_public_callable_has_complete_numpydoc_sections():
    problems = docstring_problems()
    assert not problems, f"{len(problems)} docstring problems:\n" + "\n".join(problems)

"""Gather the chapters' check-yourself questions for the landing page and the Practice page.

Each question a chapter asks (``helpers.interactive.ask``) is one ``text/html`` output: a root
``<div class="sc" data-selfcheck=...>`` holding the form and, as JSON, every variant the
chapter's code made. While Sphinx reads a chapter, this extension keeps each root (with its
``key``) in the build environment; when the build ends it writes them, in the book's order, to
``_static/questions-data.js`` (``window.BOOK_QUESTIONS``; ``questions-index.js`` holds only
their keys, for the landing page), beside the scripts that use them
(``helpers/static``: progress.js, questions.js, questions.css, practice.js). The landing page
counts each chapter's questions answered right from it, and the Practice page asks them again,
each with a fresh variant: both from ``file://``, where a page cannot fetch another page.

A question without a key, or two with the same key, is a warning, so the strict build fails:
the reader's progress is kept under the key.
"""

import json
import re
import shutil
from pathlib import Path

from docutils import nodes
from sphinx.util import logging

import helpers

logger = logging.getLogger(__name__)
STATIC = Path(helpers.__file__).parent / "static"
SCRIPTS = ("progress.js", "questions.js", "questions.css", "practice.js")
# the question's root element: it ends where the inlined script that mounts it begins
ROOT = re.compile(r'<div class="sc" id="[^"]+" data-selfcheck="[a-z]+">.*?</div>(?=\n<script>)', re.DOTALL)
DATA = re.compile(r'<script type="application/json" class="sc-data">(.*?)</script>', re.DOTALL)


def collect_questions(app, doctree):
    env, docname = app.env, app.env.docname
    found = []
    for raw in doctree.findall(nodes.raw):
        text = raw.astext()
        if "data-selfcheck" not in text:
            continue
        for root in ROOT.findall(text):
            data = json.loads(DATA.search(root).group(1))
            if not data.get("key"):
                logger.warning("a check-yourself question without a key: ask it with "
                               "helpers.interactive.ask(make, key=...), so that progress can be kept",
                               location=docname)
                continue
            found.append({"key": data["key"], "html": root})
    env.book_questions = getattr(env, "book_questions", {})
    env.book_questions.pop(docname, None)
    if found:
        env.book_questions[docname] = found


def purge(app, env, docname):
    getattr(env, "book_questions", {}).pop(docname, None)


def merge(app, env, docnames, other):
    env.book_questions = getattr(env, "book_questions", {})
    env.book_questions.update({d: q for d, q in getattr(other, "book_questions", {}).items() if d in docnames})


def chapters(env):
    """The chapters with questions, in the book's order, each with its number and title."""
    listed = []
    for docname in sorted(getattr(env, "book_questions", {})):
        number = env.toc_secnumbers.get(docname, {}).get("", ())
        listed.append({
            "href": f"{docname}.html",
            "number": ".".join(map(str, number)),
            "title": env.titles[docname].astext(),
            "questions": env.book_questions[docname],
        })
    return listed


def write_questions(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    listed = chapters(app.env)
    keys = [q["key"] for chapter in listed for q in chapter["questions"]]
    repeated = sorted({key for key in keys if keys.count(key) > 1})
    if repeated:
        logger.warning(f"two check-yourself questions share the key(s) {repeated}: give each its own")
    static = Path(app.outdir) / "_static"
    static.mkdir(exist_ok=True)
    for name in SCRIPTS:
        shutil.copyfile(STATIC / name, static / name)
    # The Practice page asks every question (0.8 MB); the landing page only counts them.
    keys_only = [dict(chapter, questions=[{"key": q["key"]} for q in chapter["questions"]]) for chapter in listed]
    for name, chapters_ in (("questions-data.js", listed), ("questions-index.js", keys_only)):
        # "<" escaped, so that no text in a question can end the script early
        payload = json.dumps(chapters_, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")
        (static / name).write_text(
            "// The book's check-yourself questions, by chapter (written by _ext/practice_questions.py).\n"
            f"window.BOOK_QUESTIONS = {payload};\n", encoding="utf-8")


def setup(app):
    app.connect("doctree-read", collect_questions)
    app.connect("env-purge-doc", purge)
    app.connect("env-merge-info", merge)
    app.connect("build-finished", write_questions)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}

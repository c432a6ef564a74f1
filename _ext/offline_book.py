"""Keep the built pages self-contained and their consoles clean (a local Sphinx extension).

When a notebook runs at build time, nbclient stores the state of every ipywidget in the
notebook's metadata, and myst-nb writes it into the page as a JSON script for widget
JavaScript that this book never loads (see nb_ipywidgets_js in _config.yml): the
explorers show their kernel-free HTML version instead. This drops that dead payload.

sphinx-thebe and sphinx-book-theme both add thebe's inline configuration script, and the
second copy stops with "Identifier 'THEBE_JS_URL' has already been declared" in the
console of every page. Identical scripts are kept once.
"""

WIDGET_STATE = "application/vnd.jupyter.widget-state+json"


def clean_scripts(app, pagename, templatename, context, doctree):
    kept, seen = [], set()
    for js in context.get("script_files") or []:
        attributes = getattr(js, "attributes", {})
        key = (getattr(js, "filename", js) or "", tuple(sorted(attributes.items())))  # None and "" both mean inline
        if attributes.get("type") == WIDGET_STATE or key in seen:
            continue
        seen.add(key)
        kept.append(js)
    context["script_files"] = kept


def setup(app):
    # myst-nb and sphinx-thebe add scripts in html-page-context handlers (priority 500): run after them.
    app.connect("html-page-context", clean_scripts, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

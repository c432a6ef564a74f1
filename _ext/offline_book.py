"""Keep the built book self-contained (a local Sphinx extension, see _config.yml).

When a notebook runs at build time, nbclient stores the state of every ipywidget in the
notebook's metadata, and myst-nb writes it into the page as a JSON script for widget
JavaScript that this book never loads (see nb_ipywidgets_js in _config.yml): the
explorers show their kernel-free HTML version instead. This drops that dead payload.
"""

WIDGET_STATE = "application/vnd.jupyter.widget-state+json"


def drop_widget_state(app, pagename, templatename, context, doctree):
    scripts = context.get("script_files")
    if scripts:
        context["script_files"] = [
            js for js in scripts if getattr(js, "attributes", {}).get("type") != WIDGET_STATE
        ]


def setup(app):
    # myst-nb adds the script in its own html-page-context handler (priority 500): run after it.
    app.connect("html-page-context", drop_widget_state, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

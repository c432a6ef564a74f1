"""The PDF edition's two hooks into the Sphinx build (a local Sphinx extension).

The PDF (``tools/build_pdf.py``) is Sphinx's single-page HTML of the book, printed by
headless Chromium. This extension does the two things that need Sphinx itself:

* **The single-page build works.** ``app.add_node(node, html=...)`` registers a node's
  HTML visitors under the name ``html``; Sphinx's registry looks them up under the builder's
  name first (``singlehtml``) and falls back to its format (``html``) only when no extension
  registered anything for ``singlehtml``. sphinx-exercise does, so myst-nb's folded cells
  (``HideCodeCellNode``) had no visitor there and the build stopped. Every node the ``html``
  builder can write is given the same visitors for ``singlehtml``, unless one is registered.
* **The single page shows what the HTML pages show.** ``nb_mime_priority_overrides`` in
  ``_config.yml`` names the ``html`` builder (the explorers' kernel-free ``text/html``, not
  their widget view); the ``singlehtml`` build gets the same choices, so it prints the
  explorers and not an empty widget placeholder.
* **The HTML book links the PDF.** The download menu of every page (the theme's
  ``download-buttons`` group) gets an entry "book.pdf" pointing at ``book.pdf`` in the
  build folder's root, where ``tools/build_pdf.py`` writes it: a relative link, so it works
  from ``file://``.
* **Print styles.** ``_static/print.css`` (rules for print only) joins every page's styles:
  the PDF is printed with it, and a page printed from the browser uses it too.
"""

PDF_NAME = "book.pdf"


def share_html_visitors(app):
    handlers = app.registry.translation_handlers
    if "singlehtml" in handlers:  # otherwise Sphinx falls back to the html ones by itself
        for node_name, visitors in handlers.get("html", {}).items():
            handlers["singlehtml"].setdefault(node_name, visitors)


def same_outputs_as_html(app):
    overrides = app.config.nb_mime_priority_overrides
    if app.builder.name == "singlehtml":
        given = {(builder, mime) for builder, mime, _ in overrides}
        overrides.extend(["singlehtml", mime, priority] for builder, mime, priority in list(overrides)
                         if builder == "html" and ("singlehtml", mime) not in given)


def link_pdf(app, pagename, templatename, context, doctree):
    if app.builder.name != "html":
        return
    for button in context.get("header_buttons") or []:
        if button.get("label") == "download-buttons":
            button["buttons"].append({
                "type": "link",
                "url": context["pathto"](PDF_NAME, 1),
                "text": "the whole book (PDF)",  # the theme's ".pdf" prints this page only
                "tooltip": "Download the whole book as a PDF",
                "icon": "fas fa-book",
                "label": "download-book-pdf-button",
            })


def setup(app):
    app.add_css_file("print.css")
    app.connect("builder-inited", share_html_visitors)
    # at builder-inited, after Sphinx compared the configuration with the saved environment's:
    # the single-page build then reuses the HTML build's doctrees instead of reading all again
    app.connect("builder-inited", same_outputs_as_html)
    # the theme fills the download menu in html-page-context at priority 501: run after it
    app.connect("html-page-context", link_pdf, priority=600)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

"""Tell the kernels that run the chapters for the book where a reader can run them instead.

In the built book no code runs, so a "Your turn" check on the untouched stub cannot judge
anything there. While the book is built, ``helpers.selfcheck.check`` shows instead how to open
the chapter where code runs, with the links of this page, and what the check says to a typical
mistake. This extension gives it those links: before any notebook is executed (by the
parallel-execution extension or by myst-nb, whose kernels inherit this process's environment)
it puts them, as JSON, in the environment variable ``helpers.selfcheck.BOOK_LINKS_VARIABLE``.

Per chapter (a notebook named ``NN_...``), the links are made from the book's configuration
exactly as sphinx-book-theme makes the page's launch buttons (``repository.url``, its branch,
``launch_buttons.binderhub_url``, ``colab_url`` and ``notebook_interface``), and the download
link is the page-relative path of the notebook the page's download button serves
(``_sources/<page>.ipynb``). JupyterLab, Colab, Binder and nbval never set the variable, so
there the check stays live.
"""

import json
import os
import re
from pathlib import Path
from urllib.parse import urlparse

from helpers.selfcheck import BOOK_LINKS_VARIABLE

CHAPTER = re.compile(r"^(\d+)_")
INTERFACE_PREFIXES = {
    "classic": "tree",
    "jupyterlab": "lab/tree",
}  # as sphinx-book-theme's launch.py


def chapter_links(theme_options, docname, source_suffix):
    """The notebook path, Colab and Binder URLs and page-relative download link of one page."""
    repository = urlparse(theme_options["repository_url"])
    if repository.netloc != "github.com":
        raise ValueError(
            f"the launch links are made for GitHub repositories, not {repository.geturl()}"
        )
    org, repo = repository.path.strip("/").split("/")[:2]
    branch = theme_options.get("repository_branch") or "main"
    buttons = theme_options["launch_buttons"]
    book_path = theme_options.get("path_to_docs", "").strip("/")
    notebook = (
        f"{book_path}/{docname}{source_suffix}"
        if book_path
        else f"{docname}{source_suffix}"
    )
    ui_prefix = INTERFACE_PREFIXES[buttons.get("notebook_interface", "classic")]
    to_root = "../" * docname.count("/")
    return {
        "notebook": notebook,
        "colab": f"{buttons['colab_url'].strip('/')}/github/{org}/{repo}/blob/{branch}/{notebook}",
        "binder": f"{buttons['binderhub_url'].strip('/')}/v2/gh/{org}/{repo}/{branch}?urlpath={ui_prefix}/{notebook}",
        "download": f"{to_root}_sources/{docname}.ipynb",
    }


def set_links(app, env, docnames):
    links = {}
    for docname in sorted(env.found_docs):
        path = Path(env.doc2path(docname))
        match = CHAPTER.match(path.name)
        if path.suffix == ".ipynb" and match:
            links[str(int(match.group(1)))] = chapter_links(
                app.config.html_theme_options, docname, path.suffix
            )
    os.environ[BOOK_LINKS_VARIABLE] = json.dumps(links)


def setup(app):
    # priority 400: before the parallel-execution extension (500) starts any kernel
    app.connect("env-before-read-docs", set_links, priority=400)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

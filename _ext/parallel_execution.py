"""Run the chapters that need running side by side, one per core, before the build reads them.

myst-nb executes notebooks one after another, as Sphinx reads each page (jupyter-book's
command line has no option for Sphinx's parallel reading). The chapters are independent, so
this extension hands every notebook the execution cache does not hold yet to jupyter-cache's
own parallel executor ("local-parallel": a pool of one process per core) just before Sphinx
reads the pages. The executor stores each result in the same cache, with the same settings
(working folder, timeout, allowed errors), so myst-nb then finds every notebook cached.

A notebook that fails here is left out of the cache: myst-nb runs it again itself and fails
the build with its traceback, as it would without this extension.
"""

import logging
from pathlib import Path

import nbformat
from jupyter_cache import get_cache
from jupyter_cache.executors import load_executor
from sphinx.util import logging as sphinx_logging

LOGGER = sphinx_logging.getLogger(__name__)


def execute_in_parallel(app, env, docnames):
    config = env.mystnb_config
    if config.execution_mode != "cache" or config.execution_in_temp:
        return  # leave other modes (and temporary working folders) to myst-nb
    cache = get_cache(config.execution_cache_path)
    waiting = []
    for name in sorted(docnames):
        path = Path(env.doc2path(name))
        if path.suffix != ".ipynb" or any(path.match(p) for p in config.execution_excludepatterns):
            continue
        try:
            cache.match_cache_notebook(nbformat.read(path, as_version=4))
        except KeyError:  # not cached: this build would execute it
            waiting.append(cache.add_nb_to_project(str(path)).pk)
    if len(waiting) < 2:
        return  # nothing to run side by side
    LOGGER.info(f"executing {len(waiting)} notebooks in parallel (jupyter-cache local-parallel)")
    executor = load_executor("local-parallel", cache=cache, logger=logging.getLogger(__name__))
    executor.run_and_cache(filter_pks=waiting, timeout=config.execution_timeout,
                           allow_errors=config.execution_allow_errors)


def setup(app):
    # after myst-nb's builder-inited handler has made env.mystnb_config
    app.connect("env-before-read-docs", execute_in_parallel)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

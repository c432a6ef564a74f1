"""Store the chapters the way JupyterLab writes them, so that opening one does not mark it modified.

What JupyterLab 4 changes, measured by opening a chapter in the JupyterLab the tests start
and saving it (tests/test_jupyterlab_myst.py does this for every chapter):

* on open, once the kernel is connected, it sets the notebook's ``kernelspec`` to the
  kernel's spec (``display_name`` "Python 3 (ipykernel)", not "Python 3") and its
  ``language_info`` to what the kernel reports (``codemirror_mode``, ``file_extension``,
  ``mimetype``, ``nbconvert_exporter``, ``pygments_lexer`` and the Python ``version``). Any
  difference marks the notebook modified; nothing else does.
* on save, it writes ``"collapsed": true`` into the metadata of every code cell whose outputs
  are hidden (``jupyter.outputs_hidden``), and writes the file as nbformat does: keys sorted,
  indent 1, non-ASCII kept, a final newline.

This script makes exactly those changes. The kernel's ``language_info`` is asked of the
python3 kernel of this environment (started for a second), so ``version`` is this
environment's Python: a reader whose Python differs in its version will still see the
notebook marked modified on open (JupyterLab compares the version too).

    python tools/normalize_notebooks.py            # rewrite every chapter in place
    python tools/normalize_notebooks.py --check    # list the chapters that differ; exit 1 if any
"""

import argparse
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
KERNEL = "python3"


def kernel_metadata(kernel_name=KERNEL):
    """The ``kernelspec`` and ``language_info`` JupyterLab writes for ``kernel_name``."""
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import start_new_kernel

    spec = KernelSpecManager().get_kernel_spec(kernel_name)
    kernelspec = {"display_name": spec.display_name, "language": spec.language, "name": kernel_name}
    manager, client = start_new_kernel(kernel_name=kernel_name)
    try:
        client.kernel_info()
        reply = client.get_shell_msg(timeout=60)
        language_info = reply["content"]["language_info"]
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    return {"kernelspec": kernelspec, "language_info": language_info}


def normalized(text, metadata):
    """The notebook ``text`` as JupyterLab would save it, with the kernel's ``metadata``."""
    nb = nbformat.reads(text, as_version=nbformat.NO_CONVERT)
    nb.metadata.update(metadata)
    for cell in nb.cells:
        if cell.cell_type == "code" and cell.metadata.get("jupyter", {}).get("outputs_hidden"):
            cell.metadata["collapsed"] = True
    out = nbformat.writes(nb, version=nbformat.NO_CONVERT)
    return out if out.endswith("\n") else out + "\n"


def chapters():
    return sorted((ROOT / "chapters").glob("*.ipynb"))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if a notebook differs")
    parser.add_argument("paths", nargs="*", type=Path, help="notebooks (default: every chapter)")
    args = parser.parse_args(argv)
    metadata = kernel_metadata()
    differ = []
    for path in args.paths or chapters():
        text = path.read_text(encoding="utf-8")
        new = normalized(text, metadata)
        if new != text:
            differ.append(path)
            if not args.check:
                path.write_text(new, encoding="utf-8")
    verb = "differ from" if args.check else "rewritten as"
    for path in differ:
        print(f"{path}: {verb} JupyterLab's form")
    return 1 if args.check and differ else 0


if __name__ == "__main__":
    sys.exit(main())

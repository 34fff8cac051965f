"""``footprintlab app [MODEL.json] [--port N] [--workdir DIR]``: serve the Explorer with Voila.

The page makes no request outside the local server: a Voila template (written next to the app's
notebook in a temporary folder) removes the Font Awesome stylesheets that Voila's default template
asks from a CDN. The notebook reads the model's path from ``FOOTPRINTLAB_MODEL`` (the built-in
quickstart when unset) and the folder where the Explorer saves and loads files from
``FOOTPRINTLAB_WORKDIR`` (the folder the command was started from, never the kernel's temporary
folder).

Kernels: a tab that is closed or reloaded asks Voila to shut its kernel down (Voila's page does so
on ``beforeunload``); a kernel whose page went away without saying so (a crashed or killed browser)
is culled once it has had no connection for ``--cull-after`` seconds.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import sys
import tempfile
from pathlib import Path

MODEL_ENV = "FOOTPRINTLAB_MODEL"
WORKDIR_ENV = "FOOTPRINTLAB_WORKDIR"
CULL_AFTER_S = 60
TEMPLATE = "footprintlab"
APP_CELL = "from footprintlab.widgets.app import explorer_from_env\n\nexplorer_from_env()"
_CDN_LINKS = (
    '<link rel="stylesheet" href="https://cdn.jsdelivr.net/npm/@fortawesome/fontawesome-free@^5/css/'
    'all.min.css" type="text/css" />',
    '<link rel="stylesheet" href="https://cdn.jsdelivr.net/npm/@fortawesome/fontawesome-free@^5/css/'
    'v4-shims.min.css" type="text/css" />',
)
INDEX_TEMPLATE = """{%- extends 'voila/templates/lab/index.html.j2' -%}
{#- Voila's lab template without its CDN stylesheets (Font Awesome): the app works offline. -#}
{%- block notebook_css -%}
{%- filter replace('LINK0', '') -%}{%- filter replace('LINK1', '') -%}
{{ super() }}
{%- endfilter -%}{%- endfilter -%}
{%- endblock notebook_css -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
"""


def explorer_from_env():
    """The Explorer of the model named by ``$FOOTPRINTLAB_MODEL`` (the quickstart if unset)."""
    import footprintlab as fl
    from footprintlab.widgets.explorer import Explorer

    path = os.environ.get(MODEL_ENV)
    system = fl.load(path) if path else fl.quickstart()
    return Explorer(system, title=f"footprintlab explorer: {Path(path).name if path else 'quickstart'}",
                    workdir=os.environ.get(WORKDIR_ENV) or None)


def app_notebook() -> dict:
    """The Voila app's notebook (also saved as ``examples/app.ipynb``)."""
    return {
        "cells": [{"cell_type": "code", "execution_count": None, "id": "explorer", "metadata": {},
                   "outputs": [], "source": APP_CELL}],
        "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
                     "language_info": {"name": "python"}},
        "nbformat": 4, "nbformat_minor": 5,
    }


def write_app_files(folder: Path) -> Path:
    """Write the app notebook and the offline Voila template under ``folder``; returns the notebook."""
    template = folder / "share" / "voila" / "templates" / TEMPLATE
    template.mkdir(parents=True, exist_ok=True)
    text = INDEX_TEMPLATE.replace("LINK0", _CDN_LINKS[0]).replace("LINK1", _CDN_LINKS[1])
    (template / "index.html.j2").write_text(text)
    (template / "conf.json").write_text(json.dumps({"base_template": "lab"}))
    notebook = folder / "footprintlab-explorer.ipynb"
    notebook.write_text(json.dumps(app_notebook(), indent=1))
    return notebook


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def voila_argv(notebook: Path, port: int, open_browser: bool, cull_after: int = CULL_AFTER_S) -> list[str]:
    """Voila's arguments: loopback only, our offline template, kernels without a page culled."""
    argv = [str(notebook), f"--port={port}", "--Voila.ip=127.0.0.1", f"--template={TEMPLATE}",
            "--theme=light", "--show_tracebacks=True",
            f"--MappingKernelManager.cull_idle_timeout={cull_after}",
            f"--MappingKernelManager.cull_interval={max(1, min(cull_after, 30) // 2)}",
            "--MappingKernelManager.cull_connected=False"]
    return argv + ([] if open_browser else ["--no-browser"])


def announce(requested: int, served: int) -> str:
    """The line printed once Voila listens: the URL actually served."""
    note = "" if served == requested else f" (port {requested} is busy)"
    return f"footprintlab app: http://127.0.0.1:{served}/{note} (Ctrl-C to stop)"


def _voila_app(requested: int):
    """Voila, printing the served URL once it listens (Voila moves to another port when the
    requested one is busy)."""
    import tornado.ioloop
    from voila.app import Voila

    class ExplorerVoila(Voila):
        def start(self):
            tornado.ioloop.IOLoop.current().add_callback(
                lambda: print(announce(requested, self.port), flush=True))
            super().start()

    return ExplorerVoila()


def main(argv: list[str] | None = None) -> int:
    """Serve the Explorer; returns the exit code (2 for a model file that cannot be read)."""
    parser = argparse.ArgumentParser(prog="footprintlab app",
                                     description="Serve the footprintlab Explorer with Voila on 127.0.0.1.")
    parser.add_argument("model", nargs="?", help="a model saved with system.to_json(path)")
    parser.add_argument("--port", type=int, default=None, help="port on 127.0.0.1 (default: a free one)")
    parser.add_argument("--no-browser", action="store_true", help="do not open a web browser")
    parser.add_argument("--workdir", default=".",
                        help="folder where the Explorer saves and loads files (default: this one)")
    parser.add_argument("--cull-after", type=int, default=CULL_AFTER_S, metavar="SECONDS",
                        help="shut down a kernel that has had no page for this long (default: 60)")
    args = parser.parse_args(argv)
    try:
        import anywidget  # noqa: F401
        import bqplot  # noqa: F401
        import voila  # noqa: F401
    except ImportError as exc:
        print(f"footprintlab app needs the widgets extra ({exc.name} is missing): "
              "pip install 'footprintlab[widgets]'", file=sys.stderr)
        return 2
    if args.model:
        import footprintlab as fl

        path = Path(args.model).resolve()
        try:
            fl.load(path)  # fail here, with the file's error, rather than in the page
        except (OSError, ValueError) as exc:
            print(f"footprintlab app: cannot read {args.model}: {exc}", file=sys.stderr)
            return 2
        os.environ[MODEL_ENV] = str(path)
    else:
        os.environ.pop(MODEL_ENV, None)
    workdir = Path(args.workdir).expanduser().resolve()
    if not workdir.is_dir():
        print(f"footprintlab app: --workdir {args.workdir} is not a folder", file=sys.stderr)
        return 2
    os.environ[WORKDIR_ENV] = str(workdir)
    folder = Path(tempfile.mkdtemp(prefix="footprintlab-app-"))
    try:
        notebook = write_app_files(folder)
        os.environ["JUPYTER_PATH"] = os.pathsep.join(
            [str(folder / "share"), *filter(None, [os.environ.get("JUPYTER_PATH")])])
        port = args.port or free_port()
        app = _voila_app(port)
        app.initialize(voila_argv(notebook, port, not args.no_browser, args.cull_after))
        app.start()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0

"""The Explorer's file bar: save the model, export results, load a model — all in one folder.

Files go to (and are offered from) ``workdir``: the folder ``footprintlab app`` was started from
(or ``--workdir``), or the notebook's working folder. Nothing is replaced without an explicit
"overwrite" click; the status names the absolute path of what was written or read.
"""
from __future__ import annotations

import html
import io
from collections.abc import Callable
from pathlib import Path

import ipywidgets as widgets


def export_results_csv(system, path, overwrite: bool = False) -> Path:
    """Write the per-object footprints (kg CO2e, kWh) as CSV through the project's atomic writer;
    refuses to replace a file unless ``overwrite``."""
    from footprintlab._files import write_text

    text = system.footprints_by_object().to_csv()
    return write_text(path, text, overwrite=overwrite, hint="overwrite")


def model_files(folder: Path) -> list[str]:
    """Names of the ``*.json`` files of ``folder``, sorted."""
    return sorted(p.name for p in folder.glob("*.json") if p.is_file())


def template_names() -> list[str]:
    """The starter models (``fl.templates.names()``)."""
    import footprintlab as fl

    return list(fl.templates.names())


class FilesBar(widgets.VBox):
    """File name, save / export / load buttons, upload, a template menu ("start from template"),
    status and overwrite confirmation.

    Parameters
    ----------
    workdir : path
        Folder of every file written or offered.
    system : callable
        Returns the system to save or export (the Explorer's current one).
    on_load : callable
        Called with ``(system, name)`` after a model was read.
    """

    def __init__(self, workdir, system: Callable, on_load: Callable):
        self.workdir = Path(workdir).expanduser().resolve()
        self._system, self._on_load = system, on_load
        self.name = widgets.Text(value="model.json", description="file",
                                 layout=widgets.Layout(width="230px"))
        self.name.style.description_width = "28px"
        save, export = widgets.Button(description="save model"), widgets.Button(description="export CSV")
        save.on_click(lambda _: self._write(self.save))
        export.on_click(lambda _: self._write(self.export_csv))
        self.choice = widgets.Dropdown(layout=widgets.Layout(width="190px"))
        self.load_button = widgets.Button(description="load")
        self.load_button.on_click(lambda _: self.report(self.load_file, self.choice.value))
        rescan = widgets.Button(description="↻", tooltip=f"list the .json files of {self.workdir}",
                                layout=widgets.Layout(width="32px"))
        rescan.add_class("fl-rescan")
        rescan.on_click(lambda _: self.refresh_choices())
        self.template = widgets.Dropdown(options=template_names(), description="template",
                                         layout=widgets.Layout(width="auto", min_width="0"))
        self.template.style.description_width = "60px"
        self.template.add_class("fl-template")
        self.template_button = widgets.Button(description="start from template",
                                              tooltip="replace the model by the chosen starter model")
        self.template_button.add_class("fl-open-template")
        self.template_button.on_click(lambda _: self.report(self.load_template, self.template.value))
        self.upload = widgets.FileUpload(accept=".json", description="upload model", multiple=False,
                                         layout=widgets.Layout(width="auto"))
        self.upload.observe(self._on_upload, names="value")
        self.status = widgets.HTML()
        self.status.add_class("fl-status")
        self.confirm = widgets.Button(button_style="warning")
        self.confirm.add_class("fl-overwrite")
        cancel = widgets.Button(description="cancel")
        cancel.on_click(lambda _: self._ask(None))
        self.confirm.on_click(lambda _: self._confirmed())
        self.confirm_row = widgets.HBox([self.confirm, cancel])
        self._pending = None
        self._ask(None)
        small = widgets.Layout(width="auto")
        for button in (save, export, self.load_button, cancel, self.template_button):
            button.layout = small
        row = widgets.HBox([self.name, save, export, self.choice, rescan, self.load_button, self.upload,
                            self.template, self.template_button],
                           layout=widgets.Layout(flex_flow="row wrap", align_items="center"))
        super().__init__([row, widgets.HBox([self.status, self.confirm_row],
                                            layout=widgets.Layout(flex_flow="row wrap",
                                                                  align_items="center"))])
        self.add_class("fl-files")
        self.refresh_choices()

    # paths ---------------------------------------------------------------------------------------
    def path(self, name: str | None = None) -> Path:
        """``name`` (the file field by default) inside the work folder, absolute."""
        return self.workdir / Path(name if name is not None else self.name.value).expanduser()

    def csv_path(self) -> Path:
        path = self.path()
        return path.with_name(path.stem + "-results.csv")

    def refresh_choices(self) -> None:
        names = model_files(self.workdir)
        self.choice.options = names or [("(no .json file here)", None)]
        self.choice.index = 0
        self.load_button.disabled = not names

    # actions (each returns the status text) -------------------------------------------------------
    def save(self, overwrite: bool = False) -> str:
        path = self.path()
        self._system().to_json(path, overwrite=overwrite)
        self.refresh_choices()
        return f"saved the model to {path}"

    def export_csv(self, overwrite: bool = False) -> str:
        path = export_results_csv(self._system(), self.csv_path(), overwrite)
        return f"exported the results to {path}"

    def load_file(self, name: str | None) -> str:
        import footprintlab as fl

        if name is None:
            raise FileNotFoundError(f"no .json file in {self.workdir}")
        path = self.path(name)
        self._on_load(fl.load(path), path.name)
        return f"loaded {path}"

    def load_template(self, name: str | None) -> str:
        """Start from the starter model ``name`` (``fl.templates.names()``)."""
        import footprintlab as fl

        if not name:
            raise ValueError("no template chosen")
        self._on_load(fl.templates.load(name), f"template {name}")
        return f"started from the template {name}: save it to keep your changes"

    def load_upload(self, name: str, content) -> str:
        import footprintlab as fl

        self._on_load(fl.load(io.BytesIO(bytes(content))), name)
        return f"loaded the uploaded file {name}"

    # reporting -----------------------------------------------------------------------------------
    def report(self, action: Callable, *args) -> bool:
        """Run ``action``; show its message, or its error, in the status. True if it succeeded."""
        try:
            message, css, ok = action(*args), "fl-ok", True
        except Exception as exc:  # shown to the user, who can fix the name or confirm
            message, css, ok = f"{type(exc).__name__}: {exc}", "fl-error-text", False
        self.status.value = f'<span class="{css}">{html.escape(message)}</span>'
        return ok

    def _write(self, action: Callable) -> None:
        from footprintlab._files import OutputExistsError

        self._ask(None)
        target = self.path() if action == self.save else self.csv_path()
        try:
            self.status.value = f'<span class="fl-ok">{html.escape(action())}</span>'
        except OutputExistsError:
            self.status.value = (f'<span class="fl-error-text">{html.escape(str(target))} exists; '
                                 "nothing was written.</span>")
            self._ask(action, target)
        except Exception:
            self.report(action)

    def _ask(self, action: Callable | None, target: Path | None = None) -> None:
        """Show (or hide, with None) the explicit "overwrite" confirmation for ``action``."""
        self._pending = action
        self.confirm.description = f"overwrite {target.name}" if target else ""
        self.confirm_row.layout.display = "flex" if action else "none"

    def _confirmed(self) -> None:
        action, self._pending = self._pending, None
        self._ask(None)
        if action is not None:
            self.report(action, True)

    def _on_upload(self, change) -> None:
        files = change.new
        if files:
            item = files[0]
            self.report(self.load_upload, item.get("name", "upload"), item["content"])

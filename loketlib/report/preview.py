"""``loket preview``: the report served on this computer, made again on every saved change.

The report is rendered once into a temporary folder and served on ``http://127.0.0.1:PORT/``.
``watchfiles`` watches the notebooks, the narrative, the published figures and the export;
after a change only the sections whose inputs changed are executed again
(:func:`loketlib.report.plan.plan_jobs`), in kernels kept warm for the whole session, and
the export is read and cleaned again only when it changed (its content is part of every key).
The open page reloads through server-sent events. The reload script and an error banner (a
section that fails, e.g. a typo in a narrative placeholder, with the file and line) are added
to pages as they are served, never to a file; ``loket report`` output is not touched. Ctrl-C
(or SIGTERM) stops the server and the kernels and removes the temporary folder.
"""

from __future__ import annotations

import html
import re
import shutil
import signal
import tempfile
import threading
import time
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import watchfiles

from loketlib.intake import digest
from loketlib.paths import NOTEBOOKS, PUBLISHED, narrative_folders
from loketlib.report import plan, staging
from loketlib.report.job import Job, file_names
from loketlib.report.sections import RESEARCH

EVENTS = "/__loket/events"
KEEP_ALIVE = 15.0  # seconds between comments on an idle event stream
_BODY = re.compile(r"<body[^>]*>", re.IGNORECASE)
_SCRIPT = (
    "<script>(() => {{ const shown = {version}; const events = new EventSource('{events}');"
    " events.onmessage = (e) => {{ if (Number(e.data) !== shown) {{ events.close();"
    " location.reload(); }} }}; }})();</script>"
)
_BANNER = (
    '<div id="loket-preview-fout" style="border:3px solid #b00020;background:#fff4f4;'
    'padding:1em;margin:1em 0;font-family:sans-serif">'
    "<strong>Het verslag kon niet opnieuw gemaakt worden.</strong>"
    '<pre style="white-space:pre-wrap">{message}</pre>'
    "Hieronder staat de laatste versie die wel lukte.</div>"
)
_WAITING = (
    "<!DOCTYPE html><html lang='nl'><head><meta charset='utf-8'><title>loket preview</title>"
    "</head><body><p>{text}</p></body></html>"
)


class Preview:
    """One report kept up to date: what to render, the renderer, and what the server shows."""

    def __init__(self, job: Job, renderer, out: Path, log: Callable[[str], None] = print):
        self.job = job
        self.renderer = renderer
        self.out = out
        self.log = log
        self.version = 0  # goes up after every render that changed what is shown
        self.error: str | None = None
        self.stopping = False
        self.changed = threading.Condition()
        self._failed: set[str] = set()  # sections of a failed render: their output may be stale
        # The renderer computes the figures before every render; here only when they changed.
        self._prepare = renderer.prepare
        self._prepared: dict[tuple, tuple] = {}
        renderer.prepare = self.prepare

    def prepare(self, job: Job, folder: Path) -> tuple[dict, list]:
        """The renderer's figures and reconciliation, again only when their inputs changed
        (the export, loket's code or the published figures), not after a text edit."""
        published = PUBLISHED / f"{job.region}-{job.year}.yaml"
        inputs = digest.files([published] if published.exists() else []).hexdigest()
        key = (job, folder, digest.clean_key(job.data), digest.code_digest(), inputs)
        if key not in self._prepared:
            self._prepared = {key: self._prepare(job, folder)}
        return self._prepared[key]

    @property
    def page(self) -> Path:
        return self.job.folder(self.out) / file_names(self.job)["report"]

    def render(self) -> None:
        """Execute what changed; on failure keep the last good pages and show the error."""
        start = time.perf_counter()
        todo = []
        try:
            [(job, folder, manifest, keys, todo)], _ = plan.plan_jobs([self.job], self.out)
            todo = [s for s in (*job.sections, RESEARCH) if s in todo or s.slug in self._failed]
            if todo:
                self.renderer.render_all([(job, folder, manifest, keys, todo)])
                staging.seal(folder)  # lists its files, so the next plan sees it complete
        except Exception as error:  # the server keeps running whatever went wrong
            self._failed |= {s.slug for s in todo}
            message = str(error) or type(error).__name__
            self.log(f"fout: {message}")
            self._publish(message)
            return
        self._failed = set()
        if todo:
            seconds = f"{time.perf_counter() - start:.1f}".replace(".", ",")
            self.log(f"bijgewerkt in {seconds} s: {', '.join(s.slug for s in todo)}")
        if todo or self.error is not None:
            self._publish(None)

    def _publish(self, error: str | None) -> None:
        with self.changed:
            self.error = error
            self.version += 1
            self.changed.notify_all()

    def stop(self) -> None:
        with self.changed:
            self.stopping = True
            self.changed.notify_all()

    def served(self, text: str, version: int, error: str | None) -> str:
        """A page as served: the error banner after ``<body>``, the reload script before
        ``</body>``."""
        if error is not None:
            banner = _BANNER.format(message=html.escape(error))
            match = _BODY.search(text)
            at = match.end() if match else 0
            text = text[:at] + banner + text[at:]
        script = _SCRIPT.format(version=version, events=EVENTS)
        at = text.lower().rfind("</body>")
        return text[:at] + script + text[at:] if at >= 0 else text + script

    def wait(self, seen: int | None) -> int | None:
        """The version once it differs from ``seen`` (None when stopping or idle too long)."""
        with self.changed:
            self.changed.wait_for(lambda: self.version != seen or self.stopping, timeout=KEEP_ALIVE)
            return None if self.stopping or self.version == seen else self.version


def handler(preview: Preview) -> type[BaseHTTPRequestHandler]:
    """A request handler serving the rendered folder of ``preview`` and its event stream."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            path = self.path.split("?", 1)[0].split("#", 1)[0]
            if path == EVENTS:
                self._events()
                return
            with preview.changed:
                version, error = preview.version, preview.error
            folder = preview.page.parent.resolve()
            target = preview.page if path == "/" else (folder / path.lstrip("/")).resolve()
            if path == "/" and not target.exists():
                text = "Het verslag wordt gemaakt…" if error is None else ""
                self._send(preview.served(_WAITING.format(text=text), version, error))
            elif not target.is_relative_to(folder) or not target.is_file():
                self.send_error(HTTPStatus.NOT_FOUND)
            elif target.suffix == ".html":
                self._send(preview.served(target.read_text("utf-8"), version, error))
            else:
                self._send(target.read_bytes(), _TYPES.get(target.suffix, "text/plain"))

        def _send(self, body: str | bytes, kind: str = "text/html; charset=utf-8") -> None:
            data = body.encode("utf-8") if isinstance(body, str) else body
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(data)

        def _events(self) -> None:
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            seen = None
            try:
                while not preview.stopping:
                    version = preview.wait(seen)
                    if version is not None:
                        seen = version
                        self.wfile.write(f"data: {version}\n\n".encode())
                    else:
                        self.wfile.write(b": wachten\n\n")
                    self.wfile.flush()
            except (BrokenPipeError, ConnectionResetError):
                return

        def log_message(self, format, *args) -> None:  # noqa: A002 (http.server's name)
            return

    return Handler


_TYPES = {".json": "application/json", ".ipynb": "application/json", ".css": "text/css"}


def watched(job: Job) -> tuple[list[Path], Callable[[watchfiles.Change, str], bool]]:
    """The folders to watch (each without its subfolders: an export next to the repository's
    ``.venv`` must not mean watching that) and a filter for the files a render reads."""
    data = Path(job.data).resolve()
    texts = [p.resolve() for p in narrative_folders(job.region, job.year) if p.is_dir()]
    notebooks, published = NOTEBOOKS.resolve(), PUBLISHED.resolve()
    folders = [notebooks, *texts, data if data.is_dir() else data.parent]
    folders += [published] if published.is_dir() else []
    default = watchfiles.DefaultFilter()

    def relevant(change: watchfiles.Change, name: str) -> bool:
        path = Path(name)
        if not default(change, name):
            return False
        return (
            (path.parent == notebooks and path.suffix == ".ipynb")
            or (path.parent in texts and path.suffix == ".md")
            or (path.parent == published and path.suffix == ".yaml")
            or path == data
            or path.parent == data
        )

    return list(dict.fromkeys(folders)), relevant


def serve(job: Job, port: int = 8000, log: Callable[[str], None] = print) -> None:
    """Render, serve and re-render on change until Ctrl-C (or SIGTERM)."""
    from loketlib.report.render import Renderer  # heavy imports

    out = Path(tempfile.mkdtemp(prefix="loket-preview-"))
    renderer = Renderer(progress=False)
    preview = Preview(job, renderer, out, log)
    try:
        server = ThreadingHTTPServer(("127.0.0.1", port), handler(preview))
    except OSError:
        shutil.rmtree(out, ignore_errors=True)
        raise
    # Both stop the preview, also when started in the background (where SIGINT is ignored).
    previous = {sig: signal.signal(sig, _interrupt) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        threading.Thread(target=server.serve_forever, daemon=True).start()
        host, bound = server.server_address[:2]
        log(f"loket preview: http://{host}:{bound}/ (Ctrl-C stopt)")
        renderer.__enter__()
        folders, relevant = watched(job)
        changes = watchfiles.watch(
            *folders,
            watch_filter=relevant,
            step=30,
            recursive=False,
            yield_on_timeout=True,  # an empty batch: the watcher is listening
            rust_timeout=200,
        )
        rendered = False
        for batch in changes:
            # The first render waits for the watcher, so an edit made while it ran is seen.
            if batch or not rendered:
                preview.render()
                rendered = True
    except KeyboardInterrupt:
        pass
    finally:
        # A second Ctrl-C must not cut the clean-up short (kernels, temporary folder).
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        preview.stop()
        server.shutdown()
        server.server_close()
        renderer.__exit__(None, None, None)  # stops the kernels that were started
        shutil.rmtree(out, ignore_errors=True)
        for sig, before in previous.items():
            signal.signal(sig, before)
        log("loket preview gestopt.")


def _interrupt(_signum, _frame) -> None:
    raise KeyboardInterrupt

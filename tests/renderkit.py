"""A stand-in for :class:`loketlib.report.render.Renderer` that executes nothing."""

from __future__ import annotations

import json

from loketlib.report.job import MANIFEST, Outcome, file_names


class StubRenderer:
    """Writes a small report for each plan: the planned keys in the manifest, a page naming
    the run, figures.json; enough for tests of what happens around a render."""

    runs = 0

    def __init__(self, progress: bool = True, started=None):
        StubRenderer.runs += 1

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return None

    def render_all(self, plans):
        outcomes = []
        for job, folder, _manifest, keys, _todo in plans:
            names = file_names(job)
            for name in names.values():
                (folder / name).write_text(f"run {StubRenderer.runs}")
            (folder / "figures.json").write_text("{}")
            (folder / MANIFEST).write_text(json.dumps({"sections": keys}))
            outcomes.append(Outcome(folder / names["report"], folder / names["research"]))
        return outcomes


def use_stub(monkeypatch) -> None:
    """Render with :class:`StubRenderer`, and start no kernel for it."""
    import loketlib.report.render
    from loketlib.report import kernel

    monkeypatch.setattr(loketlib.report.render, "Renderer", StubRenderer)
    monkeypatch.setattr(kernel, "start", lambda count: [])

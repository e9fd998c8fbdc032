"""``loket preview`` as an analyst uses it: a real server in its own process, real edits.

The server is started on a free port with the narrative in a temporary folder
(``LOKET_NARRATIVE_DIR``) and its temporary files in another (``TMPDIR``,
``JUPYTER_RUNTIME_DIR``). An edited sentence shows up on the served page; a typo in a
placeholder shows as an error naming the file and line, and the server keeps going; SIGINT
(Ctrl-C) ends the server and its kernels and leaves no temporary file behind. Waits are
bounded so that a broken preview fails instead of hanging.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from loketlib import paths
from loketlib.report.preview import Preview

pytestmark = pytest.mark.slow

REGION = "westelijke-mijnstreek"
YEAR = 2022
PATIENCE = 300.0  # seconds: a cold first render on a busy 2-core machine, with margin


def children(pid: int) -> set[int]:
    """Every process below ``pid`` (Linux ``/proc``)."""
    parents = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(stat.parent.name)] = int(fields[1])
    found, todo = set(), [pid]
    while todo:
        parent = todo.pop()
        for child, ppid in parents.items():
            if ppid == parent and child not in found:
                found.add(child)
                todo.append(child)
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def until(condition, what: str, seconds: float = PATIENCE):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(0.1)
    pytest.fail(f"waited {seconds:.0f} s for {what}")


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read().decode("utf-8")


@pytest.fixture
def server(demo_xlsx, tmp_path):
    narrative = tmp_path / "narrative"
    shutil.copytree(paths.narrative_dir(), narrative)
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = {
        **os.environ,
        "LOKET_NARRATIVE_DIR": str(narrative),
        "TMPDIR": str(temp),
        "JUPYTER_RUNTIME_DIR": str(temp / "runtime"),
    }
    log = (tmp_path / "preview.log").open("w+", encoding="utf-8")
    args = ["--data", str(demo_xlsx), "--region", REGION, "--year", str(YEAR), "--port", "0"]
    proc = subprocess.Popen(
        [Path(sys.executable).parent / "loket", "preview", *args],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        text=True,
    )

    def output() -> str:
        log.seek(0)
        return log.read()

    try:
        line = until(lambda: re.search(r"http://127\.0\.0\.1:\d+/", output()), "the address")
        yield {
            "url": line.group(0),
            "proc": proc,
            "narrative": narrative,
            "temp": temp,
            "output": output,
        }
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        log.close()


def test_preview_shows_edits_and_errors_and_stops_cleanly(server):
    url, proc = server["url"], server["proc"]
    section = section_file(server["narrative"], "05-vooruitblik")
    original = section.read_text("utf-8")

    first = until(lambda: "Vooruitblik" in (page := fetch(url)) and page, "the first render")
    assert "EventSource('/__loket/events')" in first
    sentence = "De otters van Geleen verhuizen in 2023 naar een nieuwe vijver."
    assert sentence not in first

    # 1. a saved sentence shows up on the served page
    section.write_text(original.rstrip("\n") + f"\n\n{sentence}\n", encoding="utf-8")
    until(lambda: sentence in fetch(url), "the edited sentence")
    updates = until(lambda: updated(server["output"]())[1:], "the log line")
    assert updates[0].endswith(": 05-vooruitblik")  # that section only

    # 2. a typo in a placeholder shows on the page, with the file and the line
    lines = original.splitlines()
    number = next(i for i, line in enumerate(lines) if "{{ regio }}" in line)
    lines[number] = lines[number].replace("{{ regio }}", "{{ regoi }}", 1)
    section.write_text("\n".join(lines) + "\n", encoding="utf-8")
    page = until(lambda: "loket-preview-fout" in (p := fetch(url)) and p, "the error")
    banner = page[page.index("loket-preview-fout") :][:3000]
    assert str(section) in banner
    assert f"regel {number + 1}" in banner
    assert "regoi" in banner
    assert "Vooruitblik" in page  # the last good report is still shown under the error
    assert proc.poll() is None

    # 3. the fix makes the error go away: the server kept running
    section.write_text(original, encoding="utf-8")
    until(lambda: "loket-preview-fout" not in fetch(url), "the error to clear")

    # the script is added to served pages only, never to a written file
    [written] = server["temp"].glob(f"loket-preview-*/**/jaarverslag-{REGION}-{YEAR}.html")
    assert "EventSource" not in written.read_text("utf-8")

    # 4. Ctrl-C: the server, its kernels and its temporary files are gone
    kernels = children(proc.pid)
    assert len(kernels) >= 1
    proc.send_signal(signal.SIGINT)
    assert proc.wait(timeout=120) == 0, server["output"]()
    until(lambda: not any(alive(pid) for pid in kernels), "the kernels to stop", 30)
    left = [p for p in server["temp"].rglob("*") if p.is_file()]
    assert left == []
    assert not list(server["temp"].glob("loket-*"))
    assert "loket preview gestopt." in server["output"]()


def updated(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("bijgewerkt in ")]


def section_file(narrative: Path, name: str) -> Path:
    own = narrative / f"{REGION}-{YEAR}" / f"{name}.md"
    return own if own.exists() else narrative / "default" / f"{name}.md"


def test_the_script_and_the_error_are_added_to_served_pages_only():
    preview = Preview.__new__(Preview)
    page = "<html><body class='x'><main>Tekst</main></body></html>"
    served = Preview.served(preview, page, 3, None)
    assert served.startswith("<html><body class='x'><main>Tekst</main><script>")
    assert "const shown = 3;" in served and served.endswith("</script></body></html>")
    failed = Preview.served(preview, page, 4, "x.md, regel 2: <fout>")
    assert failed.index("loket-preview-fout") < failed.index("Tekst")
    assert "x.md, regel 2: &lt;fout&gt;" in failed


def test_only_the_files_a_render_reads_are_watched(tmp_path, monkeypatch):
    import watchfiles

    from loketlib.report.job import Job
    from loketlib.report.preview import watched

    narrative = tmp_path / "narrative"
    (narrative / f"{REGION}-{YEAR}").mkdir(parents=True)
    (narrative / "default").mkdir()
    (narrative / "parkstad-2022").mkdir()
    monkeypatch.setenv("LOKET_NARRATIVE_DIR", str(narrative))
    export = tmp_path / "exports" / "export.xlsx"
    export.parent.mkdir()
    export.write_bytes(b"")
    folders, relevant = watched(Job(export, REGION, YEAR))
    assert narrative / f"{REGION}-{YEAR}" in folders and narrative / "default" in folders
    assert export.parent in folders and paths.NOTEBOOKS in folders
    modified = watchfiles.Change.modified
    assert relevant(modified, str(narrative / f"{REGION}-{YEAR}" / "05-vooruitblik.md"))
    assert relevant(modified, str(narrative / "default" / "huurachterstand.md"))
    assert relevant(modified, str(export))
    assert relevant(modified, str(paths.NOTEBOOKS / "05-vooruitblik.ipynb"))
    assert not relevant(modified, str(narrative / "parkstad-2022" / "05-vooruitblik.md"))
    assert not relevant(modified, str(export.parent / "ander-bestand.xlsx"))
    assert not relevant(modified, str(narrative / "default" / ".05-vooruitblik.md.swp"))
    assert not relevant(modified, str(paths.NOTEBOOKS / ".ipynb_checkpoints" / "x.ipynb"))

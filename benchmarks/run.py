"""Time the real commands on this machine and write one table to benchmarks/results.md.

Every row is a command run as a user would run it (a fresh process each time); a row's time
is the median of several runs with the min-max range, its peak memory the largest resident
set of the process, and its ratio is to the floor (one minimal notebook executed by papermill
and exported by nbconvert) measured in the same run, because this machine's speed varies.

    python benchmarks/run.py [--runs 3] [--quick]

``--quick`` leaves out the 1 000 000-trajectory export and runs everything once (a smoke run).
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "benchmarks" / "work"
BIN = Path(sys.executable).parent
SECTION_PARAMS = ["-p", "region", "westelijke-mijnstreek", "-p", "year", "2022"]


@dataclass
class Row:
    name: str
    target: str = ""  # e.g. "≤ 2,0× vloer"
    limit_ratio: float | None = None
    limit_seconds: float | None = None
    limit_gib: float | None = None
    seconds: list[float] = field(default_factory=list)
    peak_kib: int = 0
    of: Row | None = None  # limit_ratio is to this row's median instead of the floor

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)


def run_once(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, int]:
    """Run a command; return wall seconds and the peak resident set (KiB) of its process tree."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        err = proc.stderr.read().decode(errors="replace")[-2000:] if proc.stderr else ""
        raise SystemExit(f"benchmark command failed: {' '.join(map(str, cmd))}\n{err}")
    return elapsed, usage.ru_maxrss


def measure(row: Row, runs: int, cmds: list[list], before=None, env=None) -> Row:
    """Time `runs` runs of `cmds` (the commands of one run, timed together)."""
    for _ in range(runs):
        if before:
            before()
        total, peak = 0.0, 0
        for cmd in cmds:
            seconds, kib = run_once([str(c) for c in cmd], env=env)
            total, peak = total + seconds, max(peak, kib)
        row.seconds.append(total)
        row.peak_kib = max(row.peak_kib, peak)
    print(f"  {row.name}: {row.median:.2f} s", file=sys.stderr, flush=True)
    return row


def floor_notebook() -> Path:
    """A minimal notebook with the sections' imports and one seaborn chart."""
    import nbformat

    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell('data: str = ""  # unused')
    params.metadata["tags"] = ["parameters"]
    nb.cells = [
        params,
        nbformat.v4.new_code_cell(
            "import pandas as pd\nimport seaborn as sns\nimport matplotlib.pyplot as plt\n"
            "import loketlib.figures, loketlib.nl, loketlib.report.charts"
        ),
        nbformat.v4.new_code_cell("ax = sns.barplot(x=['a', 'b', 'c'], y=[1, 3, 2])\nplt.show()"),
    ]
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    path = WORK / "floor.ipynb"
    nbformat.write(nb, path)
    return path


def papermill_and_nbconvert(notebook: Path, out: Path, params: list[str]) -> list[list]:
    out.mkdir(parents=True, exist_ok=True)
    executed = out / f"{notebook.stem}.ipynb"
    return [
        [BIN / "papermill", "--no-progress-bar", notebook, executed, *params],
        [BIN / "jupyter", "nbconvert", "--to", "html", "--no-input", executed, "--output-dir", out],
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    runs = 1 if args.quick else args.runs

    from loketlib.demo import write_export, write_scaled_export
    from loketlib.figures import compute
    from loketlib.intake.clean import clean
    from loketlib.intake.export import read_export
    from loketlib.report.sections import RESEARCH, applicable

    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    narrative = WORK / "narrative"  # a copy, so that the edit rows leave data/narrative alone
    shutil.copytree(ROOT / "data" / "narrative", narrative)
    env = {
        **os.environ,
        "LOKET_PROCESSED_DIR": str(WORK / "processed"),
        "LOKET_NARRATIVE_DIR": str(narrative),
    }
    demo = write_export(WORK / "demo-export.xlsx", seed=2022)
    loket = BIN / "loket"
    rows: list[Row] = []

    print("measuring (this takes several minutes)…", file=sys.stderr)
    floor = floor_notebook()
    floor_row = measure(
        Row("Vloer: één minimaal notebook (papermill + nbconvert)"),
        runs,
        papermill_and_nbconvert(floor, WORK / "floor-out", []),
        env=env,
    )
    rows.append(floor_row)

    shown = applicable(compute(clean(read_export(demo)), "westelijke-mijnstreek", 2022))
    notebooks = [ROOT / "notebooks" / f"{s.slug}.ipynb" for s in (*shown, RESEARCH)]

    def naive_cmds():
        cmds = []
        for nb in notebooks:
            cmds += papermill_and_nbconvert(
                nb, WORK / "naive-out", ["-p", "data", demo, *SECTION_PARAMS]
            )
        return cmds

    rows.append(
        measure(
            Row(f"Naïef: {len(notebooks)} notebooks los (papermill + nbconvert)"),
            runs,
            naive_cmds(),
            env=env,
        )
    )

    report = [
        loket,
        "report",
        "--data",
        demo,
        "--region",
        "westelijke-mijnstreek",
        "--year",
        "2022",
        "--out",
        WORK / "reports",
    ]

    def wipe_reports():
        shutil.rmtree(WORK / "reports", ignore_errors=True)
        shutil.rmtree(WORK / "processed", ignore_errors=True)

    cold = measure(
        Row("loket report, koud (alles opnieuw)", "≤ 2× vloer", 2.0),
        runs,
        [report],
        before=wipe_reports,
        env=env,
    )
    rows.append(cold)
    rows.append(
        measure(
            Row("loket report, warm (niets veranderd)", "≤ 0,5× vloer", 0.5),
            runs,
            [report],
            env=env,
        )
    )
    edited = narrative / "westelijke-mijnstreek-2022" / "05-vooruitblik.md"
    rows.append(
        measure(
            Row("loket report na één gewijzigde zin", "≤ 0,3× koud", 0.3, of=cold),
            runs,
            [report],
            before=lambda: add_sentence(edited),
            env=env,
        )
    )
    rows.append(measure_preview(runs, demo, edited, env))
    all_regions = [
        loket,
        "report",
        "--data",
        demo,
        "--region",
        "all",
        "--year",
        "2022",
        "--out",
        WORK / "reports-all",
    ]
    rows.append(
        measure(
            Row("loket report, alle regio's + zuid-limburg, koud", "≤ 4× vloer", 4.0),
            runs,
            [all_regions],
            before=lambda: (
                shutil.rmtree(WORK / "reports-all", ignore_errors=True),
                shutil.rmtree(WORK / "processed", ignore_errors=True),
            ),
            env=env,
        )
    )

    scaled = [  # (trajectories, format, target, seconds limit, GiB limit)
        (10_000, "csv", "", None, None),
        (100_000, "csv", "", None, None),
        (10_000, "xlsx", "", None, None),
        (100_000, "xlsx", "", None, None),
    ]
    if not args.quick:
        scaled.append((1_000_000, "csv", "≤ 20 s, ≤ 3 GiB", 20.0, 3.0))
    for n, kind, target, seconds, gib in scaled:
        path = WORK / (f"scaled-{n}.xlsx" if kind == "xlsx" else f"scaled-{n}")
        write_scaled_export(path, n_trajectories=n, seed=1)
        figures = [loket, "figures", "--data", path, "--region", "zuid-limburg", "--year", "2022"]
        count = f"{n:,}".replace(",", ".")
        label = f"loket figures, {count} trajecten ({'Excel' if kind == 'xlsx' else 'CSV'})"
        rows.append(
            measure(
                Row(label, target, None, seconds, gib),
                runs,
                [figures],
                before=lambda: shutil.rmtree(WORK / "processed", ignore_errors=True),
                env=env,
            )
        )
        if (n, kind) == (100_000, "xlsx"):
            read = [
                BIN / "python",
                "-c",
                f"from loketlib.intake.export import read_export; read_export({str(path)!r})",
            ]
            rows.append(
                measure(
                    Row("werkmap van 100.000 rijen lezen (calamine)", "≤ 3 s", None, 3.0),
                    runs,
                    [read],
                    env=env,
                )
            )

    write_results(rows, floor_row.median, runs)


def add_sentence(path: Path) -> str:
    """Append a new sentence to a narrative file (as an analyst saving an edit); return it."""
    sentence = f"Een nieuwe zin, geschreven om {time.time_ns()}."
    path.write_text(path.read_text("utf-8").rstrip("\n") + f"\n\n{sentence}\n", "utf-8")
    return sentence


def measure_preview(runs: int, demo: Path, edited: Path, env: dict) -> Row:
    """ "bewerken → zichtbaar": `loket preview` runs; a sentence is saved; the clock stops when
    the page fetched after the server's reload event (as the browser does) holds it."""
    import json
    import re
    import threading
    import urllib.request

    row = Row("loket preview: bewerken → zichtbaar", "≤ 1,5 s", None, 1.5)
    cmd = [BIN / "loket", "preview", "--data", demo, "--region", "westelijke-mijnstreek"]
    cmd += ["--year", "2022", "--port", "0"]
    log = (WORK / "preview.log").open("w+", encoding="utf-8")
    proc = subprocess.Popen([str(c) for c in cmd], cwd=ROOT, env=env, stdout=log, stderr=log)
    events: list[int] = []
    arrived = threading.Condition()

    def wait(what, condition, seconds: float = 600.0):
        deadline = time.monotonic() + seconds
        while not (found := condition()):
            if time.monotonic() > deadline or proc.poll() is not None:
                log.seek(0)
                raise SystemExit(f"benchmark: no {what} from loket preview\n{log.read()[-2000:]}")
            time.sleep(0.05)
        return found

    def listen(url: str) -> None:
        with urllib.request.urlopen(url + "__loket/events") as stream:
            for line in stream:
                if line.startswith(b"data: "):
                    with arrived:
                        events.append(json.loads(line[6:]))
                        arrived.notify_all()

    try:
        address = wait("address", lambda: re.search(r"http://127\.0\.0\.1:\d+/", _read(log)))
        url = address.group(0)
        threading.Thread(target=listen, args=(url,), daemon=True).start()
        wait("first render", lambda: "bijgewerkt in" in _read(log))
        for _ in range(runs):
            with arrived:
                seen = len(events)
            start = time.perf_counter()
            sentence = add_sentence(edited)
            while True:
                with arrived:
                    if not arrived.wait_for(lambda n=seen: len(events) > n, timeout=60):
                        raise SystemExit("benchmark: loket preview sent no reload event")
                    seen = len(events)
                with urllib.request.urlopen(url) as response:
                    if sentence in response.read().decode("utf-8"):
                        break
            row.seconds.append(time.perf_counter() - start)
        status = Path(f"/proc/{proc.pid}/status")  # the server's own peak (not its kernels')
        if status.exists():
            peak = re.search(r"VmHWM:\s+(\d+) kB", status.read_text())
            row.peak_kib = int(peak.group(1)) if peak else 0
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=120)
        log.close()
    print(f"  {row.name}: {row.median:.2f} s", file=sys.stderr, flush=True)
    return row


def _read(log) -> str:
    log.seek(0)
    return log.read()


def _verdict(row: Row, floor: float) -> str:
    checks = []
    if row.limit_ratio is not None:
        checks.append(row.median / (row.of.median if row.of else floor) <= row.limit_ratio)
    if row.limit_seconds is not None:
        checks.append(row.median <= row.limit_seconds)
    if row.limit_gib is not None:
        checks.append(row.peak_kib / 2**20 <= row.limit_gib)
    if not checks:
        return ""
    return "gehaald" if all(checks) else "niet gehaald"


def write_results(rows: list[Row], floor: float, runs: int) -> None:
    lines = [
        "# Benchmark",
        "",
        f"Gemeten op {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, mediaan van {runs} runs "
        "(min–max), verhouding tot de vloer uit dezelfde meting.",
        "",
        "| meting | mediaan (s) | min–max (s) | × vloer | piekgeheugen (MiB) | doel | |",
        "|---|---:|---:|---:|---:|---|---|",
    ]
    for row in rows:
        target = row.target
        if row.of is not None:
            target += f" (gemeten: {row.median / row.of.median:.2f}×)".replace(".", ",")
        lines.append(
            f"| {row.name} | {row.median:.2f} | {min(row.seconds):.2f}–{max(row.seconds):.2f} "
            f"| {row.median / floor:.2f} | {row.peak_kib / 1024:.0f} | {target} "
            f"| {_verdict(row, floor)} |"
        )
    ratio_10x = _growth(rows)
    if ratio_10x:
        lines += [
            "",
            f"Groei van 100.000 naar 1.000.000 trajecten (CSV): {ratio_10x:.1f}× (doel ≤ 12×).",
        ]
    table = "\n".join(lines) + "\n"
    print(table)
    (ROOT / "benchmarks" / "results.md").write_text(table, encoding="utf-8")


def _growth(rows: list[Row]) -> float | None:
    by_name = {r.name: r for r in rows}
    small = by_name.get("loket figures, 100.000 trajecten (CSV)")
    large = by_name.get("loket figures, 1.000.000 trajecten (CSV)")
    return large.median / small.median if small and large else None


if __name__ == "__main__":
    main()

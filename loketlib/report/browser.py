"""Headless Chromium (Debian's ``chromium``): printing a report to PDF, and reading a page's
DOM after its scripts ran (the accessibility tests use that to run axe-core)."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
INSTALL = (
    "headless Chromium is needed for this: install it with `apt-get install chromium` "
    "(Debian/Ubuntu), or point LOKET_CHROMIUM at a Chromium or Chrome binary"
)
#: Quiet, offline, no profile left behind: nothing is fetched, synced or updated.
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-extensions",
    "--hide-scrollbars",
)


def find() -> str | None:
    """The Chromium binary: ``$LOKET_CHROMIUM``, else the first of :data:`NAMES` on PATH."""
    configured = os.environ.get("LOKET_CHROMIUM")
    if configured:
        return configured if shutil.which(configured) else None
    return next((path for name in NAMES if (path := shutil.which(name))), None)


class BrowserError(RuntimeError):
    """Chromium is missing or failed; the message is one line."""


def _run(arguments: list[str], timeout: int) -> str:
    binary = find()
    if binary is None:
        raise BrowserError(INSTALL)
    with tempfile.TemporaryDirectory(prefix="loket-chromium-") as profile:
        command = [binary, *FLAGS, f"--user-data-dir={profile}", *arguments]
        try:
            done = subprocess.run(
                command, capture_output=True, text=True, timeout=timeout, check=False
            )
        except subprocess.TimeoutExpired:
            raise BrowserError(f"chromium did not finish within {timeout} s") from None
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no message"])[-1]
        raise BrowserError(f"chromium failed (exit {done.returncode}): {last}")
    return done.stdout


def print_pdf(page: Path, pdf: Path, timeout: int = 120) -> Path:
    """Print an HTML file to PDF; page size, margins and the margin boxes come from its
    print style sheet (``@page``), not from Chromium's own header and footer."""
    _run(
        [
            "--no-pdf-header-footer",
            "--run-all-compositor-stages-before-draw",
            "--virtual-time-budget=10000",
            f"--print-to-pdf={Path(pdf).resolve()}",
            Path(page).resolve().as_uri(),
        ],
        timeout,
    )
    if not Path(pdf).exists():
        raise BrowserError(f"chromium wrote no PDF for {page}")
    return Path(pdf)


def dump_dom(page: Path, width: int = 1280, height: int = 900, budget_ms: int = 30000) -> str:
    """The page's DOM after loading it in a ``width`` × ``height`` window and letting its
    scripts run for up to ``budget_ms`` of virtual time."""
    return _run(
        [
            f"--window-size={width},{height}",
            f"--virtual-time-budget={budget_ms}",
            "--dump-dom",
            Path(page).resolve().as_uri(),
        ],
        timeout=180,
    )

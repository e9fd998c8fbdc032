"""Warm Python kernels for the section notebooks, each in its own process.

Light to import (jupyter_client only): :mod:`loketlib.report.plan` starts the kernels before
it loads the renderer (papermill, nbconvert, pandas), so a kernel's start and warm-up overlap
those imports; after a one-sentence edit that is a good part of the whole render.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
from pathlib import Path

from jupyter_client.manager import KernelManager

from loketlib.paths import NOTEBOOKS

KERNEL = "python3"
# What every section imports; the research's statsmodels is imported by the research notebook
# itself, in the one kernel that runs it (not in a kernel that runs one edited section).
WARM_UP = (
    "import loketlib.report.charts, loketlib.report.notebook, loketlib.report.reconcile, "
    "loketlib.report.views"
)


def kernel_count(sections: int | None = None) -> int:
    """Two kernels with two or more cores, one on one core or for a single section."""
    size = max(1, min(2, os.cpu_count() or 1))
    return size if sections is None else max(1, min(size, sections))


def start(count: int) -> list[Kernel]:
    """``count`` kernels, started and warming up (closed again if one fails to start)."""
    kernels: list[Kernel] = []
    try:
        for number in range(count):
            kernels.append(Kernel(number))
    except BaseException:
        close(kernels)
        raise
    return kernels


def close(kernels: list[Kernel]) -> None:
    for kernel in kernels:
        kernel.close()


#: The longest path a Unix socket can have (sun_path holds 108 bytes with its NUL).
MAX_SOCKET_PATH = 107


class Kernel:
    """One Python kernel (its own process), warmed up with the sections' imports."""

    def __init__(self, number: int):
        self._sockets = tempfile.mkdtemp(prefix="loket-kernel-")
        ipc = str(Path(self._sockets) / f"kernel{number}")
        if len(ipc.encode()) + len("-65535") <= MAX_SOCKET_PATH:
            self.km = KernelManager(kernel_name=KERNEL, transport="ipc", ip=ipc)
        else:  # a long TMPDIR: a Unix socket path would not fit, so TCP on localhost
            self.km = KernelManager(kernel_name=KERNEL)
        # Charts must be embedded even when the caller runs with a headless MPLBACKEND.
        env = {**os.environ, "MPLBACKEND": "module://matplotlib_inline.backend_inline"}
        self.km.start_kernel(
            cwd=str(NOTEBOOKS),
            env=env,
            extra_arguments=["--HistoryManager.enabled=False", "--InteractiveShell.cache_size=0"],
        )
        # Import what the sections need while loket reads and cleans the export.
        self._warming: threading.Thread | None = threading.Thread(target=self._warm_up)
        self._warming.start()

    def _warm_up(self) -> None:
        import nbformat  # here: the point of this module is a light import
        import papermill as pm

        nb = nbformat.v4.new_notebook()
        nb.metadata["kernelspec"] = {
            "name": KERNEL,
            "display_name": "Python 3",
            "language": "python",
        }
        nb.cells = [nbformat.v4.new_code_cell(WARM_UP)]
        pm.execute_notebook(nb, None, km=self.km, kernel_name=KERNEL, progress_bar=False)

    def ready(self) -> KernelManager:
        if self._warming is not None:
            self._warming.join()
            self._warming = None
        return self.km

    def close(self) -> None:
        if self._warming is not None:
            self._warming.join()
        self.km.shutdown_kernel(now=True)
        shutil.rmtree(self._sockets, ignore_errors=True)

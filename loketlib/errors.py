"""Structural errors in an export: they stop the run with one readable line (exit status 2)."""

from __future__ import annotations


class ExportError(Exception):
    """A structural problem: file missing or unreadable, a required sheet or column missing.

    The message is one line in Dutch-free plain English naming file, sheet and column, e.g.
    ``export.xlsx: sheet 'trajecten': required column 'Regio' is missing``.
    """

    def __init__(
        self, file: str, problem: str, sheet: str | None = None, column: str | None = None
    ):
        self.file, self.sheet, self.column, self.problem = file, sheet, column, problem
        where = [str(file)]
        if sheet is not None:
            where.append(f"sheet '{sheet}'")
        if column is not None:
            where.append(f"column '{column}'")
        super().__init__(f"{': '.join(where)}: {problem}")


class RunError(Exception):
    """A problem outside the export that stops a run: a bad command-line value (a period that
    does not parse, a year outside 2000–2100, a peildatum before the period), the
    pseudonymisation key, the output folder, the disk. The message is one line for people
    (Dutch); the command line prints it and exits with status 2."""

"""Report: plan and render the jaarverslag's notebooks to HTML, with its pages, narrative,
tables, charts, suppression for extern readers and the reconciliation with published figures.

May import: :mod:`loketlib.figures`, :mod:`loketlib.intake` and the shared modules at the top.
"""

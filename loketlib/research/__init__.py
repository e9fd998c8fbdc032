"""Research: the analysis of light rent arrears among placed tenants, and its tables.

May import: :mod:`loketlib.figures`, :mod:`loketlib.intake` and the shared modules at the top.
"""

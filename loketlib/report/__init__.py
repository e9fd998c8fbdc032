"""Report: plan and render the jaarverslag's notebooks to HTML, with its pages, narrative,
tables, charts, suppression for extern readers and the reconciliation with published figures.

May import: :mod:`loketlib.figures`, :mod:`loketlib.intake` and the shared modules at the top.
"""

import sys

# nbformat imports jsonschema, which imports rfc3987-syntax when it is installed (jupyterlab's
# jupyter-events pulls it in); rfc3987-syntax 1.1 builds a parser on import, about 2 s of every
# `loket report` (jsonschema issue 1392). nbformat never checks the "iri" formats it serves,
# so loket's processes go without it: jsonschema skips a checker it cannot import.
sys.modules.setdefault("rfc3987_syntax", None)

"""loketlib: rebuilds the Loket Housing jaarverslag from one export of the case system.

Data flows one way, and the packages follow it (docs/architecture.md):
``intake`` (export -> clean frames) -> ``figures`` -> ``report`` and ``research``; ``demo``
makes a demo export; ``cli`` is the command line on top. ``paths``, ``errors`` and ``nl``
(Dutch formatting) are shared by every part and import none of them.
"""

__version__ = "0.1.0"

"""loketlib: rebuilds the Loket Housing jaarverslag from one export of the case system.

Data flows one way: export (read) -> clean -> figures -> notebooks -> HTML.
"""

__version__ = "0.1.0"

"""Intake: read an export, parse and clean it, pseudonymise it, cache the clean result.

The first part of the flow (export -> clean frames + quarantine). May import only the shared
modules at the top (``paths``, ``errors``); personal data stops here.
"""

"""Imports: the spreadsheet engine (header detection, column mapping, unit conversion,
validation) and the import jobs that run it.

It has the files of an app but ``selectors.py``: its pages read the import jobs only,
one list (filtersets, tables) and one job at a time, with no query of their own. The
engine is ``engine.py`` with ``reader/``, ``bulk/`` and ``values.py`` beside it."""

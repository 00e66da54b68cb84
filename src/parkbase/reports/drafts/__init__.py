"""Saved drafts of a report, edited by people: the content of a version as plain data
(``content``), the edit form's rows and their moves (``rows``), the marks (figures and
links) carried through an edit (``marks``), a redraft from the records that changes
only the figures (``redraft``), the comparison of two versions (``compare``) and the
cleaning of pasted text (``paste``) are pure Python; ``services`` and ``selectors``
read and write the database through the one write path and the scoping method."""

"""Read a spreadsheet or CSV file into a list of rows of cell values.

``read_table(path, sheet=None)`` returns ``(sheet name, rows)``; cells keep their
spreadsheet types (str, float, int, bool, date, datetime). What it does with the
files offices really send (each case is tested in tests/imports/test_ugly_files.py):

- The format is told from the content, not the file name: .xlsx/.xlsm, .xlsb, .xls
  (and WPS .et), .ods, and delimited text (CSV or tab-separated, in UTF-8 with or
  without BOM, GBK/GB18030 or UTF-16) are read whatever they are called, so an .xlsx
  saved as .xls or a CSV saved as .xls still imports.
- Anything else raises ``UnreadableFile`` with a bilingual message and a ``reason``:
  ``missing``, ``empty`` (0 bytes, or no sheet holds any value), ``encrypted`` (an
  OLE2 file with an ``EncryptionInfo`` stream, i.e. a password-protected .xlsx; an
  .xls with a FILEPASS record, which python-calamine reports as PasswordError),
  ``not_a_spreadsheet`` (a PDF, a Word file, a web page or random bytes under a
  spreadsheet name, a damaged file), ``no_sheet`` and ``too_large``.
- Nothing is read before it is measured (``bounds``): a file whose sheet or shared
  strings unpack beyond the limit, with more cells than the limit (or a value so far
  away that the rectangle up to it would be), a cell or a CSV line longer than the
  limit is refused as ``too_large`` with the limit named, whatever its zip headers
  say and however its .ods rows repeat. The limits come from the settings.
- Formula cells give their cached value. A cached *error* (#DIV/0!, #REF!, #N/A …)
  becomes ``values.CellError('#DIV/0!')``: python-calamine 0.9 turns error cells into
  '' (indistinguishable from blank), so the reader finds them itself — in .xlsx the
  sheet XML's ``t="e"`` cells, in .xls the FORMULA records whose cached result is an
  error and the BOOLERR error cells, in .ods the cells LibreOffice marks
  ``calcext:value-type="error"``. In .xlsb, errors still read as blank.
- Merged cells: a merge that spans several rows gives its value to every row of the
  merge that holds other data, in the merge's first column (a value merged across
  columns of one row — a title, a note, a group header — stays in its first cell).
  Merge ranges come from python-calamine for .xlsx and .xls and from the ODF
  ``number-rows-spanned`` attributes for .ods. CSV has no merges, and for .xlsb
  python-calamine gives none: there a merged value is only in the first row of the
  merge and the other rows are blank in that column (a required column then
  reports "required" on those rows; nothing is guessed).
- Rows are read lazily (``iter_rows``); blank rows are kept as a shared empty tuple
  (so row numbers stay those Excel shows) and trailing blank rows are dropped, so a
  sheet with a million formatted-but-empty rows costs next to nothing.
  python-calamine itself ignores cells that carry only a format, but a single value
  far away (a space typed in XFD1048576) makes it allocate the whole rectangle up
  to that cell, 32 bytes a cell, and abort the process when that fails. The reader
  therefore checks the sheet's extent first (.xlsx, .xls, .ods) and refuses a sheet
  of more than the cell limit with a message that names the far-away cell.

``table`` is the front door (what is this file?); ``text`` reads delimited text,
``workbook`` the workbooks through python-calamine, with per format what calamine
leaves out in ``xlsx``, ``xls`` (its own OLE2/BIFF reading) and ``ods``; ``bounds``
the limits and their refusals; ``common`` the file signatures and ``UnreadableFile``.
"""

from parkbase.imports.reader.common import (  # noqa: F401
    EMPTY_ROW,
    MAX_CELLS,
    ODS_MIME,
    OLE_MAGIC,
    ZIP_SUFFIXES,
    UnreadableFile,
)
from parkbase.imports.reader.table import (  # noqa: F401
    looks_like_text,
    read_table,
)
from parkbase.imports.reader.text import decode_text  # noqa: F401
from parkbase.imports.reader.xls import (  # noqa: F401
    BIFF_ERRORS,
    _Cfb,
    ole_stream_names,
)

"""The library's writes: uploads and versions (``upload``), text reading as a job
(``text``), metadata, links, deletion, categories and the access log (``records``)."""

from parkbase.documents.services.records import (  # noqa: F401
    DEFAULT_CATEGORIES,
    access_log,
    categories_ensure,
    category_named,
    document_delete,
    document_link,
    document_unlink,
    document_update,
    logs_access,
)
from parkbase.documents.services.text import (  # noqa: F401
    text_jobs_expire,
    text_read,
    text_start,
    tools,
)
from parkbase.documents.services.upload import Uploaded, document_upload, link_save  # noqa: F401

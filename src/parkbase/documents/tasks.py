"""Background tasks of the document library (huey; found by huey's Django
integration)."""

from huey.contrib.djhuey import db_task


@db_task()
def read_document_text(document_id: int) -> None:
    """Read one document's text; ``text_read`` ends its job whatever happens."""
    from parkbase.core.scoping import bypass
    from parkbase.documents.services import text_read

    with bypass("background text reading of a document"):
        text_read(document_id)

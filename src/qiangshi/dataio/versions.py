"""Saving a new version of a versioned document (dataio.documents), the same for all four.

A version is kept with a note saying why it changed, who saved it and when; the note is
required and must fit its column. Every problem — the document's own and the note's — is
refused at once in one DocumentInvalid, and nothing is saved.
"""

from django.db import transaction
from django.db.models import Max

from qiangshi.dataio.documents import DocumentInvalid, DocumentProblem
from qiangshi.field_values import ValueRefused, text_for_field

NOTE_MISSING = "请填写修改说明"


def version_next(queryset, field: str) -> int:
    """The number the next version of the documents in `queryset` gets."""
    return (queryset.aggregate(n=Max(field))["n"] or 0) + 1


@transaction.atomic
def version_save(model, *, problems: list["DocumentProblem | str"], note: str, **fields):
    """Create `model(note=…, **fields)`, the next version of a document, unless the document
    has `problems` or the note is missing or refused: then DocumentInvalid with all of them."""
    problems = list(problems)
    if not (note or "").strip():
        problems.append(DocumentProblem(None, NOTE_MISSING))
    else:
        try:
            note = text_for_field(model._meta.get_field("note"), note)
        except ValueRefused as error:
            problems.append(DocumentProblem(None, str(error)))
    if problems:
        raise DocumentInvalid(problems)
    return model.objects.create(note=note.strip(), **fields)

"""The meeting's dates and reference: which source wins when the header, the side column and the body disagree."""

from __future__ import annotations

from ..clean.lines import CleanResult
from ..models import Meeting
from .header import Header


def settle_meeting(header: Header, cleaned: CleanResult, side: CleanResult | None, body_start: int | None) -> Meeting:
    """The header's meeting with its document date, reference and (labelled) meeting date settled.

    A PDF's side column was read apart: its Datum / Kenmerk come first, then those found in
    the body's furniture; the header's own values win over both. Minutes without the letter
    template write "Datum: 14 maart 2023" beside "Tijd:" and "Locatie:": that labelled date,
    above the first agenda item, is when the meeting was (the letter template's own Datum
    comes without a colon).
    """
    meeting = header.meeting
    document_date, kenmerk, date = meeting.document_date, meeting.kenmerk, meeting.date
    for found in (side, cleaned):
        if found is None:
            continue
        if found.document_date and document_date is None:
            document_date = found.document_date
        if found.kenmerk and kenmerk is None:
            kenmerk = found.kenmerk
    labelled = cleaned.labelled_date
    if (
        labelled is not None
        and date is None
        and (meeting.start_time or meeting.location or header.attendees)
        and (body_start is None or labelled[1] < body_start)
    ):
        date = labelled[0]
    if (
        labelled is not None
        and date == labelled[0]
        and document_date == labelled[0]
        and not (side and side.document_date)
        and (body_start is None or labelled[1] < body_start)
    ):
        # the labelled "Datum:" was the meeting's (also when the title gave it first), not the writing date
        document_date = None
    return meeting.model_copy(update={"date": date, "document_date": document_date, "kenmerk": kenmerk})

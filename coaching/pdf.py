"""The journal as a PDF storyboard (fpdf2, https://py-pdf.github.io/fpdf2/), like the
certificate: core fonts, so text is kept to Latin-1."""

from __future__ import annotations

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from coaching.models import JournalEntry


def _latin1(text: str) -> str:
    return text.encode("latin-1", "replace").decode("latin-1")


def _line(pdf: FPDF, height: float, text: str) -> None:
    # Each block starts again at the left margin, on the next line.
    pdf.multi_cell(0, height, _latin1(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def journal_pdf_bytes(*, user, course_title: str, entries: list[JournalEntry]) -> bytes:
    """One section per week: the latest submitted iteration and the coach's feedback."""
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 18)
    _line(pdf, 10, f"Product Kata journal - {course_title}")
    pdf.set_font("Helvetica", "", 11)
    _line(pdf, 7, user.get_full_name() or user.email)
    if not entries:
        _line(pdf, 7, "No entries yet.")
    for entry in entries:
        submitted = [i for i in entry.iterations.all() if not i.is_draft]
        if not submitted:
            continue
        latest = submitted[-1]
        pdf.ln(4)
        pdf.set_font("Helvetica", "B", 14)
        late = " (late)" if latest.late else ""
        _line(
            pdf,
            8,
            (
                f"Week {entry.week_number} - iteration {latest.number}{late}: "
                f"{entry.get_status_display()}"
            ),
        )
        for label, value in latest.kata():
            if not value:
                continue
            pdf.set_font("Helvetica", "B", 10)
            _line(pdf, 6, label)
            pdf.set_font("Helvetica", "", 10)
            _line(pdf, 5, value)
        if latest.feedback:
            pdf.set_font("Helvetica", "BI", 10)
            _line(pdf, 6, f"Coach's feedback ({latest.get_verdict_display()})")
            pdf.set_font("Helvetica", "I", 10)
            _line(pdf, 5, latest.feedback)
    return bytes(pdf.output())

"""The plain text of a report: a .txt file as it is, the article of an .html page (trafilatura
leaves out menus, adverts and footers), the text layer of a .pdf (pypdf; a scanned PDF without
one has no text to read)."""

from __future__ import annotations

import io
from pathlib import Path

from convoy.intake.trackers.tables import TrackerFileError

#: A report longer than this is not a news report or a press release.
MAX_BYTES = 5_000_000
SUFFIXES = (".txt", ".text", ".md", ".html", ".htm", ".pdf")


class UnreadableReport(TrackerFileError):
    """The file or upload cannot be read as a report."""


def text_of_file(path: Path) -> str:
    path = Path(path)
    if not path.is_file():
        raise UnreadableReport(f"{path}: no such file.")
    return text_of_bytes(path.read_bytes(), path.name)


def text_of_bytes(data: bytes, name: str) -> str:
    suffix = Path(name).suffix.lower()
    if suffix not in SUFFIXES:
        raise UnreadableReport(f"{name}: give a .txt, .html or .pdf file.")
    if len(data) > MAX_BYTES:
        raise UnreadableReport(f"{name}: larger than {MAX_BYTES // 1_000_000} MB.")
    if suffix == ".pdf":
        text = _pdf_text(data, name)
    elif suffix in {".html", ".htm"}:
        text = html_text(_decoded(data, name))
    else:
        text = _decoded(data, name)
    if not text.strip():
        raise UnreadableReport(f"{name}: has no text to read.")
    return text


def _decoded(data: bytes, name: str) -> str:
    if b"\x00" in data[:4096]:
        raise UnreadableReport(f"{name}: is not a text file.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def html_text(html: str) -> str:
    import trafilatura

    text = trafilatura.extract(html, include_comments=False, include_tables=False,
                               favor_recall=True)
    if text:
        return text
    # A short page trafilatura does not take for an article: its visible text, whole.
    from lxml import html as lxml_html

    try:
        return lxml_html.fromstring(html).text_content()
    except (ValueError, TypeError):
        return ""


def _pdf_text(data: bytes, name: str) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        return "\n".join(page.extract_text() or "" for page in reader.pages)
    except (PdfReadError, ValueError, KeyError, OSError) as error:
        raise UnreadableReport(f"{name}: cannot be read as a PDF ({error}).") from error

"""Common Crawl WARC and WET files: one document per record, its URL kept as provenance.

WET `conversion` records are already text. WARC `response` records carry HTML, turned into the text of
the page's main content by Resiliparse (navigation, footers and scripts left out), which is fast and made
for web archives. Records of other types (requests, metadata, warcinfo) are not documents.
"""

from collections.abc import Iterator

from pipeline.text.documents import Document, meta_json
from pipeline.text.lines import Source, decode_line
from pipeline.text.streams import STREAM_ERRORS, open_bytes

_TEXT_RECORDS = ("conversion", "response", "resource")


def warc_documents(src: Source) -> Iterator[Document]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    index = 0
    try:
        with open_bytes(src.path) as fh:
            for record in ArchiveIterator(fh, arc2warc=True):
                if record.rec_type not in _TEXT_RECORDS:
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI")
                paragraphs = _record_paragraphs(record, src, url)
                if not paragraphs:
                    src.fault("warc_no_text", f"record for {url} holds no text")
                    continue
                yield Document(index, paragraphs,
                               meta_json({"url": url, "date": record.rec_headers.get_header("WARC-Date")}))
                index += 1
    except (ArchiveLoadFailed, *STREAM_ERRORS) as exc:
        src.fault("unreadable_file", f"stopped reading ({' '.join(str(exc).split())}); records before it are kept",
                  whole_file=True)


def _record_paragraphs(record, src: Source, url: str | None) -> list[str]:
    limit = src.options.max_line_bytes
    payload = record.content_stream().read(limit + 1)
    cut = len(payload) > limit
    if cut:
        src.fault("line_truncated", f"record for {url} is longer than {limit} bytes; kept its start")
        payload = payload[:limit]
    headers = record.http_headers or record.rec_headers
    content_type = (headers.get_header("Content-Type") or "").lower()
    if record.rec_type != "conversion" and "html" in content_type:
        return [p for p in _html_text(payload).split("\n") if p.strip()] if payload.strip() else []
    if record.rec_type != "conversion" and "text/plain" not in content_type:
        return []
    raws = payload.split(b"\n")
    paragraphs = []
    for i, raw in enumerate(raws):
        line = decode_line(raw, cut=cut and i == len(raws) - 1)
        if line is None:
            src.fault("invalid_utf8", f"record for {url}: line {i + 1} is not valid UTF-8")
        elif line.strip():
            paragraphs.append(line)
    return paragraphs


def _html_text(payload: bytes) -> str:
    from resiliparse.extract.html2text import extract_plain_text
    from resiliparse.parse.encoding import bytes_to_str, detect_encoding

    return extract_plain_text(bytes_to_str(payload, detect_encoding(payload)), main_content=True)

"""Marking the plan's own words: which spans of a section's text are a target or a measure."""

from dataclasses import dataclass


@dataclass
class Segment:
    text: str
    item: object = None  # a Target or Measure whose quote this is, else None


def mark_paragraphs(text: str, items) -> list[list[Segment]]:
    """Split `text` into paragraphs of segments, each item's `quote` becoming a marked segment.

    A quote that cannot be found is left unmarked (the data file's tests keep that from happening).
    """
    spans = []
    for item in items:
        start = text.find(item.quote) if item.quote else -1
        if start >= 0:
            spans.append((start, start + len(item.quote), item))
    spans.sort(key=lambda span: span[0])

    segments, position = [], 0
    for start, end, item in spans:
        if start < position:  # overlapping quotes: keep the first
            continue
        if start > position:
            segments.append(Segment(text[position:start]))
        segments.append(Segment(text[start:end], item))
        position = end
    if position < len(text):
        segments.append(Segment(text[position:]))

    paragraphs = [[]]
    for segment in segments:
        pieces = segment.text.split("\n")
        for index, piece in enumerate(pieces):
            if index:
                paragraphs.append([])
            if piece:
                paragraphs[-1].append(Segment(piece, segment.item))
    return [paragraph for paragraph in paragraphs if paragraph]

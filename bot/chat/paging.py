"""Splitting a Reply into the parts a platform can show, without losing anything.

Each adapter knows its documented limits and says whether a rendered Reply `fits`;
this module, which knows no platform, packs a reply's pieces (buttons, mentions, body
lines, fields, rows, footer) greedily into as few parts as fit. A piece that is too
big even alone (a very long line or field) is cut in two and continued, never dropped.
The first part keeps the title, buttons, image and thread; the footer (for a reveal:
how many answered) always ends the last part.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import cast

from bot.chat.ports import Button, Reply, ReplyField
from bot.chat.text import cut, lines

CONTINUED = " (continued)"


@dataclass(frozen=True)
class _Piece:
    kind: str  # button | mention | body | field | row | footer
    value: str | Button | ReplyField


class DoesNotFit(Exception):
    """A piece that cannot be split does not fit an empty part: a renderer bug."""


def paginate(reply: Reply, fits: Callable[[Reply], bool]) -> list[Reply]:
    pieces = _pieces(reply)
    parts = [_shell(reply, first=True)]
    used = False  # whether the last part holds a piece yet
    i = 0
    while i < len(pieces):
        n = _most_that_fit(parts[-1], pieces, i, fits)
        if n:
            parts[-1], used, i = _place_all(parts[-1], pieces[i : i + n]), True, i + n
        elif used:
            parts.append(_shell(reply, first=False))
            used = False
        else:  # too big even for an empty message: cut it in two and go on
            halves = _halve(pieces[i])
            if halves is None:
                raise DoesNotFit(f"a {pieces[i].kind} does not fit an empty message")
            pieces[i : i + 1] = halves
    return [_tidy(part) for part in parts]


def _most_that_fit(part: Reply, pieces: list[_Piece], start: int, fits: Callable[[Reply], bool]) -> int:
    """How many pieces from `start` on fit in `part` (galloping, then bisecting, so a
    long list costs a few renders per message rather than one per row)."""
    left = len(pieces) - start
    if not fits(_place_all(part, pieces[start : start + 1])):
        return 0
    good, step = 1, 1
    while good < left:
        trial = min(left, good + step)
        if not fits(_place_all(part, pieces[start : start + trial])):
            bad = trial
            break
        good, step = trial, step * 2
    else:
        return good
    while bad - good > 1:
        middle = (good + bad) // 2
        if fits(_place_all(part, pieces[start : start + middle])):
            good = middle
        else:
            bad = middle
    return good


def _place_all(part: Reply, pieces: list[_Piece]) -> Reply:
    for piece in pieces:
        part = _place(part, piece)
    return part


def _pieces(reply: Reply) -> list[_Piece]:
    pieces = [_Piece("button", b) for b in reply.buttons]
    pieces += [_Piece("mention", m) for m in reply.mentions]
    if reply.body:
        pieces += [_Piece("body", line) for line in lines(reply.body)]
    pieces += [_Piece("field", f) for f in reply.fields]
    pieces += [_Piece("row", r) for r in reply.rows]
    if reply.footer:
        pieces.append(_Piece("footer", reply.footer))
    return pieces


def _shell(reply: Reply, *, first: bool) -> Reply:
    title = reply.title if first or not reply.title else reply.title + CONTINUED
    return Reply(
        title=title,
        kind=reply.kind,
        private=reply.private,
        opens_thread=reply.opens_thread and first,
        image=reply.image if first else None,
    )


def _place(part: Reply, piece: _Piece) -> Reply:
    value = piece.value
    match piece.kind:
        case "button":
            return replace(part, buttons=[*part.buttons, cast(Button, value)])
        case "mention":
            return replace(part, mentions=[*part.mentions, cast(str, value)])
        case "body":
            return replace(part, body=f"{part.body}\n{value}" if part.body else str(value))
        case "field":
            return replace(part, fields=[*part.fields, cast(ReplyField, value)])
        case "row":
            return replace(part, rows=[*part.rows, cast(str, value)])
    return replace(part, footer=part.footer + str(value))  # a footer cut in two joins again


def _halve(piece: _Piece) -> list[_Piece] | None:
    """Two pieces that together say what `piece` said; None when it cannot be cut."""
    if piece.kind in {"body", "row", "footer"}:
        text = str(piece.value)
        if len(text) < 2:
            return None
        head, tail = cut(text, _cut_point(text))
        return [_Piece(piece.kind, head), _Piece(piece.kind, tail)] if tail else None
    if piece.kind == "field":
        field = piece.value
        assert isinstance(field, ReplyField)
        if len(field.value) < 2:
            return None
        head, tail = cut(field.value, _cut_point(field.value))
        if not tail:
            return None
        name = field.name if field.name.endswith(CONTINUED) else field.name + CONTINUED
        return [_Piece("field", replace(field, value=head)), _Piece("field", replace(field, name=name, value=tail))]
    return None


def _cut_point(text: str) -> int:
    """Near the middle, at a line break or a space when there is one nearby."""
    middle = len(text) // 2
    for mark in ("\n", " "):
        at = text.rfind(mark, middle // 2, middle + 1)
        if at > 0:
            return at + 1
    return middle


def _tidy(part: Reply) -> Reply:
    return replace(part, body=part.body.strip("\n"))

"""Reading neutral rich text (bot/chat/text.py) into spans an adapter renders.

The markup is a small CommonMark subset, the part the core and the question bank use:
`**strong**`, `*emphasis*` or `_emphasis_`, `` `code` ``, fenced code blocks, links
`[label](https://…)` and backslash escapes. Two inline elements CommonMark lacks, a
`Mention` and a `Time`, and text people wrote (shown literally) are explicit
private-use tokens, so no text can turn into one by accident. `parse` returns a flat
list of spans; `unsafe` the stretches a cut must not fall inside.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import UTC, datetime

OPEN, CLOSE = "\ue000", "\ue001"  # around text people wrote
ELEMENT, END = "\ue002", "\ue003"  # around an inline element: ELEMENT kind SEP field SEP ... END
SEP = "\ue004"
MARKS = OPEN + CLOSE + ELEMENT + END + SEP
URL = r"(?:https?://|mailto:)[^\s()<>]+"
PUNCT = r"\\`*_\[\]()#+\-.!>~|{}"

TOKENS = re.compile(
    rf"(?P<said>{OPEN}[^{CLOSE}]*(?:{CLOSE}|\Z))"
    rf"|(?P<element>{ELEMENT}[^{END}]*{END})"
    rf"|(?m:^(?P<fence>```)(?P<lang>[\w+#.-]*)[ \t]*\n(?P<block>(?s:.*?))(?:\n```[ \t]*$|\Z))"
    rf"|(?P<code>``?)(?P<codetext>[^`\n]+?)(?P=code)(?!`)"
    rf"|\\(?P<escaped>[{PUNCT}])"
    rf"|\[(?P<label>[^\]\n{MARKS}]+)\]\((?P<url>{URL})\)"
    rf"|(?P<delim>\*\*|\*|_)"
    rf"|(?P<para>\n[ \t]*\n)"
)


@dataclass(frozen=True)
class Run:
    """Text with its styles. `literal`: never formats, mentions or links on any
    platform (text people wrote, an escaped mark)."""

    text: str
    strong: bool = False
    em: bool = False
    code: bool = False
    href: str | None = None
    literal: bool = False


@dataclass(frozen=True)
class CodeBlock:
    text: str
    lang: str = ""


@dataclass(frozen=True)
class Mention:
    """A person, named so that the platform shows and notifies them; `name` is for
    places without mentions (the console)."""

    user_id: str
    name: str = ""


@dataclass(frozen=True)
class Time:
    """An instant each reader sees in their own zone where the platform can (Discord,
    Slack); `tz` is the channel's zone, for every other place. `style` is one of
    t (16:30), T (16:30:05), d (01/12/2026), D (1 December 2026), f (date and time),
    F (weekday, date and time), R (relative: "in 3 hours", counted from `since`, the
    moment the text was written, where the platform cannot count)."""

    at: datetime
    style: str = "f"
    tz: str = "UTC"
    since: datetime | None = None


Span = Run | CodeBlock | Mention | Time
STYLES = frozenset("tTdDfFR")


def element(span: Mention | Time) -> str:
    """The token for an inline element (what text.mention and text.time return)."""
    if isinstance(span, Mention):
        fields = ["m", span.user_id, span.name]
    else:
        since = "" if span.since is None else str(int(span.since.timestamp()))
        fields = ["t", str(int(span.at.timestamp())), span.style, span.tz, since]
    return ELEMENT + SEP.join(_clean(f) for f in fields) + END


def _clean(text: str) -> str:
    return text.translate(str.maketrans("", "", MARKS))


def _element(token: str) -> Span:
    kind, *fields = token[1:-1].split(SEP)
    if kind == "m" and fields:
        return Mention(fields[0], fields[1] if len(fields) > 1 else "")
    if kind == "t" and len(fields) == 4 and fields[0].lstrip("-").isdigit():
        style = fields[1] if fields[1] in STYLES else "f"
        since = datetime.fromtimestamp(int(fields[3]), UTC) if fields[3].lstrip("-").isdigit() else None
        return Time(datetime.fromtimestamp(int(fields[0]), UTC), style, fields[2] or "UTC", since)
    return Run("")  # a damaged token shows nothing rather than its insides


def _opens(text: str, i: int, delim: str) -> bool:
    after = text[i + len(delim) : i + len(delim) + 1]
    before = text[i - 1 : i]
    if not after or after.isspace():
        return False
    return delim != "_" or not (before.isalnum())


def _closes(text: str, i: int, delim: str) -> bool:
    before = text[i - 1 : i]
    after = text[i + len(delim) : i + len(delim) + 1]
    if not before or before.isspace():
        return False
    return delim != "_" or not (after.isalnum())


def _pairs(text: str, matches: list[re.Match[str]]) -> dict[int, int]:
    """Emphasis delimiters paired as openers and closers (start of one -> start of the
    other, both ways). As in CommonMark, spans nest but never cross: pairing a closer
    drops the openers after its opener; a blank line ends every open one unpaired."""
    stack: list[tuple[str, int]] = []
    paired: dict[int, int] = {}
    for m in matches:
        if m.group("para"):
            stack.clear()
            continue
        delim = m.group("delim")
        if not delim:
            continue
        i = m.start()
        found = next((k for k in range(len(stack) - 1, -1, -1) if stack[k][0] == delim), None)
        if found is not None and _closes(text, i, delim):
            opener = stack[found][1]
            paired[opener], paired[i] = i, opener
            del stack[found:]
        elif _opens(text, i, delim):
            stack.append((delim, i))
    return paired


def parse(text: str) -> list[Span]:
    """The text as spans, in order; adjacent runs with the same styles merged."""
    matches = list(TOKENS.finditer(text))
    paired = _pairs(text, matches)
    spans: list[Span] = []
    strong = em = False
    at = 0

    def add(span: Span) -> None:
        if isinstance(span, Run) and not span.code and span.href is None:
            span = replace(span, strong=span.strong or strong, em=span.em or em)
            last = spans[-1] if spans else None
            if isinstance(last, Run) and replace(last, text="") == replace(span, text=""):
                spans[-1] = replace(last, text=last.text + span.text)
                return
        if not isinstance(span, Run) or span.text:
            spans.append(span)

    for m in matches:
        if m.start() > at:
            add(Run(text[at : m.start()]))
        at = m.end()
        if m.group("said") is not None:
            add(Run(_clean(m.group("said")), literal=True))
        elif m.group("element"):
            add(_element(m.group("element")))
        elif m.group("fence"):
            add(CodeBlock(_clean(m.group("block")), m.group("lang")))
        elif m.group("code"):
            add(Run(_clean(m.group("codetext")), code=True))
        elif m.group("escaped"):
            add(Run(m.group("escaped"), literal=True))
        elif m.group("url"):
            add(Run(m.group("label"), href=m.group("url")))
        elif m.group("delim") and m.start() in paired:
            if m.group("delim") == "**":
                strong = paired[m.start()] > m.start()
            else:
                em = paired[m.start()] > m.start()
        else:
            add(Run(m.group()))
    if at < len(text):
        add(Run(text[at:]))
    return spans


def unsafe(text: str) -> list[tuple[int, int, str]]:
    """(start, end, what) for the stretches a cut must not fall strictly inside: text
    people wrote (`said`) and fenced code (`fence:LANG`) can be closed and reopened, an
    emphasis (`pair:MARK`) or a code span (`code:TICKS`) too when nothing else will do;
    elements, links and escapes (`whole`) are kept whole."""
    matches = list(TOKENS.finditer(text))
    paired = _pairs(text, matches)
    out: list[tuple[int, int, str]] = []
    for m in matches:
        if m.group("said") is not None:
            out.append((m.start(), m.end(), "said"))
        elif m.group("fence"):
            out.append((m.start(), m.end(), "fence:" + m.group("lang")))
        elif m.group("code"):
            out.append((m.start(), m.end(), "code:" + m.group("code")))
        elif m.group("delim"):
            other = paired.get(m.start())
            if other is not None and other > m.start():
                out.append((m.start(), other + len(m.group("delim")), "pair:" + m.group("delim")))
        elif not m.group("para"):
            out.append((m.start(), m.end(), "whole"))
    return out


def mark_lines(text: str, *marks: str) -> str:
    """`text` with each non-blank line's words wrapped in `marks` (innermost first),
    leaving its leading and trailing spaces outside: chat markup must touch the words and
    cannot span lines."""
    out = []
    for line in text.split("\n"):
        core = line.strip()
        if core:
            for mark in marks:
                core = f"{mark}{core}{mark}"
            line = line[: len(line) - len(line.lstrip())] + core + line[len(line.rstrip()) :]
        out.append(line)
    return "\n".join(out)

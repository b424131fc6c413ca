"""What a machine can check about key points, beyond the schema, for `content check`.

An alias exists to credit one idea said in other words. If every content word of an alias
is already in the prompt, or the alias is one common English word, an answer that lacks
the idea still matches it: those are errors. A prompt that asks more things than it has
key points leaves a part ungraded: that is a warning, because counting asks is a guess.
Words are compared as the grader compares them (bot.grading.text: stems, stop words set
aside, British spellings folded), so "calibrated" in an alias meets "calibrate" in a prompt.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from bot.bank.common_words import is_common
from bot.bank.loader import Bank, ContentError, LoadedQuestion, _line_of
from bot.bank.schema import QuestionSpec
from bot.grading.text import STOPWORDS, stem, words

# Sentences that ask something without a question mark start with one of these verbs.
IMPERATIVES = frozenset(
    """explain describe compare contrast give name list discuss outline walk sketch write implement design
    propose suggest define state show estimate justify tell identify choose decide argue say""".split()  # noqa: SIM905
)
# A second ask joined to the first: ", and why ...", "... and how ...", "; describe ...".
JOINED_ASK = re.compile(
    r"(?:,|;|\band\b)\s+(?:and\s+)?(?:what|why|how|when|which|where|who|whether|explain|describe|compare|contrast|"
    r"give|discuss|outline|sketch|implement|design|propose|suggest|define|estimate|justify|identify|choose|decide)\b",
    re.IGNORECASE,
)
SENTENCE_END = re.compile(r"(?<=[.?!])\s+")
COMPOUND_WORD = re.compile(r"[a-z0-9]+(?:[-'’][a-z0-9]+)*")


def content_words(text: str) -> list[str]:
    return [w for w in words(text) if w not in STOPWORDS]


def count_asks(prompt: str) -> int:
    """How many things a prompt asks: each question or imperative sentence, plus the
    asks joined inside it ("What is X, and why does it matter?" asks two)."""
    asks = 0
    for sentence in SENTENCE_END.split(prompt.strip()):
        tokens = words(sentence)
        if not sentence.rstrip().endswith("?") and not (tokens and tokens[0] in IMPERATIVES):
            continue
        asks += 1 + len(JOINED_ASK.findall(sentence))
    return asks


def alias_problem(alias: str, prompt_stems: frozenset[str]) -> str | None:
    """Why an alias would credit an answer without the idea, or None if it would not."""
    content = content_words(alias)
    if not content:
        return "has no content word"
    # Hyphenated compounds ("one-hot", "out-of-fold") count as one word, and no such word is common.
    whole_words = sorted({w for w in COMPOUND_WORD.findall(alias.lower()) if w not in STOPWORDS})
    if len(whole_words) == 1 and is_common(whole_words[0]):
        return f"has one content word, {whole_words[0]!r}, a common English word, so answers without the idea match it"
    if {stem(w) for w in content} <= prompt_stems:
        return "only repeats words of the prompt, so echoing the question matches it"
    return None


def lint_question(
    spec: QuestionSpec, node: yaml.Node | None, file: str, line: int
) -> tuple[list[ContentError], list[ContentError]]:
    """(errors, warnings) for one valid question, each a ContentError with its line."""
    errors: list[ContentError] = []
    warnings: list[ContentError] = []
    prompt_stems = frozenset(stem(w) for w in content_words(spec.prompt))
    for i, key_point in enumerate(spec.key_points):
        for j, alias in enumerate(key_point.aliases):
            problem = alias_problem(alias, prompt_stems)
            if problem:
                where = _line_of(node, ("key_points", i, "aliases", j)) if node is not None else line
                errors.append(ContentError(file, where, f"question {spec.id!r}: alias {alias!r} {problem}"))
    asks = count_asks(spec.prompt)
    if asks > len(spec.key_points):
        where = _line_of(node, ("prompt",)) if node is not None else line
        warnings.append(
            ContentError(
                file,
                where,
                f"warning: question {spec.id!r}: the prompt asks about {asks} things but has "
                f"{len(spec.key_points)} key points; give every part of the prompt a key point",
            )
        )
    return errors, warnings


def lint_bank(bank: Bank) -> tuple[list[ContentError], list[ContentError]]:
    """(errors, warnings) for every question that loaded; aliases are found by line."""
    nodes = _question_nodes({q.file for q in bank.questions})
    errors: list[ContentError] = []
    warnings: list[ContentError] = []
    for question in bank.questions:
        found_errors, found_warnings = _lint_loaded(question, nodes)
        errors += found_errors
        warnings += found_warnings
    return errors, warnings


def _lint_loaded(
    question: LoadedQuestion, nodes: dict[tuple[str, int], yaml.Node]
) -> tuple[list[ContentError], list[ContentError]]:
    node = nodes.get((question.file, question.line))
    return lint_question(question.spec, node, question.file, question.line)


def _question_nodes(files: set[str]) -> dict[tuple[str, int], yaml.Node]:
    """Each question's YAML node by (file, line), so alias lines can be reported."""
    nodes: dict[tuple[str, int], yaml.Node] = {}
    for file in files:
        root = yaml.compose(Path(file).read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
        if not isinstance(root, yaml.MappingNode):
            continue
        for key, value in root.value:
            if key.value == "questions" and isinstance(value, yaml.SequenceNode):
                for node in value.value:
                    nodes[(file, node.start_mark.line + 1)] = node
    return nodes

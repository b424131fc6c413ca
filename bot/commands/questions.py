"""Specs of the commands about questions: ask, today, reveal, topics, review, answer,
feedback."""

from __future__ import annotations

from bot.bank.schema import TOPICS
from bot.commands.spec import CommandSpec, Option, UsageError
from bot.commands.types import DIFFICULTIES, AnswerReview, Ask, Feedback, Reveal, Review, Today, Topics
from bot.commands.words import NUMBERISH, no_args, parse_group_name, parse_topic

GROUP_OPTION = Option("group", "A study group: its members are mentioned", keyword="group", placeholder="NAME")


def parse_ask(args: list[str]) -> Ask:
    topic: str | None = None
    difficulty: int | None = None
    group: str | None = None
    private = False
    new = False
    rest = list(args)
    while rest:
        word = rest.pop(0)
        if word.lower() == "private" and not private:
            private = True
        elif word.lower() == "new" and not new:
            new = True
        elif word.lower() == "group" and group is None:
            if not rest:
                raise UsageError("ask", "Name the group: `/drill ask group NAME`.")
            group = parse_group_name(rest.pop(0), "ask")
        elif word in {str(d) for d in DIFFICULTIES} and difficulty is None:
            difficulty = int(word)
        elif NUMBERISH.match(word) and difficulty is None:
            raise UsageError("ask", f"`{word}` is not a difficulty: use 1 (easy), 2 or 3 (hard).")
        elif topic is None and not NUMBERISH.match(word):
            topic = parse_topic(word, "ask")
        else:
            what = "one difficulty" if NUMBERISH.match(word) else "one topic"
            raise UsageError("ask", f"Unexpected `{word}`: give at most {what}.")
    return Ask(topic, difficulty, group, private, new)


def parse_answer(args: list[str]) -> AnswerReview:
    """The whole rest of the line, verbatim (a `prose` command: apostrophes are not quotes)."""
    text = " ".join(args).strip()
    if not text:
        raise UsageError("answer", "Write your answer after `/drill answer`.")
    return AnswerReview(text)


def parse_feedback(args: list[str]) -> Feedback:
    if not args:
        return Feedback()
    if len(args) > 1 or not args[0].isascii() or not args[0].isdigit():
        raise UsageError("feedback", "Give the question's number (it is in the reveal), or nothing for your latest.")
    return Feedback(int(args[0]))


ASK = CommandSpec(
    "ask",
    f"[topic] [{DIFFICULTIES[0]}-{DIFFICULTIES[-1]}] [group NAME] [private] [new]",
    "a practice question now, in a thread (study group: members mentioned; private: the Answer button)",
    parse_ask,
    options=(
        Option("topic", "One of /drill topics", suggest=TOPICS, placeholder="TOPIC"),
        Option("difficulty", "1 (easy) to 3 (hard)", kind="whole", low=DIFFICULTIES[0], high=DIFFICULTIES[-1]),
        GROUP_OPTION,
        Option("private", "Answers through the Answer button, hidden until the reveal", kind="flag"),
        Option("new", "Admins: open another even while one is open here", kind="flag"),
    ),
)
TODAY = CommandSpec("today", "", "today's question of the day", no_args("today", Today))
REVEAL = CommandSpec(
    "reveal",
    "",
    "reveal the open question's model answer and grades (admins, or whoever asked a practice one)",
    no_args("reveal", Reveal),
)
TOPICS_SPEC = CommandSpec("topics", "", "the topics in the question bank", no_args("topics", Topics))
REVIEW = CommandSpec(
    "review", "", "your most overdue question, privately (spaced repetition)", no_args("review", Review)
)
ANSWER = CommandSpec(
    "answer",
    "YOUR ANSWER",
    "answer the review question you were sent: graded, and its next review scheduled",
    parse_answer,
    options=(Option("text", "Your answer", required=True, placeholder="YOUR ANSWER"),),
    prose=True,
)
FEEDBACK = CommandSpec(
    "feedback",
    "[ROUND]",
    "your own detailed result for a revealed question, privately",
    parse_feedback,
    options=(Option("question", "The question's number, from its reveal", kind="whole", low=0, placeholder="ROUND"),),
)

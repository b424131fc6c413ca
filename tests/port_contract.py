"""The ChatPort contract, as checks any implementation can be run through: the method
set and signatures (tests/test_port_conformance.py, for every implementation) and one
round of real calls (there for the in-memory ports; tests/slack and tests/discord run
it against the fakes of the real APIs)."""

from __future__ import annotations

import inspect
from datetime import UTC, datetime
from typing import Any

from bot.chat.history import ReadsThreads
from bot.chat.ports import ChatPort, MessageRef, Notifies, OpensThreads, Pages, Place, Reply

_MISSING = object()
CAPABILITIES: dict[str, type] = {
    "pages": Pages,
    "notify": Notifies,
    "thread_replies": ReadsThreads,
    "open_thread": OpensThreads,
}


def protocol_methods(protocol: type) -> list[str]:
    return [name for name, value in vars(protocol).items() if callable(value) and not name.startswith("_")]


def shape_problems(cls: type) -> list[str]:
    """What `cls` gets wrong about the port: a required method missing, an optional one
    with the wrong shape, a coroutine that is not one, or parameters named otherwise."""
    problems = []
    wanted: list[tuple[type, str, bool]] = [(ChatPort, name, True) for name in protocol_methods(ChatPort)]
    for name, capability in CAPABILITIES.items():
        wanted += [(capability, method, False) for method in protocol_methods(capability) if hasattr(cls, name)]
    for protocol, name, required in wanted:
        mine = getattr(cls, name, _MISSING)
        if mine is _MISSING:
            if required:
                problems.append(f"{cls.__name__}.{name} is missing")
            continue
        if not callable(mine):
            problems.append(f"{cls.__name__}.{name} is not a method")
            continue
        theirs = getattr(protocol, name)
        if inspect.iscoroutinefunction(theirs) != inspect.iscoroutinefunction(mine):
            problems.append(f"{cls.__name__}.{name}: async-ness differs from {protocol.__name__}")
        if list(inspect.signature(mine).parameters) != list(inspect.signature(theirs).parameters):
            problems.append(f"{cls.__name__}.{name}{inspect.signature(mine)} != {inspect.signature(theirs)}")
    return problems


async def exercise(port: Any, place: Place, user: str, *, remembers: bool = True) -> None:
    """One round of the calls the core makes, in its order: a keyed post (and its thread,
    for a port that opens it as a step of its own), a keyed reply in its thread, a
    private message, and the look-ups a retry makes."""
    assert isinstance(port, ChatPort)
    since = datetime(2000, 1, 1, tzinfo=UTC)  # the fakes' clocks are virtual
    card = Reply(title="Question", body="What is cross-validation?", key="contract-round", opens_thread=True)
    posted = await port.post(place, card)
    assert isinstance(posted, MessageRef) and posted.message_id
    if isinstance(port, OpensThreads):  # the thread is a step after the card
        opened = await port.open_thread(posted, card)
        assert opened.message_id == posted.message_id, "the thread is the card's"
        posted = opened
    assert posted.thread_id, "a card that opens a thread names the thread its replies go to"
    reveal = Reply(title="Reveal", body="Split into folds.", key="contract-reveal")
    in_thread = await port.reply_in_thread(posted, reveal)
    assert isinstance(in_thread, MessageRef) and in_thread.message_id
    assert in_thread.message_id != posted.message_id
    await port.send_private(place, user, Reply(body="only for you"))
    assert await port.find_sent(place, "never-sent", since) is None
    found = await port.find_sent(place, "contract-round", since)
    in_thread_found = await port.find_sent(place, "contract-reveal", since, posted.thread_id)
    if remembers:
        assert found is not None and found.message_id == posted.message_id
        assert in_thread_found is not None and in_thread_found.message_id == in_thread.message_id
    else:
        assert found in (None, posted) and in_thread_found in (None, in_thread)
    if isinstance(port, Pages):
        parts = port.pages(Reply(title="List", rows=[f"row {i}" for i in range(300)]))
        assert parts and sum(len(p.rows) for p in parts) == 300, "nothing is cut"

"""Issue #16 on Discord, end to end against the fake: a private round's Answer button
opens a modal (interaction response type 9), the receipt is ephemeral with an Edit
button, a new submission replaces the answer, the reveal shows each answer beside its
grade, and the Dispute and reviewer buttons decide a dispute."""

from __future__ import annotations

from sqlmodel import select

from bot.db.models import AnswerMessage, Dispute, Round, ScoreEvent
from tests.discord.test_discord_e2e import buttons_of

EPHEMERAL, MODAL = 64, 9
ANSWER = "You split the data into folds, and then you look at what happens with the model each time."


def text_of(answer: dict) -> str:  # type: ignore[type-arg]
    embeds = answer["data"].get("embeds") or []
    return " ".join(f"{e.get('title', '')} {e.get('description', '')}" for e in embeds)


async def private_round(discord) -> dict:  # type: ignore[no-untyped-def,type-arg]
    token = await discord.fake.slash("11", "ask", topic="evaluation", difficulty=1, private=True)
    posted = await discord.answer_of(token)
    assert "Answer button" in text_of(posted)
    (card,) = [m for m in discord.fake.posted(discord.fake.channel_id) if m["components"]]
    return card


async def submit_through_the_modal(discord, user: str, message: dict, label: str, text: str, was: str = "") -> dict:  # type: ignore[no-untyped-def,type-arg]
    opened = await discord.answer_of(await discord.fake.press(user, buttons_of(message)[label], message["id"]))
    assert opened["type"] == MODAL and opened["data"]["custom_id"].startswith("drill-answer:")
    (box,) = [c for row in opened["data"]["components"] for c in row["components"]]
    assert box.get("value", "") == was  # an Edit starts from the answer sent so far
    done = await discord.answer_of(await discord.fake.submit(user, opened["data"]["custom_id"], {"answer": text}))
    assert done["data"]["flags"] & EPHEMERAL
    return done


async def test_a_private_round_through_the_modal_then_a_dispute(discord) -> None:  # type: ignore[no-untyped-def]
    fake = discord.fake
    card = await private_round(discord)
    assert list(buttons_of(card)) == ["Answer", "Hint", "Reveal now", "Another question"]  # one Answer button
    assert "Answers are private here" in card["embeds"][0]["footer"]["text"]

    first = await submit_through_the_modal(discord, "12", card, "Answer", "Folds.")
    assert "answer recorded" in text_of(first) and "change it until the reveal" in text_of(first)
    receipt = first["message"]
    assert list(buttons_of(receipt)) == ["Edit"]
    second = await submit_through_the_modal(discord, "12", receipt, "Edit", ANSWER, was="Folds.")
    assert "answer changed" in text_of(second)
    with discord.bot.session() as session:
        assert session.exec(select(AnswerMessage.text)).all() == [ANSWER]  # replaced, not joined
    assert not [m for m in fake.posted() if ANSWER in str(m)]  # nobody else saw it

    revealed = await discord.answer_of(await fake.press("11", buttons_of(card)["Reveal now"], card["id"]))
    assert "Revealed" in text_of(revealed)
    await discord.until(lambda s: s.exec(select(Round.reveal_posted_at)).first() is not None, True)
    reveal = [m for m in fake.posted(card["thread"]["id"]) if m["embeds"]][0]
    assert "Bob" in str(reveal) and ANSWER[:40] in str(reveal)  # each answer beside its grade

    mine = await discord.answer_of(await fake.press("12", buttons_of(reveal)["My feedback"], reveal["id"]))
    assert mine["data"]["flags"] & EPHEMERAL and list(buttons_of(mine["message"])) == ["Dispute"]
    result = mine["message"]
    opened = await discord.answer_of(await fake.press("12", buttons_of(result)["Dispute"], result["id"]))
    assert "Dispute 1 opened" in text_of(opened)

    listed = (await discord.answer_of(await fake.slash("19", "disputes")))["message"]
    assert set(buttons_of(listed)) == {"Accept 1", "Teach 1", "Reject 1"}
    refused = await discord.answer_of(await fake.press("12", buttons_of(listed)["Reject 1"], listed["id"]))
    assert "Only reviewers" in text_of(refused)
    decided = await discord.answer_of(await fake.press("19", buttons_of(listed)["Teach 1"], listed["id"]))
    assert "Dispute 1 accepted" in text_of(decided)
    told = await fake.wait_for(lambda: [m for m in fake.posted(fake.dm_channel("12")) if "was accepted" in str(m)])
    assert told
    with discord.bot.session() as session:
        assert session.exec(select(Dispute.status)).one() == "accepted"
        assert session.exec(select(ScoreEvent).where(ScoreEvent.reason == "dispute:1")).one().points > 0


async def test_a_resolve_slash_command_with_its_options(discord) -> None:  # type: ignore[no-untyped-def]
    answer = await discord.answer_of(await discord.fake.slash("19", "resolve", dispute=4, decision="accept", score=80))
    assert "no dispute 4" in text_of(answer).lower()
    answer = await discord.answer_of(await discord.fake.slash("11", "dispute", why="I said it"))
    assert "no revealed answer" in text_of(answer)

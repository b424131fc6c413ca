"""Text on Discord: cards show times as Discord timestamps (each reader's zone), bank
text keeps its meaning, and what people wrote is echoed with its markdown escaped."""

from __future__ import annotations

from sqlmodel import func, select

from bot.db.models import Answer, Question, Round
from tests.discord.test_discord_reveal import EPHEMERAL, ask, reveal_messages
from tests.reveal_helpers import the_round


async def test_the_question_card_shows_discord_timestamps(discord) -> None:  # type: ignore[no-untyped-def]
    fake = discord.fake
    with discord.bot.session() as session:
        for question in session.exec(select(Question).where(Question.topic == "evaluation")):
            question.prompt = "Is p < 0.05 & q > 1 significant? Say **why**."
            session.add(question)
        session.commit()
    await ask(discord)
    (card,) = [m for m in fake.posted(fake.channel_id) if m["author"]["id"] == fake.bot_id and m["components"]]
    embed = card["embeds"][0]
    with discord.bot.session() as session:
        unix = int(session.exec(select(Round.reveal_at)).one().timestamp())
    fields = {f["name"]: f["value"] for f in embed["fields"]}
    assert fields["Reveal"] == f"<t:{unix}:t> (<t:{unix}:R>)"
    assert embed["description"] == "Is p < 0.05 & q > 1 significant? Say **why**."


async def test_an_answer_is_echoed_with_its_markdown_escaped(discord) -> None:  # type: ignore[no-untyped-def]
    fake = discord.fake
    thread = await ask(discord)
    await fake.say(thread, "11", "We **split into folds** @everyone and average the scores")
    await discord.until(lambda s: s.exec(select(func.count()).select_from(Answer)).one(), 1)
    await discord.answer_of(await fake.slash("19", "reveal"))
    (reveal, *_) = await fake.wait_for(lambda: reveal_messages(fake, thread))
    button = reveal["components"][0]["components"][0]
    response = await discord.answer_of(await fake.press("11", button["custom_id"], reveal["id"]))
    assert response["data"]["flags"] & EPHEMERAL
    mine = response["data"]["embeds"][0]["description"]
    assert "**Question**" in mine  # our own bold
    assert "“We \\*\\*split into folds\\*\\* @\u200beveryone and average the scores”" in mine  # theirs, inert
    assert the_round(discord.bot).revealed_at is not None

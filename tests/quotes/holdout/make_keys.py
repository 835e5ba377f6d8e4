"""Writes the hold-out answer keys (<article>.json) from the labels below, computing every offset from the text.

Each label is read off the article by a person: the quoted words exactly as printed (without the marks), the words
just before them (so that repeated words are placed at the right occurrence), the speaker's demo slug or None, and
the extent. Run it after editing an article or a label: `.venv/bin/python tests/quotes/holdout/make_keys.py`.
"""

import json
from pathlib import Path

HERE = Path(__file__).parent
DB, ON, DOJ = "bill-de-blasio", "james-oneill", "us-department-of-justice"
MULLINS, MMV, BHARARA = "ed-mullins", "melissa-mark-viverito", "preet-bharara"
NOTES = (
    "Hold-out key, labelled by reading the made-up article (see README.md), without looking at the extractor. "
    "Same format as tests/quotes/answer_keys/: text exactly as printed without the marks, start/end offsets "
    "(end exclusive) computed by make_keys.py, speaker = demo speaker slug or null (scare quotes, titles), extent. "
    "A quotation spanning paragraphs has `segments` ([start, end] per paragraph) and its text is the segments "
    "joined by a newline, as the extractor reports it. A speaker who is not a demo speaker has a made-up slug and "
    "`new_speaker`: the name the article prints."
)

# (text, words just before it including the opening mark, speaker, extent, note)
LABELS = {
    "wire-2017-04-21": [
        ("soft on crime,", 'is "', DOJ, "fragment", "The Justice Department's claim, in the reporter's sentence."),
        (
            "It's an unacceptable statement that denigrates the people of New York City and the men and women of "
            "the NYPD,",
            '\n"',
            DB,
            "full",
            "'de Blasio said at a news conference at police headquarters'.",
        ),
        (
            "It ignores a quarter century of progress in this city bringing down crime.",
            'headquarters. "',
            DB,
            "full",
            "Its own sentence after the attribution: continues de Blasio.",
        ),
        (
            "continues to see gang murder after gang murder, the predictable consequence of the city's 'soft on "
            "crime' stance,",
            'New York City "',
            DOJ,
            "fragment",
            "'according to a Justice Department statement'; the nested 'soft on crime' is part of it.",
        ),
        (
            "I would say to President Trump and to Attorney General Sessions — if you believe this statement is "
            "accurate, come here to New York City, look our police officers in the eye and tell them that you "
            "believe they are soft on crime,",
            '\n"',
            DB,
            "full",
            "'the mayor said'.",
        ),
        ("See how that feels.", 'mayor said. "', DB, "full", "Its own sentence, continuing the mayor's paragraph."),
        ("blood began to boil", 'his "', ON, "fragment", None),
        ("To say we are soft on crime is absolutely ludicrous,", '\n"', ON, "full", None),
        (
            "In 2016, we locked up more than 1,000 people in over 100 gang takedowns — most of them are still "
            "awaiting sentences or in jail.",
            "O'Neill said. \"",
            ON,
            "full",
            "'more than 1,000' where the seeds print 'over 1,000'.",
        ),
        ("Maybe we should ask them if they think we're soft on crime,", '\n"', ON, "full", "'O'Neill added'."),
        ("insulting", 'words "', ON, "fragment", "'He called …' refers to O'Neill."),
        ("a JOKE", 'Sessions "', MMV, "fragment", "On Twitter."),
        ("makes no one safer.", 'statement "', BHARARA, "fragment", "Tweet."),
    ],
    "tabloid-2017-04-21": [
        ("soft on crime.", "Apple “", DOJ, "fragment", "'Justice Department branded the Big Apple …'."),
        ("It’s an unacceptable statement,", "\n“", DB, "full", "'the mayor told reporters'."),
        (
            "It is an outrageous statement, and it’s absurd on its face.",
            "Plaza. “",
            DB,
            "full",
            "Its own sentence after the attribution.",
        ),
        (
            "look our police officers in the eye and tell them that you believe they are soft on crime.",
            "city and “",
            DB,
            "fragment",
            "'Hizzoner' is the tabloid's name for the mayor.",
        ),
        ("See how that feels,", "\n“", DB, "full", "'he said': the mayor, the subject of the paragraph before."),
        (
            "New York City continues to see gang murder after gang murder,",
            "gangs -- “",
            DOJ,
            "full",
            "Between dashes: 'the Justice Department said'.",
        ),
        ("sanctuary", "so-called “", None, "fragment", "Scare quote: so-called “sanctuary” cities."),
        ("When I heard that statement, my blood began to boil,", "\n“", ON, "full", None),
        ("To say we’re soft on crime is absolutely ludicrous.", "said. “", ON, "full", None),
        (
            "In 2016, we locked up over 1,000 people in 100 gang take downs -- most of them are still awaiting "
            "sentences or in jail,",
            "\n“",
            ON,
            "full",
            "'the commissioner said': O'Neill, named Police Commissioner two paragraphs before.",
        ),
        (
            "[M]aybe we should ask them if they think we’re soft on crime,",
            "\n“",
            ON,
            "full",
            "'O’Neill cracked'.",
        ),
        ("insulting to the memory", "was “", ON, "fragment", "'He also ticked off …': O'Neill."),
        ("I find this statement to be absolutely outrageous,", "\n“", ON, "full", None),
        (
            "I speak to cops every day. They want to cooperate with ICE,",
            "\n“",
            MULLINS,
            "full",
            "'said Mullins, who heads the Sergeants Benevolent Association, in a radio interview … earlier this year'.",
        ),
        ("a JOKE", "Sessions “", MMV, "fragment", "On Twitter."),
        (
            "When Washington calls this city ‘soft on crime,’ it is talking about the cop who walks my block at 3 in "
            "the morning,",
            "\n“",
            "dana-whitlock",
            "full",
            "A speaker who is not among the demo speakers; the nested ‘soft on crime,’ is part of it.",
        ),
        ("makes no one safer.", "statement “", BHARARA, "fragment", "Tweet."),
    ],
    "broadsheet-2017-04-21": [
        ("soft on crime,", "as “", DOJ, "fragment", "The Justice Department statement's words."),
        (
            "Justice Department Sends Letters to Nine Jurisdictions Requiring Proof of Compliance With 8 U.S.C. 1373,",
            "headlined “",
            None,
            "fragment",
            "The news release's headline: a title, no speaker.",
        ),
        (
            "New York City continues to see gang murder after gang murder, the predictable consequence of the "
            "city’s ‘soft on crime’ stance.",
            "said: “",
            DOJ,
            "full",
            "'In a statement, the department said:'; the nested ‘soft on crime’ is part of it.",
        ),
        ("soft on crime", "phrase “", None, "fragment", "The phrase under discussion, in the reporter's voice."),
        (
            "outrageous",
            "was “",
            DB,
            "fragment",
            "The same word is in the reporter's voice earlier in the sentence ('called the accusation outrageous').",
        ),
        ("absurd on its face.", "and “", DB, "fragment", None),
        (
            "It ignores a quarter century of progress in this city bringing down crime,",
            "\n“",
            DB,
            "full",
            "'the mayor said'.",
        ),
        (
            [
                (
                    "If you believe this statement is accurate, come here to New York City, look our police "
                    "officers in the eye and tell them that you believe they are soft on crime. See how that feels.",
                    "\n“",
                ),
                ("See how the people in New York City will feel about that,", "\n“"),
            ],
            None,
            DB,
            "full",
            "Spans two paragraphs (the first left open); 'he said' after the second: Mr. de Blasio.",
        ),
        ("When I heard that statement, my blood began to boil,", "stung. “", ON, "full", "'he said': Mr. O’Neill."),
        ("To say we are soft on crime is absolutely ludicrous,", "\n“", ON, "full", "'Mr. O’Neill added'."),
        (
            "In 2016, we locked up over 1,000 people in over 100 gang takedowns. Maybe we should ask them if they "
            "think we’re soft on crime.",
            "added. “",
            ON,
            "full",
            "Its own sentences, continuing O’Neill's paragraph.",
        ),
        ("Look at this city in 2017—it didn’t happen by accident,", "percent. “", ON, "full", "'he said'."),
        ("There was a tremendous amount of sacrifice.", "he said. “", ON, "full", None),
        ("insulting to the memory", "was “", ON, "fragment", "'He said …': the commissioner."),
        ("a JOKE", "Sessions “", MMV, "fragment", "On Twitter."),
        ("makes no one safer.", "statement “", BHARARA, "fragment", "On Twitter."),
    ],
}
NEW_SPEAKERS = {"dana-whitlock": "Dana Whitlock"}


def place(article, text, before):
    """The start of `text` in `article`, where `before` + `text` occurs exactly once."""
    needle = before + text
    assert article.count(needle) == 1, f"{needle!r} occurs {article.count(needle)} times"
    return article.index(needle) + len(before)


def key_entry(article, text, before, speaker, extent, note):
    if isinstance(text, list):
        segments = [(start := place(article, part, prefix), start + len(part)) for part, prefix in text]
        entry = {"text": "\n".join(article[s:e] for s, e in segments), "start": segments[0][0]}
        entry |= {"end": segments[-1][1], "segments": [list(segment) for segment in segments]}
    else:
        start = place(article, text, before)
        entry = {"text": text, "start": start, "end": start + len(text)}
    entry |= {"speaker": speaker, "extent": extent}
    if speaker in NEW_SPEAKERS:
        entry["new_speaker"] = NEW_SPEAKERS[speaker]
    if note:
        entry["note"] = note
    return entry


def main():
    for name, labels in LABELS.items():
        article = (HERE / f"{name}.txt").read_text(encoding="utf-8")
        quotes = sorted((key_entry(article, *label) for label in labels), key=lambda quote: quote["start"])
        key = {"article": f"tests/quotes/holdout/{name}.txt", "notes": NOTES, "quotes": quotes}
        (HERE / f"{name}.json").write_text(json.dumps(key, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(f"{name}: {len(quotes)} quotations")


if __name__ == "__main__":
    main()

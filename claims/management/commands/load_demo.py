"""Load the demo newsroom: two reports of the NYPD press conference of 21 April 2017.

The article texts are copies kept in `demo/`. Everything else — outlets, speakers, the quotes each
story printed and the claims checked in them — is written out below, in the order the stories print it.

Each row is looked up by its natural key first (outlet slug, story URL, speaker slug, a quote's story and
position, claim text) and only created when missing; rows already present are never saved again, so a
second run changes nothing. New rows are validated with full_clean() and published through the model's
own publish path.
"""

import datetime
from collections import Counter

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from claims.models import Claim, ClaimQuote, Evidence, Rating
from publishing.models import Publishable
from quotes.models import Quote, UtteranceProposal
from speakers.models import Alias, Speaker
from stories.models import Outlet, Story
from stories.urlnorm import normalise_url

DEMO_DIR = settings.BASE_DIR / "demo"

PRESS_CONFERENCE_DAY = datetime.date(2017, 4, 21)
# The seed articles came without a retrieval date. This is the day the copies in demo/ were made: the
# earliest date on which we can vouch for the text.
TEXT_COPIED_ON = datetime.date(2026, 11, 23)
# The demo rulings are illustrative: nobody has re-read their sources for this demo, so no evidence row
# claims an access date. A fact-checker who verifies a source records the day in the admin.
RESEARCHED_ON = None

FACT_CHECKER = {"username": "fact-desk", "first_name": "Fact", "last_name": "Desk"}
FACT_CHECKERS_GROUP = "Fact-checkers"

FULL, FRAGMENT, PARAPHRASE = Quote.Extent.FULL, Quote.Extent.FRAGMENT, Quote.Extent.PARAPHRASE
SPOKEN, WRITTEN, SOCIAL, INTERVIEW = (
    Quote.Medium.SPOKEN,
    Quote.Medium.WRITTEN,
    Quote.Medium.SOCIAL,
    Quote.Medium.INTERVIEW,
)

OUTLETS = [
    {"slug": "newsmax", "name": "Newsmax", "homepage": "https://www.newsmax.com/"},
    {"slug": "gothamist", "name": "Gothamist", "homepage": "https://gothamist.com/"},
    # Not a story here: Newsmax credits Politico for de Blasio's words.
    {"slug": "politico", "name": "Politico", "homepage": "https://www.politico.com/"},
]

# Neither headline was recorded; the URL slug stands in for it.
STORIES = {
    "newsmax": {
        "file": "newsmax-2017-04-21.txt",
        "url": "https://newsmax.com/amp/politics/bill-de-blasio-challenges-trump-administration/2017/04/21/id/785768",
        "published_on": PRESS_CONFERENCE_DAY,
        "headline_stand_in": "Bill de Blasio challenges Trump administration",
    },
    "gothamist": {
        "file": "gothamist-2017-04-21.txt",
        "url": "https://gothamist.com/news/de-blasio-challenges-sessions-to-come-to-new-york-and-tell-nypd-officers-"
        "theyre-soft-on-crime",
        "published_on": None,  # not recorded; the story reports the Friday-evening press conference
        "headline_stand_in": "De Blasio challenges Sessions to come to New York and tell NYPD officers they're soft "
        "on crime",
    },
}

# Titles are today's; each quote keeps the title its story printed. Wikidata ids only where verified.
SPEAKERS = [
    {
        "slug": "bill-de-blasio",
        "name": "Bill de Blasio",
        "title": "Former Mayor of New York City",
        "organisation": "City of New York",
        "wikidata_id": "Q4911497",
        "aliases": ["de Blasio", "De Blasio", "Mayor de Blasio", "Mayor Bill de Blasio", "the mayor"],
    },
    {
        "slug": "james-oneill",
        "name": "James O'Neill",
        "title": "Former NYPD Police Commissioner",
        "organisation": "New York City Police Department",
        "aliases": [
            "O'Neill",
            "Commissioner O'Neill",
            "NYPD Commissioner O'Neill",
            "NYPD Commissioner James O'Neill",
            "Jimmy O'Neill",
            "the police commissioner",
        ],
    },
    {
        "slug": "ed-mullins",
        "name": "Ed Mullins",
        "title": "Former president, Sergeants Benevolent Association",
        "organisation": "Sergeants Benevolent Association",
        "aliases": ["Mullins", "the head of the NYPD sergeants union"],
    },
    {
        "slug": "us-department-of-justice",
        "name": "U.S. Department of Justice",
        "kind": Speaker.Kind.ORGANISATION,
        "aliases": [
            "Justice Department",
            "the Justice Department",
            "Department of Justice",
            "the Department of Justice",
            "DOJ",
            "the DOJ",
            "the DOJ press office",
            "a DOJ spokesperson",
        ],
    },
    {
        "slug": "jeff-sessions",
        "name": "Jeff Sessions",
        "title": "Former U.S. Attorney General",
        "organisation": "U.S. Department of Justice",
        "aliases": ["Sessions", "Attorney General Jeff Sessions", "Attorney General Sessions", "the attorney general"],
    },
    {
        "slug": "donald-trump",
        "name": "Donald Trump",
        "title": "President of the United States",
        "wikidata_id": "Q22686",
        "aliases": ["Trump", "President Trump", "President Donald Trump", "the president"],
    },
    {
        "slug": "melissa-mark-viverito",
        "name": "Melissa Mark-Viverito",
        "title": "Former Speaker, New York City Council",
        "organisation": "New York City Council",
        "aliases": ["Mark-Viverito", "City Council Speaker Melissa Mark-Viverito"],
    },
    {
        "slug": "preet-bharara",
        "name": "Preet Bharara",
        "title": "Former U.S. Attorney for the Southern District of New York",
        "aliases": ["Bharara"],
    },
    {
        "slug": "dan-donovan",
        "name": "Dan Donovan",
        "title": "Former U.S. Representative (R-NY)",
        "aliases": ["Donovan", "Representative Dan Donovan"],
    },
]

# What each story printed, in order of appearance (position 1, 2, …). Text exactly as printed between the
# quotation marks; for a paraphrase, the story's own words.
NEWSMAX_PRESS_CONFERENCE = {
    "medium": SPOKEN,
    "said_on": PRESS_CONFERENCE_DAY,
    "said_when": "Friday",
    "occasion": "Press conference",
    "place": "Outside police headquarters, New York City",
}
NEWSMAX_DE_BLASIO = {
    **NEWSMAX_PRESS_CONFERENCE,
    "speaker": "bill-de-blasio",
    "speaker_title": "New York City Mayor",
    "reported_via": "politico",  # "de Blasio told reporters Friday, Politico reported"
}
NEWSMAX_ONEILL = {**NEWSMAX_PRESS_CONFERENCE, "speaker": "james-oneill", "speaker_title": "NYPD Commissioner"}
NEWSMAX_DOJ = {"speaker": "us-department-of-justice", "medium": WRITTEN, "said_on": PRESS_CONFERENCE_DAY}

GOTHAMIST_PRESS_CONFERENCE = {
    "medium": SPOKEN,
    "said_on": PRESS_CONFERENCE_DAY,
    "said_when": "Friday evening",
    "occasion": "Press conference",
    "place": "NYPD headquarters, New York City",
}
GOTHAMIST_DE_BLASIO = {**GOTHAMIST_PRESS_CONFERENCE, "speaker": "bill-de-blasio", "speaker_title": "Mayor"}
GOTHAMIST_ONEILL = {**GOTHAMIST_PRESS_CONFERENCE, "speaker": "james-oneill", "speaker_title": "NYPD Commissioner"}
GOTHAMIST_MULLINS = {"speaker": "ed-mullins", "speaker_title": "head of the NYPD sergeants union"}

QUOTES = {
    "newsmax": [
        {**NEWSMAX_DE_BLASIO, "extent": FRAGMENT, "text": "look our police officers in the eye"},
        {
            **NEWSMAX_DOJ,
            "extent": FRAGMENT,
            "text": "soft on crime.",
            "said_when": "Friday",
            "occasion": "Justice Department report",
        },
        {
            **NEWSMAX_DE_BLASIO,
            "text": "It's an unacceptable statement that denigrates the people of New York City and the men and "
            "women of the NYPD. It is an outrageous statement, and it's absurd on its face. It ignores a quarter "
            "century of progress in this city bringing down crime,",
        },
        {
            **NEWSMAX_DE_BLASIO,
            "text": "I would say to President Trump and to Attorney General Sessions — if you believe this statement "
            "is accurate, come here to New York City, look our police officers in the eye and tell them that you "
            "believe they are soft on crime. See how that feels,",
        },
        {
            **NEWSMAX_DOJ,
            "text": "New York City continues to see gang murder after gang murder, the predictable consequence of "
            "the city's 'soft on crime' stance.",
            "occasion": "Statement on its letters to sanctuary jurisdictions",
            "context": "The statement the story's first paragraph calls a report issued Friday.",
        },
        {
            "speaker": "james-oneill",
            "speaker_title": "NYPD Commissioner",
            "extent": PARAPHRASE,
            "medium": SPOKEN,
            "text": "Since 1993, murder is down 82 percent, shootings are down 81 percent and overall crime is down "
            "76 percent",
            "context": "Newsmax gives the figures in its own words, “according to O'Neill”, without saying when "
            "he gave them.",
        },
        {**NEWSMAX_ONEILL, "text": "When I heard that statement, my blood began to boil,"},
        {
            **NEWSMAX_ONEILL,
            "text": "To say we are soft on crime is absolutely ludicrous. In 2016, we locked up over 1,000 people "
            "in 100 gang take downs — most of them are still awaiting sentences or in jail. Maybe we should ask "
            "them if they think we are soft on crime.",
        },
        {**NEWSMAX_ONEILL, "text": "I find this statement to be absolutely outrageous,"},
    ],
    "gothamist": [
        {
            "speaker": "us-department-of-justice",
            "extent": FRAGMENT,
            "medium": WRITTEN,
            "text": "soft on crime.",
            "occasion": "Justice Department press release",
        },
        {**GOTHAMIST_DE_BLASIO, "extent": FRAGMENT, "text": "outrageous"},
        {
            **GOTHAMIST_DE_BLASIO,
            "extent": FRAGMENT,
            "text": "denigrates the people of New York City and the men and women of the NYPD.",
        },
        {**GOTHAMIST_DE_BLASIO, "extent": FRAGMENT, "text": "an insult"},
        {
            **GOTHAMIST_DE_BLASIO,
            "text": "The results speak for themselves. We've shown you month after month that crime has gone down. "
            "It's a message that seems to have reached everywhere but Washington, DC,",
        },
        {
            **GOTHAMIST_DE_BLASIO,
            "text": "Come here to New York City and look our officers in the eye and tell them you believe they're "
            "soft on crime, see how that feels, see how the people in New York City will feel about that.",
        },
        {**GOTHAMIST_ONEILL, "extent": FRAGMENT, "text": "my blood began to boil"},
        {
            **GOTHAMIST_ONEILL,
            "text": "To say we're soft on crime is absolutely ludicrous. In 2016 we locked up over 1,000 people in "
            "over 100 gang takedowns. Most of them are still awaiting sentences or are still in jail, maybe we "
            "should ask them we're soft on crime,",
        },
        {
            **GOTHAMIST_ONEILL,
            "text": "Look at this city in 2017,",
            "context": "The story breaks this sentence with “O'Neill said”; it goes on in the next quote.",
        },
        {**GOTHAMIST_ONEILL, "text": "it didn't happen by accident. There was a tremendous amount sacrifice,"},
        {
            **GOTHAMIST_ONEILL,
            "extent": FRAGMENT,
            "text": "insulting to the memory of Sergeant Paul Tuozzolo, Randolph Holder, Brian Moore, Joe Liu, "
            "Rafael Ramos.",
        },
        {
            **GOTHAMIST_ONEILL,
            "extent": FRAGMENT,
            "text": "outrageous.",
            "context": "Echoing de Blasio's word for the Justice Department's statement.",
        },
        {
            "speaker": "melissa-mark-viverito",
            "speaker_title": "City Council Speaker",
            "extent": FRAGMENT,
            "medium": SOCIAL,
            "text": "a JOKE.",
            "occasion": "Post on her Twitter account",
            "context": "Said of Attorney General Jeff Sessions.",
        },
        {
            "speaker": "preet-bharara",
            "speaker_title": "Former U.S. Attorney for the Southern District",
            "extent": FRAGMENT,
            "medium": SOCIAL,
            "text": "makes no one safer.",
            "occasion": "Tweet",
            "context": "Said of the Justice Department's statement.",
        },
        {
            "speaker": "dan-donovan",
            "speaker_title": "Representative",
            "extent": PARAPHRASE,
            "medium": WRITTEN,
            "text": "the NYPD made New York the safest big city in America",
        },
        {
            **GOTHAMIST_MULLINS,
            "medium": WRITTEN,
            "text": "[T]he City’s intransigence has placed in jeopardy millions in U.S. Department of Justice grant "
            "funds that we count on to help protect our communities. Despite what some politicians may think, law "
            "enforcement does not get to choose the laws we uphold, and it is our sworn duty to enforce all laws "
            "equally and without bias or preference. Attorney General Sessions is absolutely correct to hold New "
            "York and other jurisdictions accountable for their so-called ‘sanctuary policies.’ I just hope the "
            "Mayor will finally come to his senses and stop ignoring and harboring violent criminals before it is "
            "too late.",
            "occasion": "Statement in support of the attorney general",
            "context": "Printed as a block quotation.",
        },
        {
            **GOTHAMIST_MULLINS,
            "extent": FRAGMENT,
            "medium": INTERVIEW,
            "text": "the members of law enforcement in the NYPD want to cooperate with ICE. I speak to cops every "
            "day. They want to cooperate with ICE said that his members want to work with ICE to deport "
            "undocumented immigrants.",
            "said_when": "Earlier this year",
            "occasion": "John Catsimatidis's radio show",
            "context": "Printed as the story has it: its closing words seem to run the reporter's summary into the "
            "quotation, so where his words end is unclear.",
        },
    ],
}

NYPD = "New York City Police Department"
NYPD_HISTORICAL_DATA = {
    "title": "Historical New York City Crime Data",
    "publisher": NYPD,
    "url": "https://www.nyc.gov/site/nypd/stats/crime-statistics/historical.page",
}
NYPD_COMPSTAT = {
    "title": "CompStat: citywide crime statistics",
    "publisher": NYPD,
    "url": "https://www.nyc.gov/site/nypd/stats/crime-statistics/compstat.page",
}

# A claim names the quotes it was made in by story and by words that occur in that quote only.
CLAIMS = [
    {
        "text": "Since 1993, murder in New York City is down 82 percent",
        "speaker": "james-oneill",
        "rating": "true",
        "summary": "The NYPD's own counts of murders in 1993 and in 2016 bear out the 82 percent fall.",
        "ruling": "We compared the number of murders the NYPD recorded citywide in calendar year 1993 with the "
        "number it recorded in 2016, the last full year before O'Neill spoke, using the department's historical "
        "crime data and its citywide CompStat figures. The fall between those two years matches the 82 percent "
        "he gave. Murder is the most completely recorded of the major crimes, so the comparison is a sound one.",
        "quotes": [("newsmax", "murder is down 82 percent")],
        "evidence": [NYPD_HISTORICAL_DATA, NYPD_COMPSTAT],
    },
    {
        "text": "Since 1993, shootings in New York City are down 81 percent",
        "speaker": "james-oneill",
        "rating": "true",
        "summary": "The NYPD's counts of shooting incidents in 1993 and in 2016 bear out the 81 percent fall.",
        "ruling": "We compared the shooting incidents the NYPD recorded citywide in calendar year 1993 with those "
        "it recorded in 2016, the last full year before O'Neill spoke, using the department's historical crime "
        "data and its citywide CompStat figures. The fall matches the 81 percent he gave. In the NYPD's counting "
        "a shooting incident is one in which someone is struck by a bullet; shots that hit no one are not "
        "included.",
        "quotes": [("newsmax", "shootings are down 81 percent")],
        "evidence": [NYPD_HISTORICAL_DATA, NYPD_COMPSTAT],
    },
    {
        "text": "Since 1993, overall crime in New York City is down 76 percent",
        "speaker": "james-oneill",
        "rating": "mostly-true",
        "summary": "Right for the seven major felonies the NYPD tracks, which are not all crime.",
        "ruling": "When the NYPD speaks of overall crime it means the seven major felonies it reports through "
        "CompStat: murder, rape, robbery, felony assault, burglary, grand larceny and grand larceny of a motor "
        "vehicle. We compared their citywide total for calendar year 1993 with that for 2016, the last full year "
        "before O'Neill spoke, using the department's historical crime data and its CompStat figures; the fall "
        "matches the 76 percent he gave. We rate the claim Mostly true rather than True because those seven "
        "offences are not all crime: misdemeanours and other felonies are counted separately, and the figure says "
        "nothing about them.",
        "quotes": [("newsmax", "overall crime is down 76 percent")],
        "evidence": [NYPD_HISTORICAL_DATA, NYPD_COMPSTAT],
    },
    {
        "text": "In 2016, the NYPD locked up over 1,000 people in 100 gang takedowns",
        "speaker": "james-oneill",
        "rating": "unproven",
        "summary": "The NYPD publishes no yearly count of gang takedowns, so the totals could not be checked.",
        "ruling": "The NYPD's historical crime data and its CompStat figures count crimes reported to the police; "
        "neither counts gang takedowns or the arrests they produced, and we found no published department tally "
        "for 2016 against which to check the totals. The two outlets also printed the number differently: "
        "Newsmax quotes O'Neill as saying “100 gang take downs”, Gothamist “over 100 gang takedowns”. Both agree "
        "on “over 1,000 people”. We will revisit the rating if the department publishes its count.",
        "quotes": [("newsmax", "100 gang take downs"), ("gothamist", "over 100 gang takedowns")],
        "evidence": [
            NYPD_HISTORICAL_DATA,
            NYPD_COMPSTAT,
            {
                "title": "Bill de Blasio challenges Trump administration (URL slug; headline not recorded)",
                "publisher": "Newsmax",
                "url": STORIES["newsmax"]["url"],
            },
            {
                "title": "De Blasio challenges Sessions to come to New York and tell NYPD officers they're soft on "
                "crime (URL slug; headline not recorded)",
                "publisher": "Gothamist",
                "url": STORIES["gothamist"]["url"],
            },
        ],
    },
]


class Command(BaseCommand):
    help = (
        "Load the demo data: the Newsmax and Gothamist reports of the NYPD press conference of 21 April 2017, "
        "their outlets, speakers, quotes and fact-checked claims, all published, and a 'fact-desk' fact-checker "
        "who cannot log in. Rows already present are left untouched, so running it again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would be created, then roll everything back."
        )

    def handle(self, *args, dry_run, verbosity, **options):
        self.counts = {}  # label → Counter of "created" and "present", in the order the rows are loaded
        with transaction.atomic():
            self.load()
            if dry_run:
                transaction.set_rollback(True)
        if verbosity >= 1:
            for label, count in self.counts.items():
                self.stdout.write(f"{label}: {count['created']} created, {count['present']} already present")
            if dry_run:
                self.stdout.write(self.style.NOTICE("Dry run: rolled back, nothing was saved."))
            else:
                created = sum(count["created"] for count in self.counts.values())
                self.stdout.write(self.style.SUCCESS(f"Demo data loaded: {created} rows created."))

    def load(self):
        outlets = {data["slug"]: self.ensure("outlets", Outlet, {"slug": data["slug"]}, **data) for data in OUTLETS}
        stories = {key: self.ensure_story(data, outlets[key]) for key, data in STORIES.items()}
        speakers = {}
        for data in SPEAKERS:
            fields = {k: v for k, v in data.items() if k != "aliases"}
            speaker = speakers[data["slug"]] = self.ensure("speakers", Speaker, {"slug": data["slug"]}, **fields)
            for name in data["aliases"]:
                self.ensure("alternative names", Alias, {"speaker": speaker, "name": name})
        quotes = {
            key: [
                self.ensure_quote(data, stories[key], position, speakers, outlets)
                for position, data in enumerate(QUOTES[key], start=1)
            ]
            for key in QUOTES
        }
        self.confirm_statements([quote for story_quotes in quotes.values() for quote in story_quotes])
        fact_checker = self.ensure_fact_checker()
        for data in CLAIMS:
            self.ensure_claim(data, speakers[data["speaker"]], quotes, fact_checker)

    def ensure(self, label, model, key, **fields):
        """Return the row with this natural key; create it (validated, and published if publishable) if missing.

        An existing row is returned as it is and never saved again.
        """
        instance = model._default_manager.filter(**key).first()
        if instance is not None:
            self.tally(label, "present")
            return instance
        instance = model(**{**fields, **key})
        try:
            instance.full_clean()
        except ValidationError as error:
            raise CommandError(f"Demo data for {label} {key} is invalid: {error}") from error
        instance.save()
        if isinstance(instance, Publishable):
            instance.publish()  # draft → published, the model's own checked move; stamps first_published_at
        self.tally(label, "created")
        return instance

    def tally(self, label, outcome):
        self.counts.setdefault(label, Counter())[outcome] += 1

    def ensure_story(self, data, outlet):
        text = (DEMO_DIR / data["file"]).read_bytes().decode("utf-8")
        return self.ensure(
            "stories",
            Story,
            {"url": normalise_url(data["url"])},
            outlet=outlet,
            headline="",
            headline_stand_in=data["headline_stand_in"],
            headline_stand_in_source="URL slug",
            published_on=data["published_on"],
            text=text,
            text_retrieved_on=TEXT_COPIED_ON,
        )

    def ensure_quote(self, data, story, position, speakers, outlets):
        fields = dict(data)
        fields["speaker"] = speakers[fields["speaker"]]
        if "reported_via" in fields:
            fields["reported_via"] = outlets[fields["reported_via"]]
        return self.ensure("quotes", Quote, {"story": story, "position": position}, **fields)

    def confirm_statements(self, quotes):
        """Confirm every statement the demo quotes' saves proposed, as an editor would after checking them."""
        for proposal in UtteranceProposal.objects.filter(quote__in=quotes).order_by("id"):
            if proposal.state == UtteranceProposal.State.PROPOSED:
                proposal.confirm()
                self.tally("quotes matched to a statement", "created")
            else:
                self.tally("quotes matched to a statement", "present")

    def ensure_fact_checker(self):
        User = get_user_model()
        user = User._default_manager.filter(username=FACT_CHECKER["username"]).first()
        if user is not None:
            self.tally("fact-checkers", "present")
            return user
        try:
            group = Group.objects.get(name=FACT_CHECKERS_GROUP)
        except Group.DoesNotExist as error:
            raise CommandError(f"The {FACT_CHECKERS_GROUP} group is missing: run migrate first.") from error
        user = User(**FACT_CHECKER, is_staff=True)
        user.set_unusable_password()  # the demo rulings' byline, not a login
        user.full_clean()
        user.save()
        user.groups.add(group)
        self.tally("fact-checkers", "created")
        return user

    def ensure_claim(self, data, speaker, quotes, fact_checker):
        try:
            rating = Rating.objects.get(slug=data["rating"])
        except Rating.DoesNotExist as error:
            raise CommandError(f"No rating “{data['rating']}” on the scale: run migrate first.") from error
        claim = self.ensure(
            "claims",
            Claim,
            {"text": data["text"]},
            speaker=speaker,
            rating=rating,
            summary=data["summary"],
            ruling=data["ruling"],
            fact_checker=fact_checker,
        )
        for story_key, words in data["quotes"]:
            quote = find_quote(quotes[story_key], words)
            self.ensure("quotes linked to claims", ClaimQuote, {"claim": claim, "quote": quote})
        for position, evidence in enumerate(data["evidence"], start=1):
            self.ensure(
                "evidence",
                Evidence,
                {"claim": claim, "title": evidence["title"]},
                publisher=evidence["publisher"],
                url=evidence["url"],
                accessed_on=RESEARCHED_ON,
                position=position,
            )


def find_quote(quotes, words):
    """The one quote among these whose text contains the words."""
    matches = [quote for quote in quotes if words in quote.text]
    if len(matches) != 1:
        raise CommandError(f"“{words}” should occur in exactly one quote of its story, not {len(matches)}.")
    return matches[0]

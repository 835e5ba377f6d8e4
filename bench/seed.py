"""Seed a benchmark archive once, keep it as a template database, and hand out copies in seconds.

What it builds (at --scale 1.0; every count scales, outlets stay at least 5):

    500 outlets, 10,000 speakers (about 6,000 alternative names), 100,000 stories,
    1,000,000 quotes, 50,000 claims (each linked to 1-3 quotes of its speaker), 1-3 evidence rows per claim.

The archive is skewed like a real one: speakers are drawn from a Zipf law (the biggest holds about a tenth
of all quotes, the top hundred about half), outlets too, and a story quotes one to four speakers. About 95% of
quotes are published, a few are drafts or in review and 0.5% are retracted with a dated notice; stories and
claims likewise, so `.public()` filtering matters. Every check constraint of the models holds (canonical
story URLs, unique story URLs, unique (story, position), publication dates, retraction notices, verdicts
and rulings on public claims, Wikidata ids...). About 10% of quotes are the same utterance printed again by
another story of the same speaker within two weeks: exact copies, or copies with a contraction, a number
qualifier ("over 100") or a word changed: material for quote grouping. 5% of stories keep an article
text that contains their quotes verbatim. Each quote carries its story's publicity (`story_public`), as
`Quote.save()` and the database keep it. Each quote's stored deep link (`source_link`) has the real link's
shape (`deep_link()`), built without the real builder's checks, which would take minutes here.

Quote texts are 5-60 words drawn from a Zipf vocabulary (common English words first, then a long tail of
rare made-up words), with curly apostrophes, em dashes and accented words. Deterministic markers, counted
exactly and printed at the end (see MARKERS):

    zygomorphic      a rare word, in exactly 20 quotes
    crime            a common word, in about 9% of quotes (including the phrase below)
    soft on crime    a phrase, in about 0.5% of quotes
    infrastructure   a mid-frequency word, in about 1% of quotes
    café             an accented word, in about 0.1% of quotes (accent-blind search finds it as "cafe")

The random seed is fixed: the same scale gives the same rows on every run and machine.

Loading: a fresh database is migrated with `manage.py migrate`, then in one transaction the bulk tables are
truncated, their secondary indexes, unique constraints and foreign keys dropped, and every table loaded
with COPY ... FROM STDIN (FREEZE) through psycopg's `copy.write_row()`; Python generates rows while the
server parses them. The indexes and constraints are then recreated from their own definitions (same names,
checked against the migrated schema), the database is VACUUM ANALYZEd and installed as the template
`newsroom_bench_template` (`newsroom_bench_template_s0_01` for --scale 0.01, and so on). Its COMMENT holds a
JSON record: a fingerprint of the migrations, the scale, the counts, marker counts and timings.

Usage, from the repository root:

    .venv/bin/python bench/seed.py                  # build the template, or reuse it if it matches
    .venv/bin/python bench/seed.py --rebuild        # rebuild even if it matches
    .venv/bin/python bench/seed.py --scale 0.01     # a quick smoke run (its own template)
    .venv/bin/python bench/seed.py --server-url postgres://postgres@127.0.0.1:5432

The server is BENCH_SERVER_URL, else the machine's PostgreSQL at postgres://postgres@127.0.0.1:5432.
Later benchmarks take a working copy, recreated from the template in seconds:

    from bench.seed import bench_database
    url = bench_database("newsroom_bench_pages")  # DROP + CREATE DATABASE ... TEMPLATE; returns its URL

The template is reused while the project's migrations (names and contents) and Django's version are
unchanged; otherwise bench_database() refuses and seed.py rebuilds it. template_info() returns the stored
record (counts, marker counts, top speakers); drop_database() removes a working copy. The template itself
refuses connections (ALLOW_CONNECTIONS false), so a stray session can never block a copy: inspect a copy.
--keep-indexes loads with every index and foreign key in place, only to measure what dropping them saves.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import itertools
import json
import os
import random
import re
import subprocess
import sys
import time
import unicodedata
from array import array
from bisect import bisect
from importlib.metadata import version as package_version
from pathlib import Path
from urllib.parse import quote as percent_encode
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

BASE_DIR = Path(__file__).resolve().parent.parent
TEMPLATE_NAME = "newsroom_bench_template"
DEFAULT_SERVER_URL = "postgres://postgres@127.0.0.1:5432"
SEED = 20170421
# Bump when the generated data changes, so existing templates are rebuilt.
GENERATOR_VERSION = 3

FULL_COUNTS = {
    "outlets": 500,
    "speakers": 10_000,
    "stories": 100_000,
    "quotes": 1_000_000,
    "claims": 50_000,
}

# Words and phrases later benchmarks search for; their exact counts are stored with the template.
MARKERS = {
    "rare": "zygomorphic",
    "common": "crime",
    "phrase": "soft on crime",
    "medium": "infrastructure",
    "accented": "café",
}
# Share of quotes that try to reprint a recent utterance of the same speaker (about a third find one).
REPRINT_TRIES = 0.3
MARKER_WORDS = {word for marker in MARKERS.values() for word in marker.split()}
RARE_MARKER_QUOTES = 20
CRIME_SHARE = 0.085  # plus the phrase, and copies of quotes that carry it: about 9% in all
PHRASE_SHARE = 0.005
MEDIUM_SHARE = 0.01
ACCENTED_SHARE = 0.001

# Tables the seed fills, in load order.
BULK_TABLES = [
    "stories_outlet",
    "speakers_speaker",
    "speakers_alias",
    "quotes_quote",
    "stories_story",
    "claims_claim",
    "claims_claimquote",
    "claims_evidence",
]

PUBLISHABLE = ["status", "first_published_at", "retracted_at", "retraction_notice", "created_at", "updated_at"]
COLUMNS = {
    "stories_outlet": ["id", "name", "slug", "homepage", "updated_at"],
    "speakers_speaker": ["id", "name", "slug", "kind", "title", "organisation", "wikidata_id", "updated_at"],
    "speakers_alias": ["id", "speaker_id", "name"],
    "stories_story": [
        "id",
        *PUBLISHABLE,
        "outlet_id",
        "headline",
        "headline_stand_in",
        "headline_stand_in_source",
        "url",
        "byline",
        "published_on",
        "published_time",
        "text",
        "text_retrieved_on",
    ],
    "quotes_quote": [
        "id",
        *PUBLISHABLE,
        "text",
        "story_id",
        "speaker_id",
        "speaker_title",
        "extent",
        "medium",
        "said_on",
        "said_when",
        "occasion",
        "place",
        "reported_via_id",
        "position",
        "context",
        "source_link",
        "story_public",
    ],
    "claims_claim": ["id", *PUBLISHABLE, "text", "speaker_id", "rating_id", "summary", "ruling", "fact_checker_id"],
    "claims_claimquote": ["id", "claim_id", "quote_id"],
    "claims_evidence": ["id", "claim_id", "title", "publisher", "url", "accessed_on", "position"],
}

# The models' TextChoices values, checked against the models before loading.
STATUSES = ["draft", "in_review", "published", "retracted"]
EXTENTS = ["full", "fragment", "paraphrase"]
MEDIA = ["spoken", "written", "social", "interview"]
KINDS = ["person", "organisation"]


# ---------------------------------------------------------------------------------------------------------
# Servers, databases and the template
# ---------------------------------------------------------------------------------------------------------


def server_url(url=None):
    """The server to use: the argument, else BENCH_SERVER_URL, else the machine's PostgreSQL."""
    return url or os.environ.get("BENCH_SERVER_URL") or DEFAULT_SERVER_URL


def database_url(name, server=None):
    """The URL of database `name` on the server (the server URL's own database name is replaced)."""
    parts = urlsplit(server_url(server))
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, ""))


def template_name(scale=1.0):
    return TEMPLATE_NAME if scale == 1.0 else f"{TEMPLATE_NAME}_s{scale:g}".replace(".", "_").replace("-", "_")


def admin_connection(server=None):
    """Autocommit connection to the server's maintenance database, for CREATE/DROP DATABASE."""
    return psycopg.connect(database_url("postgres", server), autocommit=True)


def demo_database(name):
    """(Re)create database `name` as a fresh demo database (migrate, load_demo); return its URL."""
    with admin_connection() as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    url = database_url(name)
    env = {**os.environ, "DATABASE_URL": url}
    for command in (["migrate", "--no-input", "-v", "0"], ["load_demo"]):
        subprocess.run([sys.executable, "manage.py", *command], cwd=BASE_DIR, env=env, check=True, capture_output=True)
    return url


def server_version(conn):
    return conn.execute("SHOW server_version").fetchone()[0].split()[0]


def migrations_fingerprint():
    """SHA-256 of every migration file of the project (name and contents) and of Django's version."""
    digest = hashlib.sha256(f"django {package_version('django')}\n".encode())
    files = sorted(
        path
        for path in BASE_DIR.glob("*/migrations/*.py")
        if not path.parts[len(BASE_DIR.parts)].startswith(".")  # .venv, .pgdata
    )
    for path in files:
        digest.update(f"{path.relative_to(BASE_DIR)}\n".encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def template_info(scale=1.0, server=None):
    """The JSON record stored on the template (counts, markers, timings...), or None if there is none."""
    with admin_connection(server) as conn:
        row = conn.execute(
            "SELECT datistemplate, shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
            [template_name(scale)],
        ).fetchone()
    if row is None or not row[0] or not row[1]:
        return None
    try:
        return json.loads(row[1])
    except ValueError:
        return None


def stale_reason(info, scale):
    """Why a stored template cannot be reused, or None if it can."""
    if info is None:
        return "no template yet"
    if info.get("generator_version") != GENERATOR_VERSION:
        return f"generator version {info.get('generator_version')} != {GENERATOR_VERSION}"
    if info.get("scale") != scale:
        return f"built at scale {info.get('scale')}, not {scale}"
    if info.get("migrations") != migrations_fingerprint():
        return "migrations changed since it was built"
    return None


def create_database_from_template(conn, name, template):
    """DROP name if present, then CREATE it as a copy of template (a file copy: fastest for a big template)."""
    if name in {template, "postgres", "template0", "template1"}:
        raise ValueError(f"Refusing to recreate database {name!r}.")
    conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
    strategy = sql.SQL(" STRATEGY FILE_COPY") if conn.info.server_version >= 150000 else sql.SQL("")
    conn.execute(
        sql.SQL("CREATE DATABASE {} TEMPLATE {}{}").format(sql.Identifier(name), sql.Identifier(template), strategy)
    )


def bench_database(name, *, scale=1.0, server=None):
    """(Re)create database `name` as a copy of the seeded template and return its URL.

    Raises RuntimeError when the template is missing or was built for other migrations: run bench/seed.py.
    """
    reason = stale_reason(template_info(scale, server), scale)
    if reason:
        flag = "" if scale == 1.0 else f" --scale {scale:g}"
        raise RuntimeError(
            f"The benchmark template cannot be used ({reason}): run .venv/bin/python bench/seed.py{flag}"
        )
    with admin_connection(server) as conn:
        create_database_from_template(conn, name, template_name(scale))
    return database_url(name, server)


def drop_database(name, server=None):
    with admin_connection(server) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def install_template(conn, build, template, info):
    """Replace the template by the freshly built database and record what it holds."""
    exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [template]).fetchone()
    if exists:
        conn.execute(sql.SQL("ALTER DATABASE {} IS_TEMPLATE false").format(sql.Identifier(template)))
        conn.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(template)))
    conn.execute(sql.SQL("ALTER DATABASE {} RENAME TO {}").format(sql.Identifier(build), sql.Identifier(template)))
    # Nobody connects to the template by accident: CREATE DATABASE ... TEMPLATE would fail while they do.
    conn.execute(
        sql.SQL("ALTER DATABASE {} WITH IS_TEMPLATE true ALLOW_CONNECTIONS false").format(sql.Identifier(template))
    )
    conn.execute(
        sql.SQL("COMMENT ON DATABASE {} IS {}").format(
            sql.Identifier(template), sql.Literal(json.dumps(info, ensure_ascii=False))
        )
    )


# ---------------------------------------------------------------------------------------------------------
# Schema: check the columns, detach and restore indexes and constraints around the load
# ---------------------------------------------------------------------------------------------------------


def check_schema(conn, url):
    """Fail early, with a clear message, if the models moved away from what this script writes."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    os.environ.setdefault("DATABASE_URL", url)  # without one, the settings would start the embedded server
    if str(BASE_DIR) not in sys.path:
        sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()
    from publishing.models import Status
    from quotes.models import Quote
    from speakers.models import Speaker

    problems = []
    for label, ours, theirs in [
        ("Status", STATUSES, Status.values),
        ("Quote.Extent", EXTENTS, Quote.Extent.values),
        ("Quote.Medium", MEDIA, Quote.Medium.values),
        ("Speaker.Kind", KINDS, Speaker.Kind.values),
    ]:
        if sorted(ours) != sorted(theirs):
            problems.append(f"{label} choices are {theirs}, the seed writes {ours}")
    rows = conn.execute(
        """
        SELECT table_name, column_name, is_nullable = 'NO' AND column_default IS NULL AND is_generated = 'NEVER'
               AND is_identity = 'NO'
          FROM information_schema.columns
         WHERE table_schema = 'public' AND table_name = ANY(%s)
        """,
        [BULK_TABLES],
    ).fetchall()
    existing = {(table, column) for table, column, _ in rows}
    for table, column, required in rows:
        if required and column not in COLUMNS[table]:
            problems.append(f"{table}.{column} is required but the seed does not write it")
    for table, columns in COLUMNS.items():
        problems += [f"{table}.{column} no longer exists" for column in columns if (table, column) not in existing]
    if problems:
        raise SystemExit("The schema changed; update bench/seed.py:\n  " + "\n  ".join(problems))


def schema_snapshot(conn):
    """Every index and constraint definition of the public schema, to prove the restore is exact."""
    indexes = conn.execute("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'").fetchall()
    constraints = conn.execute(
        """
        SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid), convalidated
          FROM pg_constraint WHERE connamespace = 'public'::regnamespace
        """
    ).fetchall()
    return sorted(indexes), sorted(constraints)


def detach_indexes(conn, tables):
    """Drop the foreign keys, unique constraints and secondary indexes of tables; return the SQL to restore them.

    Primary keys stay (ids arrive in order, so they cost little). Foreign keys pointing into the tables from
    elsewhere are dropped too. Restoring rebuilds each index once instead of maintaining it row by row.
    """
    relids = "(SELECT oid FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relname = ANY(%(tables)s))"
    foreign_keys = conn.execute(
        f"""
        SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint
         WHERE contype = 'f' AND (conrelid IN {relids} OR confrelid IN {relids}) ORDER BY 1, 2
        """,
        {"tables": tables},
    ).fetchall()
    uniques = conn.execute(
        f"""
        SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint
         WHERE contype IN ('u', 'x') AND conrelid IN {relids} ORDER BY 1, 2
        """,
        {"tables": tables},
    ).fetchall()
    indexes = conn.execute(
        f"""
        SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i
         WHERE i.indrelid IN {relids} AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
           -- Partial indexes stay: they are small, and PostgreSQL rewrites a predicate recreated from its own
           -- definition into a different (equivalent) text, which the exactness check would reject.
           AND i.indpred IS NULL
         ORDER BY 1
        """,
        {"tables": tables},
    ).fetchall()
    restore = []
    for table, name, _ in foreign_keys:
        conn.execute(sql.SQL("ALTER TABLE {} DROP CONSTRAINT {}").format(sql.Identifier(table), sql.Identifier(name)))
    for table, name, definition in uniques:
        conn.execute(sql.SQL("ALTER TABLE {} DROP CONSTRAINT {}").format(sql.Identifier(table), sql.Identifier(name)))
        restore.append((name, f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}'))
    for name, definition in indexes:
        conn.execute(sql.SQL("DROP INDEX {}").format(sql.Identifier(name)))
        restore.append((name, definition))
    for table, name, definition in foreign_keys:
        restore.append((name, f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}'))
    return restore


# ---------------------------------------------------------------------------------------------------------
# Word lists
# ---------------------------------------------------------------------------------------------------------


def word_list(text):
    """Whitespace-separated words, so long lists stay readable."""
    return text.split()


# Roughly in order of frequency: the Zipf weights follow this order.
COMMON_WORDS = word_list("""
the to and of a we that in is it I this for our are be have not they you will on with what but people do
all so as at there can going about just one was think city from more if know he want now get an by who like
their has them these make very would out new been because right here time years us no how year need when
work say some other those which up get said every police going department safe safety families children
percent numbers down since officers neighborhoods community communities don’t we’re it’s that’s can’t I’m
they’re won’t isn’t we’ve you’re didn’t doesn’t there’s let’s going back than over only could really first
last well also many much still even two three five ten 100 million billion dollars money budget taxes tax
government federal state administration mayor president governor congress council commissioner justice
attorney general court judge law laws bill vote voters election campaign party leaders office plan policy
program jobs workers wages economy housing rent schools teachers students parents health hospitals care
insurance transit subway buses streets bridges roads water climate energy storm flooding immigration
immigrants border communities violence murder shootings guns gang arrests jail prison reform bail victims
justice truth facts record history decades fewer lower higher best worst America American New York
Washington Albany Brooklyn Queens Bronx Manhattan nation country world today tomorrow yesterday week month
day night morning everyone nobody anything everything nothing something problem problems question answer
issue issues crisis progress success results change future past promise promises fair clear simple
important serious real true wrong support help protect keep stand fight build invest cut raise spend save
lose win believe understand remember look tell ask give take come go see call move start stop try continue
lead serve report data 1993 82 20 40,000 half dozens hundreds thousands double twice again never always
often together against between under around through during before after while where why whether though
yes must should may might shall let any each both either neither own same such another most less least
enough too quite rather almost already yet ago away far long short small big large great good bad better
worse strong weak open close free full hard easy high low early late young old public private local
national international political economic social legal financial personal human military civil criminal
working middle class union contract pension retirement seniors veterans women men kids youth residents
taxpayers citizens voters businesses owners landlords tenants developers banks companies industry market
prices costs inflation deficit debt revenue spending funding grants services benefits programs agencies
officials staff members leaders experts scientists doctors nurses lawyers prosecutors defenders reporters
press media news story stories statement interview speech debate hearing meeting conference rally office
building project contract deal agreement negotiation talks process system structure network plan strategy
approach solution answer response reaction decision choice option chance opportunity risk threat danger
attack defense security emergency disaster recovery relief aid assistance support protection rights freedom
liberty equality justice fairness opportunity access choice naïve résumé façade protégé détente
""")

# Word sounds for the long tail of rare, made-up words: "morelan", "tavisor", "brenoquist".
ONSETS = word_list("b c d f g h k l m n p r s t v w z b d l m n r s t br cl dr gr pl st tr")
NUCLEI = word_list("a e i o u a e i o a e ai ea ou")
CODAS = ["", "", "n", "r", "l", "s", "t", "m", "nd", "st", "x"]
TAIL_WORDS = 20_000
TAIL_SHARE = 0.15  # of word draws: common words make up the rest, as in real text
FORBIDDEN_IN_WORDS = ("crime", "soft", "zygo", "cafe", "café", "infrastructure", "\\", "\t", "\n", "\r")

FIRST_NAMES = word_list("""
James Mary John Patricia Robert Jennifer Michael Linda William Elizabeth David Barbara Richard Susan Joseph
Jessica Thomas Sarah Charles Karen Christopher Nancy Daniel Lisa Matthew Betty Anthony Margaret Mark Sandra
Donald Ashley Steven Kimberly Paul Emily Andrew Donna Joshua Michelle Kenneth Carol Kevin Amanda Brian
Melissa George Deborah Timothy Stephanie Ronald Rebecca Edward Sharon Jason Laura Jeffrey Cynthia Ryan Kathleen
Jacob Amy Gary Angela Nicholas Shirley Eric Anna Jonathan Brenda Stephen Pamela Larry Emma Justin Nicole Scott
Helen Brandon Samantha Benjamin Katherine Samuel Christine Gregory Debra Alexander Rachel Frank Carolyn Patrick
Janet Raymond Catherine Jack Maria Dennis Heather Jerry Diane Tyler Ruth Aaron Julie José Zoë Renée Chloé
Björn François Inés Raúl Mónica Ángel Jürgen Noël Hélène Joaquín Ana Preet Bill Letitia Eric Kathy Andrew
Melissa Ed Dan Jeff Bill Rudy Jumaane Corey Brad Kirsten Chuck Hakeem Alexandria Ritchie Nydia Adriano
""")

LAST_NAMES = word_list("""
Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Gonzalez Wilson
Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris Sanchez Clark Ramirez Lewis
Robinson Walker Young Allen King Wright Scott Torres Nguyen Hill Flores Green Adams Nelson Baker Hall Rivera
Campbell Mitchell Carter Roberts Gomez Phillips Evans Turner Diaz Parker Cruz Edwards Collins Reyes Stewart
Morris Morales Murphy Cook Rogers Gutierrez Ortiz Morgan Cooper Peterson Bailey Reed Kelly Howard Ramos Kim
Cox Ward Richardson Watson Brooks Chavez Wood James Bennett Gray Mendoza Ruiz Hughes Price Alvarez Castillo
Sanders Patel Myers Long Ross Foster Jiménez Müller Núñez Peña Gómez Ibáñez Schäfer Lefèvre Brontë Øberg
Donovan Mullins Bharara Blasio Mark-Viverito O’Neill O’Brien D’Amato Cuomo Hochul Adams Stringer Williams
Velázquez Espaillat Jeffries Schumer Gillibrand Lander Levine Torres Ocasio-Cortez Malliotakis Goldman
""")

PLACES = word_list("""
Springfield Riverside Fairview Franklin Greenville Bristol Clinton Salem Madison Georgetown Arlington
Ashland Burlington Manchester Oxford Dayton Milton Newport Auburn Dover Hudson Kingston Lexington Marion
Oakland Quincy Richmond Trenton Vernon Winchester Albany Buffalo Rochester Syracuse Yonkers Brooklyn Queens
Bronx Harlem Hoboken Newark Camden Paterson Stamford Hartford Providence Worcester Montréal Québec Bogotá
São-Paulo Zürich Córdoba Düsseldorf Malmö Nîmes Cádiz León Mérida Göteborg Besançon Orléans Tromsø
""")

MASTHEADS = word_list("""
Ledger Gazette Courier Times Herald Post Tribune Observer Chronicle Register Sentinel Dispatch Star Journal
Independent Examiner Record Bulletin Review Reporter Daily Mirror Voice Beacon Monitor
""")

TITLES = [
    "Mayor of New York City",
    "Police Commissioner",
    "Governor of New York",
    "U.S. Attorney General",
    "State Senator",
    "State Assembly member",
    "City Council Speaker",
    "City Council member",
    "Public Advocate",
    "City Comptroller",
    "Borough President",
    "U.S. Representative",
    "U.S. Senator",
    "Schools Chancellor",
    "Chief of Department, NYPD",
    "President of the Sergeants Benevolent Association",
    "President of the Patrolmen’s Benevolent Association",
    "former U.S. Attorney for the Southern District of New York",
    "spokesperson for the Justice Department",
    "press secretary",
    "district attorney",
    "union president",
    "professor of criminology",
    "economist",
    "executive director",
    "community board chair",
    "housing advocate",
    "candidate for mayor",
]

ORGANISATIONS = [
    "City of New York",
    "New York City Police Department",
    "U.S. Department of Justice",
    "New York State Senate",
    "New York State Assembly",
    "New York City Council",
    "Sergeants Benevolent Association",
    "Patrolmen’s Benevolent Association",
    "Office of the Public Advocate",
    "Metropolitan Transportation Authority",
    "Citizens Budget Commission",
    "John Jay College of Criminal Justice",
    "Manhattan Institute",
    "Fiscal Policy Institute",
    "Legal Aid Society",
]

ORGANISATION_KINDS = [
    "Police Benevolent Association",
    "Department of Education",
    "Housing Authority",
    "Chamber of Commerce",
    "Tenants Union",
    "Taxpayers Association",
    "Board of Elections",
    "Transit Workers Union",
    "Health Department",
    "Office of Management and Budget",
    "Correctional Association",
    "Economic Development Corporation",
]

OCCASIONS = [
    "press conference",
    "radio interview",
    "television interview",
    "town hall meeting",
    "campaign rally",
    "City Council hearing",
    "budget hearing",
    "news release",
    "podcast",
    "debate",
    "commencement address",
    "floor speech",
    "op-ed",
    "post on X",
    "Facebook post",
]

QUOTE_PLACES = [
    "City Hall",
    "NYPD headquarters",
    "One Police Plaza",
    "Gracie Mansion",
    "the State Capitol in Albany",
    "the U.S. Capitol",
    "Brooklyn Borough Hall",
    "a church in the Bronx",
    "a high school in Queens",
    "Montréal",
    "Bogotá",
    "São Paulo",
    "Zürich",
]

SAID_WHEN = [
    "on Tuesday",
    "on Friday morning",
    "last week",
    "last month",
    "earlier this year",
    "during the campaign",
    "in a 2015 interview",
    "at the weekend",
    "the day before",
]

CONTEXTS = [
    "Responding to a Justice Department letter about sanctuary cities.",
    "Asked whether the city would cooperate with federal immigration agents.",
    "At the release of the quarterly crime statistics.",
    "After the comptroller’s audit of the agency was published.",
    "Answering a reporter’s question about overtime costs.",
    "On the first day of the legislative session — the budget was due in April.",
    "In a debate with two other candidates.",
    "While announcing a new housing plan for the borough.",
]

RETRACTION_NOTICES = [
    "Retracted on {date}: the words were attributed to the wrong speaker. A recording shows someone else said them.",
    "Retracted on {date}: the outlet withdrew the story after its reporter could not confirm the source.",
    "Retracted on {date}: we could not find these words in any recording of the event — the outlet has since "
    "corrected its report.",
    "Retracted on {date}: the speaker’s office provided the full statement, which says the opposite.",
]

CLAIM_TOPICS = [
    "crime",
    "murder",
    "shootings",
    "homelessness",
    "rent",
    "unemployment",
    "school spending",
    "transit ridership",
    "overdose deaths",
    "property taxes",
    "police overtime",
    "affordable housing",
    "infrastructure spending",
]

CLAIM_TEMPLATES = [
    "Since {year}, {topic} in {place} is down {n} percent.",
    "{place} has the lowest {topic} rate of any big city in the country.",
    "{topic_cap} has doubled in {place} over the past {k} years.",
    "The state cut {topic} funding by ${n} million last year.",
    "More than {n},000 residents of {place} were affected by {topic} in {year}.",
    "{place} spends more on {topic} than any other city its size.",
    "The administration’s plan would raise {topic} by {n} percent — the biggest increase since {year}.",
]

PUBLISHERS = [
    ("NYPD CompStat", "www1.nyc.gov"),
    ("U.S. Census Bureau", "www.census.gov"),
    ("Bureau of Labor Statistics", "www.bls.gov"),
    ("FBI Uniform Crime Reporting", "ucr.fbi.gov"),
    ("NYC Office of Management and Budget", "www.nyc.gov"),
    ("Citizens Budget Commission", "cbcny.org"),
    ("New York State Division of Criminal Justice Services", "www.criminaljustice.ny.gov"),
    ("Congressional Budget Office", "www.cbo.gov"),
    ("Pew Research Center", "www.pewresearch.org"),
    ("NYC Open Data", "data.cityofnewyork.us"),
]

EVIDENCE_KINDS = [" — annual report", " — monthly figures", " (news release)"]

# Verdict shares for public claims, by rating slug (the default scale of claims/0002).
VERDICT_SHARES = {
    "true": 10,
    "mostly-true": 15,
    "half-true": 20,
    "mostly-false": 18,
    "false": 20,
    "pants-on-fire": 7,
    "unproven": 10,
}

CONTRACTIONS = {
    "we’re": "we are",
    "don’t": "do not",
    "it’s": "it is",
    "that’s": "that is",
    "can’t": "cannot",
    "they’re": "they are",
    "won’t": "will not",
    "isn’t": "is not",
    "we’ve": "we have",
    "didn’t": "did not",
}
QUALIFIERS = ["over", "nearly", "more than", "about", "almost"]
MONTHS = word_list("January February March April May June July August September October November December")


def deep_link(url, text):
    """A text-fragment link of the real one's shape (quotes/fragments.py: up to 10 words whole, else the first
    and last 5 words; "-" encoded too), without its checks for repeated words: a thousand times faster, for a
    million rows."""

    def encode(term):
        return percent_encode(term, safe="").replace("-", "%2D")

    words = text.split()
    if len(words) <= 10:
        return f"{url}#:~:text={encode(text)}"
    return f"{url}#:~:text={encode(' '.join(words[:5]))},{encode(' '.join(words[-5:]))}"


def ascii_slug(text):
    """Like django.utils.text.slugify: accents folded, lowercase, runs of other characters become one hyphen."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[-\s]+", "-", re.sub(r"[^\w\s-]", "", text.lower())).strip("-_")


def zipf_cumulative(n, exponent, offset=0.0):
    """Cumulative Zipf weights for ranks 1..n: draw a rank with bisect(cum, random() * cum[-1])."""
    return list(itertools.accumulate(1.0 / (rank + offset) ** exponent for rank in range(1, n + 1)))


def build_vocabulary(rng):
    """Common English words first, then a long tail of made-up ones; Zipf weights within each part."""
    common = list(dict.fromkeys(COMMON_WORDS))
    seen = {word.lower() for word in common}
    tail = []
    while len(tail) < TAIL_WORDS:
        syllables = [rng.choice(ONSETS) + rng.choice(NUCLEI) for _ in range(rng.randint(2, 3))]
        word = "".join(syllables) + rng.choice(CODAS)
        if word not in seen and not any(bad in word for bad in FORBIDDEN_IN_WORDS):
            seen.add(word)
            tail.append(word)
    for word in common:
        if any(bad in word.lower() for bad in FORBIDDEN_IN_WORDS):
            raise AssertionError(f"vocabulary word {word!r} would upset the marker counts")
    head = zipf_cumulative(len(common), 1.0, offset=2.7)
    rest = zipf_cumulative(len(tail), 1.0, offset=10)
    head_scale, tail_scale = (1 - TAIL_SHARE) / head[-1], TAIL_SHARE / rest[-1]
    cumulative = [w * head_scale for w in head] + [1 - TAIL_SHARE + w * tail_scale for w in rest]
    return common + tail, cumulative


# ---------------------------------------------------------------------------------------------------------
# Dates: everything is stored in UTC. Times are seconds since DAY0; strings are precomputed.
# ---------------------------------------------------------------------------------------------------------

DAY0 = dt.date(2005, 1, 1)
ARCHIVE_DAYS = (dt.date(2024, 12, 31) - DAY0).days + 1  # stories were published over these 20 years
DAY = 86_400
DATES = [(DAY0 + dt.timedelta(days=n)).isoformat() for n in range(ARCHIVE_DAYS + 800)]
CLOCK = [f"{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}" for s in range(DAY)]


def stamp(t):
    """timestamptz text for t seconds after DAY0 (UTC)."""
    return f"{DATES[t // DAY]} {CLOCK[t % DAY]}+00"


def long_date(t):
    day = DAY0 + dt.timedelta(days=t // DAY)
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


# ---------------------------------------------------------------------------------------------------------
# The generator
# ---------------------------------------------------------------------------------------------------------


class Archive:
    """Generates every row from one seeded random generator, in a fixed order."""

    def __init__(self, scale, ratings):
        self.rng = random.Random(SEED)
        self.n = {key: max(5 if key == "outlets" else 1, round(count * scale)) for key, count in FULL_COUNTS.items()}
        self.ratings = ratings  # slug -> (id, name)
        self.vocabulary, self.vocabulary_cum = build_vocabulary(random.Random(SEED + 1))
        self.stats = {}

    # -- publication workflow ------------------------------------------------------------------------------

    def workflow(self, created, shares):
        """(status, first_published_at, retracted_at, retraction_notice, created_at, updated_at) as COPY values.

        shares: probabilities of (published, retracted, in review); the rest are drafts.
        """
        rng = self.rng
        draw = rng.random()
        published, retracted, in_review = shares
        if draw < published + retracted:
            first = created + rng.randint(600, 2 * DAY)
            updated = first + (rng.randint(60, 60 * DAY) if rng.random() < 0.15 else 0)
            if draw < published:
                return "published", stamp(first), None, "", stamp(created), stamp(updated)
            retracted_at = first + rng.randint(DAY, 200 * DAY)
            notice = rng.choice(RETRACTION_NOTICES).format(date=long_date(retracted_at))
            updated = max(updated, retracted_at)
            return "retracted", stamp(first), stamp(retracted_at), notice, stamp(created), stamp(updated)
        status = "in_review" if draw < published + retracted + in_review else "draft"
        updated = created + rng.randint(0, 10 * DAY)
        return status, None, None, "", stamp(created), stamp(updated)

    # -- small tables --------------------------------------------------------------------------------------

    def outlets(self):
        rng = self.rng
        names = rng.sample(
            [f"The {place.replace('-', ' ')} {masthead}" for place in PLACES for masthead in MASTHEADS],
            k=self.n["outlets"],
        )
        self.outlet_hosts = [None]
        rows = []
        for outlet_id, name in enumerate(names, start=1):
            slug = ascii_slug(name)
            host = f"www.{slug.removeprefix('the-').replace('-', '')}.{rng.choice(['com', 'com', 'com', 'org', 'net'])}"
            scheme = "http" if rng.random() < 0.08 else "https"
            self.outlet_hosts.append((scheme, host))
            homepage = "" if rng.random() < 0.03 else f"{scheme}://{host}/"
            rows.append((outlet_id, name, slug, homepage, stamp(rng.randrange(ARCHIVE_DAYS * DAY))))
        # Some outlets publish far more than others.
        self.outlet_rank = list(range(1, len(names) + 1))
        rng.shuffle(self.outlet_rank)
        self.outlet_cum = zipf_cumulative(len(names), 0.8)
        return rows

    def speakers(self):
        rng = self.rng
        rows = []
        slugs = set()
        self.speaker_names = [None]
        self.speaker_titles = [None]
        n = self.n["speakers"]
        wikidata = iter(rng.sample(range(1_000, 130_000_000), k=n))
        for speaker_id in range(1, n + 1):
            if rng.random() < 0.08:
                kind = "organisation"
                name = f"{rng.choice(PLACES).replace('-', ' ')} {rng.choice(ORGANISATION_KINDS)}"
                first, last, title, organisation = "", name, "", ""
                has_wikidata = rng.random() < 0.6
            else:
                kind = "person"
                first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
                if last == "Blasio":
                    last = "de Blasio"
                name = f"{first} {last}"
                title = rng.choice(TITLES) if rng.random() < 0.9 else ""
                organisation = rng.choice(ORGANISATIONS) if rng.random() < 0.6 else ""
                has_wikidata = rng.random() < 0.4
            base = ascii_slug(name) or "speaker"
            slug = base
            for suffix in itertools.count(2):
                if slug not in slugs:
                    break
                slug = f"{base}-{suffix}"
            slugs.add(slug)
            wikidata_id = f"Q{next(wikidata)}" if has_wikidata else ""
            self.speaker_names.append((first, last, name, kind))
            self.speaker_titles.append(title)
            updated = stamp(rng.randrange(ARCHIVE_DAYS * DAY))
            rows.append((speaker_id, name, slug, kind, title, organisation, wikidata_id, updated))
        # Zipf popularity: rank r is held by a random speaker, so the biggest is not simply id 1.
        self.speaker_rank = list(range(1, n + 1))
        rng.shuffle(self.speaker_rank)
        self.speaker_cum = zipf_cumulative(n, 1.0)
        return rows

    def aliases(self):
        rng = self.rng
        rows = []
        for speaker_id in range(1, self.n["speakers"] + 1):
            if rng.random() >= 0.3:
                continue
            first, last, name, kind = self.speaker_names[speaker_id]
            title = self.speaker_titles[speaker_id]
            if kind == "organisation":
                candidates = ["".join(word[0] for word in name.split() if word[0].isupper()), f"the {name.split()[-1]}"]
            else:
                candidates = [
                    last,
                    f"{first[0]}. {last}",
                    name.upper() if rng.random() < 0.1 else f"{first[:3]} {last}",
                ]
                if title:
                    candidates.append(f"the {title.split(',')[0].split(' of ')[0].lower()}")
            chosen = [alias for alias in dict.fromkeys(candidates) if alias.strip() and alias != name]
            rng.shuffle(chosen)
            for alias in chosen[: rng.randint(1, 3)]:
                rows.append((len(rows) + 1, speaker_id, alias))
        self.stats["aliases"] = len(rows)
        return rows

    # -- quote texts ---------------------------------------------------------------------------------------

    def words(self, count):
        return self.rng.choices(self.vocabulary, cum_weights=self.vocabulary_cum, k=count)

    def punctuate(self, words, fragment=False):
        """Sentences from a word list: capitals, commas, an occasional em dash, full stops."""
        rng = self.rng
        count = len(words)
        if fragment:
            if count > 6 and rng.random() < 0.3:
                words[rng.randrange(2, count - 2)] += ","
            return " ".join(words)
        sentences = 1 + count // 16 + (rng.random() < 0.4)
        breaks = sorted(rng.sample(range(4, count - 3), min(sentences - 1, max(0, count - 8)))) if count > 10 else []
        out = []
        start = 0
        for end in [*breaks, count]:
            if end - start < 2:
                continue
            sentence = words[start:end]
            if len(sentence) > 6 and rng.random() < 0.5:
                sentence[rng.randrange(2, len(sentence) - 2)] += ","
            if len(sentence) > 3 and rng.random() < 0.05:
                sentence[rng.randrange(1, len(sentence) - 1)] += " —"
            text = " ".join(sentence)
            end_mark = "." if rng.random() < 0.92 else rng.choice("?!")
            out.append(text[:1].upper() + text[1:] + end_mark)
            start = end
        return " ".join(out) if out else " ".join(words) + "."

    def fresh_text(self, index, fragment):
        rng = self.rng
        count = rng.randint(5, 15) if fragment else 5 + int(55 * rng.betavariate(1.6, 2.6))
        words = self.words(count)
        if rng.random() < PHRASE_SHARE:
            words[rng.randrange(count)] = "soft on crime"  # one token: punctuation never splits it
        elif rng.random() < CRIME_SHARE:
            words[rng.randrange(count)] = rng.choice(["crime", "crime", "crime", "violent crime", "crime rate"])
        if rng.random() < MEDIUM_SHARE:
            words[rng.randrange(count)] = "infrastructure"
        if rng.random() < ACCENTED_SHARE:
            words[rng.randrange(count)] = rng.choice(["café", "café owners", "the café"])
        if index in self.rare_quotes:
            words[rng.randrange(count)] = "zygomorphic"
        return self.punctuate(words, fragment)

    def vary(self, text):
        """The same utterance as another outlet printed it: one or two small changes."""
        rng = self.rng
        words = text.split(" ")
        for _ in range(rng.choice((1, 1, 2))):
            draw = rng.random()
            if draw < 0.35:
                spots = [i for i, word in enumerate(words) if word in CONTRACTIONS]
                if spots:
                    at = rng.choice(spots)
                    words[at] = CONTRACTIONS[words[at]]
                    continue
            if draw < 0.55:
                spots = [i for i, word in enumerate(words) if word.rstrip(",.?!").replace(",", "").isdigit()]
                if spots:
                    at = rng.choice(spots)
                    words[at] = f"{rng.choice(QUALIFIERS)} {words[at]}"
                    continue
            at = rng.randrange(1, len(words) - 1) if len(words) > 2 else 0
            if not words[at].isalpha() or not words[at].islower() or words[at] in MARKER_WORDS:
                continue  # keep punctuation, capitals and the markers (their counts stay exact)
            if draw < 0.85 and len(words) > 6:
                del words[at]
            else:
                words[at] = self.words(1)[0]
        return " ".join(words)

    # -- stories and quotes --------------------------------------------------------------------------------

    def plan_stories(self):
        """Story dates (increasing with id), outlets and quote counts adding up exactly to the quote total."""
        rng = self.rng
        n_stories, n_quotes = self.n["stories"], self.n["quotes"]
        self.story_days = sorted(rng.randrange(ARCHIVE_DAYS) for _ in range(n_stories))
        mean = n_quotes / n_stories
        counts = [min(80, 1 + int(rng.expovariate(1 / max(mean - 1, 0.01)))) for _ in range(n_stories)]
        surplus = sum(counts) - n_quotes
        while surplus:
            story = rng.randrange(n_stories)
            if surplus > 0 and counts[story] > 1:
                counts[story] -= 1
                surplus -= 1
            elif surplus < 0 and counts[story] < 80:
                counts[story] += 1
                surplus += 1
        self.quote_counts = counts
        self.rare_quotes = set(rng.sample(range(n_quotes), k=min(RARE_MARKER_QUOTES, n_quotes)))
        # Quotes that will carry claims: remember their text and dates while they stream past.
        self.claim_sources = [rng.randrange(n_quotes) for _ in range(self.n["claims"])]
        self.claim_source_set = set(self.claim_sources)
        self.source_quotes = {}

    def pick_speaker(self):
        return self.speaker_rank[bisect(self.speaker_cum, self.rng.random() * self.speaker_cum[-1])]

    def quote_rows(self):
        """Stream the quote rows; story rows are collected on the way (their texts quote their quotes)."""
        rng = self.rng
        quote_shares, story_shares = (0.95, 0.005, 0.02), (0.97, 0.01, 0.01)
        n_outlets = self.n["outlets"]
        extents = {"cum_weights": list(itertools.accumulate([70, 20, 10]))}
        media = {"cum_weights": list(itertools.accumulate([55, 15, 15, 15]))}
        self.quote_speaker = array("i", bytes(4 * self.n["quotes"]))
        self.speaker_quotes = {}
        recent = {}  # speaker -> recent (text, said_on, story, day) for reprinted utterances
        self.story_rows = []
        reprints = exact_reprints = 0
        index = 0
        for story_id in range(1, self.n["stories"] + 1):
            day = self.story_days[story_id - 1]
            outlet_id = self.outlet_rank[bisect(self.outlet_cum, rng.random() * self.outlet_cum[-1])]
            published_at = day * DAY + rng.randint(6 * 3600, 23 * 3600)
            story_created = published_at + rng.randint(3600, 5 * DAY)
            story_speakers = [self.pick_speaker() for _ in range(rng.choices((1, 2, 3, 4), (35, 35, 20, 10))[0])]
            address = self.story_address(story_id, outlet_id, day, story_speakers)
            keeps_text = rng.random() < 0.05
            printed = []
            rows = []  # the story's quotes, sent once the story's status (copied into story_public) is drawn
            for position in range(1, self.quote_counts[story_id - 1] + 1):
                speaker_id = story_speakers[0] if rng.random() < 0.5 else rng.choice(story_speakers)
                extent = rng.choices(EXTENTS, **extents)[0]
                said_on = max(0, day - rng.choice((0, 0, 0, 1, 1, 2, 3))) if rng.random() < 0.9 else None
                text = None
                if rng.random() < REPRINT_TRIES and speaker_id in recent and index not in self.rare_quotes:
                    candidates = [r for r in recent[speaker_id] if r[2] != story_id and day - r[3] <= 14]
                    if candidates:
                        text, said_on, _, _ = rng.choice(candidates)
                        reprints += 1
                        if rng.random() < 0.2:
                            exact_reprints += 1
                        else:
                            text = self.vary(text)
                if text is None:
                    text = self.fresh_text(index, extent == "fragment")
                    if index not in self.rare_quotes:
                        remembered = recent.setdefault(speaker_id, [])
                        remembered.append((text, said_on, story_id, day))
                        if len(remembered) > 6:
                            del remembered[0]
                created = story_created + rng.randint(0, 7 * DAY)
                status, first, retracted, notice, created_at, updated_at = self.workflow(created, quote_shares)
                title = self.speaker_titles[speaker_id]
                if title and rng.random() < 0.25:
                    title = ""
                reported_via = None
                if rng.random() < 0.03:
                    reported_via = rng.randint(1, n_outlets)
                    if reported_via == outlet_id:
                        reported_via = None
                quote_id = index + 1
                self.quote_speaker[index] = speaker_id
                self.speaker_quotes.setdefault(speaker_id, []).append(quote_id)
                if index in self.claim_source_set:
                    self.source_quotes[index] = (text, created, speaker_id)
                if keeps_text:
                    printed.append((speaker_id, extent, text))
                rows.append(
                    (
                        quote_id,
                        status,
                        first,
                        retracted,
                        notice,
                        created_at,
                        updated_at,
                        text,
                        story_id,
                        speaker_id,
                        title,
                        extent,
                        rng.choices(MEDIA, **media)[0],
                        DATES[said_on] if said_on is not None else None,
                        rng.choice(SAID_WHEN) if rng.random() < 0.1 else "",
                        rng.choice(OCCASIONS) if rng.random() < 0.4 else "",
                        rng.choice(QUOTE_PLACES) if rng.random() < 0.25 else "",
                        reported_via,
                        position,
                        rng.choice(CONTEXTS) if rng.random() < 0.1 else "",
                        deep_link(address[2], text),
                    )
                )
                index += 1
            story = self.story_row(
                story_id, outlet_id, day, published_at, story_created, address, printed, story_shares
            )
            self.story_rows.append(story)
            story_public = story[1] in ("published", "retracted")
            for row in rows:
                yield (*row, story_public)
        self.stats["reprinted quotes"] = reprints
        self.stats["exact reprints"] = exact_reprints

    def story_address(self, story_id, outlet_id, day, speakers):
        """The story's headline and URL, chosen before its quotes (their deep links need the URL)."""
        rng = self.rng
        lead_first, lead_last, lead_name, _ = self.speaker_names[speakers[0]]
        clause = " ".join(self.words(rng.randint(5, 10)))
        headline = rng.choice(
            [
                f"{lead_last} says {clause}",
                clause[:1].upper() + clause[1:],
                f"{lead_last} on {clause}",
                f"‘{clause[:1].upper() + clause[1:]}’, {lead_last} says",
            ]
        )[:500]
        path_slug = "-".join(ascii_slug(headline).split("-")[:8]) or "story"
        date = DATES[day]
        scheme, host = self.outlet_hosts[outlet_id]
        style = outlet_id % 3
        if style == 0:
            path = f"/{date[:4]}/{date[5:7]}/{date[8:]}/{path_slug}-{story_id}"
        elif style == 1:
            path = f"/news/{story_id}/{path_slug}"
        else:
            path = f"/article/{path_slug}-{story_id}.html"
        url = f"{scheme}://{host}{path}"
        return headline, path_slug, url, lead_name

    def story_row(self, story_id, outlet_id, day, published_at, created, address, printed, shares):
        rng = self.rng
        headline, path_slug, url, lead_name = address
        stand_in = stand_in_source = ""
        if rng.random() < 0.1:
            headline = ""
            if rng.random() < 0.7:
                stand_in, stand_in_source = path_slug.replace("-", " ").capitalize(), "URL slug"
        byline = ""
        if rng.random() < 0.9:
            byline = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
            if rng.random() < 0.2:
                byline += f" and {rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        published_on = DATES[day] if rng.random() < 0.98 else None
        published_time = CLOCK[published_at % DAY] if published_on and rng.random() < 0.6 else None
        text = retrieved = None
        if printed and published_on:
            text = self.article_text(lead_name, printed)
            retrieved = DATES[day + rng.randint(0, 30)]
        status, first, retracted, notice, created_at, updated_at = self.workflow(created, shares)
        return (
            story_id,
            status,
            first,
            retracted,
            notice,
            created_at,
            updated_at,
            outlet_id,
            headline,
            stand_in,
            stand_in_source,
            url,
            byline,
            published_on,
            published_time,
            text or "",
            retrieved,
        )

    def article_text(self, lead_name, printed):
        """Paragraphs of reporting around the story's quotes, which appear verbatim."""
        rng = self.rng
        paragraphs = [self.punctuate(self.words(rng.randint(15, 35)))]
        for speaker_id, extent, text in printed:
            name = self.speaker_names[speaker_id][2]
            if extent == "full":
                paragraphs.append(f"“{text}” {name} said.")
            elif extent == "fragment":
                paragraphs.append(f"{name} said the plan was “{text}”.")
            else:
                paragraphs.append(f"{name} said {text[:1].lower() + text[1:]}")
            if rng.random() < 0.5:
                paragraphs.append(self.punctuate(self.words(rng.randint(12, 40))))
        paragraphs.append(f"{lead_name} did not respond to a request for further comment.")
        return "\n\n".join(paragraphs)

    # -- claims --------------------------------------------------------------------------------------------

    def claim_rows(self):
        rng = self.rng
        slugs = list(VERDICT_SHARES)
        weights = [VERDICT_SHARES[slug] for slug in slugs]
        names = {slug: name for slug, (_, name) in self.ratings.items()}
        self.claim_quote_rows = []
        self.evidence_rows = []
        for claim_id, source in enumerate(self.claim_sources, start=1):
            text, quote_created, speaker_id = self.source_quotes[source]
            quote_ids = {source + 1}
            pool = self.speaker_quotes[speaker_id]
            for _ in range(rng.choice((0, 0, 1, 2))):
                quote_ids.add(rng.choice(pool))
            for quote_id in sorted(quote_ids):
                self.claim_quote_rows.append((len(self.claim_quote_rows) + 1, claim_id, quote_id))
            place = rng.choice(PLACES).replace("-", " ")
            topic = rng.choice(CLAIM_TOPICS)
            created = quote_created + rng.randint(DAY, 30 * DAY)
            claim_year = int(DATES[created // DAY][:4])
            year = rng.randint(1990, claim_year - 2)
            if rng.random() < 0.5:
                claim = rng.choice(CLAIM_TEMPLATES).format(
                    year=year,
                    topic=topic,
                    topic_cap=topic.capitalize(),
                    place=place,
                    n=rng.randint(2, 95),
                    k=rng.randint(2, 20),
                )
            else:  # in the speaker's words: the quote's first sentence, or its first dozen words
                sentence = re.split(r"(?<=[.?!]) ", text)[0]
                if len(sentence.split()) < 6:
                    sentence = " ".join(text.split()[:12]).rstrip(",—")
                claim = f"Says {sentence[:1].lower()}{sentence[1:]}"[:1000]
            status, first, retracted, notice, created_at, updated_at = self.workflow(created, (0.90, 0.01, 0.04))
            public = first is not None
            verdict = rng.choices(slugs, weights)[0] if public or rng.random() < 0.5 else None
            publisher, host = rng.choice(PUBLISHERS)
            speaker = self.speaker_names[speaker_id][2]
            ruling = ""
            if public or rng.random() < 0.5:
                ruling = (
                    f"{speaker} said it in a {rng.choice(OCCASIONS)}. We compared the claim with {publisher} data "
                    f"for {year} to {rng.randint(year + 1, claim_year - 1)}. "
                    f"{self.punctuate(self.words(rng.randint(12, 30)))}"
                )
                if verdict:
                    ruling += f" Our ruling: {names[verdict]}."
            summary = ""
            if verdict and rng.random() < 0.8:
                summary = f"{names[verdict]}: {self.punctuate(self.words(rng.randint(6, 16)))}"[:300]
            yield (
                claim_id,
                status,
                first,
                retracted,
                notice,
                created_at,
                updated_at,
                claim,
                speaker_id,
                self.ratings[verdict][0] if verdict else None,
                summary,
                ruling,
                None,
            )
            for position in range(1, rng.randint(1, 3) + 1):
                accessed_day = max(0, created // DAY - rng.randint(0, 20))
                accessed_year = int(DATES[accessed_day][:4])
                report_year = rng.randint(min(year + 1, accessed_year - 1), accessed_year - 1)
                title = f"{topic.capitalize()} in {place}, {report_year}{EVIDENCE_KINDS[position - 1]}"
                url = (
                    "" if rng.random() < 0.1 else f"https://{host}/reports/{report_year}/{ascii_slug(title)}-{claim_id}"
                )
                accessed = DATES[accessed_day] if rng.random() < 0.9 else None
                self.evidence_rows.append(
                    (len(self.evidence_rows) + 1, claim_id, title, publisher, url, accessed, position)
                )


# ---------------------------------------------------------------------------------------------------------
# Building the template
# ---------------------------------------------------------------------------------------------------------


class Phases:
    """Times named phases and prints each as it ends."""

    def __init__(self):
        self.started = time.perf_counter()
        self.seconds = {}

    def run(self, name, function, *args):
        print(f"  {name:<44}", end="", flush=True)
        start = time.perf_counter()
        result = function(*args)
        self.seconds[name] = round(time.perf_counter() - start, 1)
        print(f"{self.seconds[name]:7.1f} s", flush=True)
        return result

    @property
    def total(self):
        return round(time.perf_counter() - self.started, 1)


def copy_rows(conn, table, rows, freeze=True):
    """COPY rows into table (columns as in COLUMNS); FREEZE needs the table truncated in this transaction."""
    statement = sql.SQL("COPY {} ({}) FROM STDIN{}").format(
        sql.Identifier(table),
        sql.SQL(", ").join(map(sql.Identifier, COLUMNS[table])),
        sql.SQL(" (FREEZE)") if freeze else sql.SQL(""),
    )
    count = 0
    with conn.cursor() as cursor, cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(row)
            count += 1
    return count


def counted_quotes(archive, counts):
    """Pass the quote rows through, counting the markers and fingerprinting the texts on the way."""
    digest = hashlib.sha256()
    for row in archive.quote_rows():
        text = row[7]
        lowered = text.lower()
        for key, marker in MARKERS.items():
            if marker in lowered:
                counts[key] += 1
        digest.update(f"{row[0]}|{row[9]}|{row[8]}|{text}\n".encode())
        yield row
    counts["sha256"] = digest.hexdigest()


def migrate(url):
    env = {**os.environ, "DATABASE_URL": url}
    result = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )
    if result.returncode:
        raise SystemExit(f"manage.py migrate failed:\n{result.stdout}{result.stderr}")


def build_template(server, scale, keep_indexes=False):
    """Build the seeded database under a scratch name, then install it as the template. Returns its record."""
    template = template_name(scale)
    build = f"{template}__build"
    url = database_url(build, server)
    phases = Phases()

    def create_and_migrate():
        with admin_connection(server) as admin:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(build)))
            admin.execute(
                sql.SQL("CREATE DATABASE {} TEMPLATE template0 ENCODING 'UTF8'").format(sql.Identifier(build))
            )
        migrate(url)

    phases.run("create database, migrate", create_and_migrate)
    fingerprint = migrations_fingerprint()  # of the migrations just applied
    with psycopg.connect(url) as conn:
        version = server_version(conn)
        check_schema(conn, url)
        ratings = {slug: (pk, name) for slug, pk, name in conn.execute("SELECT slug, id, name FROM claims_rating")}
        missing = set(VERDICT_SHARES) - set(ratings)
        if missing:
            raise SystemExit(f"The rating scale lacks {sorted(missing)}; update VERDICT_SHARES in bench/seed.py.")
        before = schema_snapshot(conn)
        conn.commit()
        conn.execute("SET maintenance_work_mem = '1GB'")
        archive = Archive(scale, ratings)
        marker_counts = dict.fromkeys(MARKERS, 0)

        def detach():
            conn.execute(sql.SQL("TRUNCATE {} CASCADE").format(sql.SQL(", ").join(map(sql.Identifier, BULK_TABLES))))
            return [] if keep_indexes else detach_indexes(conn, BULK_TABLES)

        restore = phases.run("truncate; drop indexes, uniques, foreign keys", detach)
        phases.run(
            "outlets, speakers, aliases",
            lambda: [
                copy_rows(conn, "stories_outlet", archive.outlets()),
                copy_rows(conn, "speakers_speaker", archive.speakers()),
                copy_rows(conn, "speakers_alias", archive.aliases()),
            ],
        )
        archive.plan_stories()
        phases.run(
            f"quotes ({archive.n['quotes']:,})", copy_rows, conn, "quotes_quote", counted_quotes(archive, marker_counts)
        )
        phases.run(f"stories ({archive.n['stories']:,})", copy_rows, conn, "stories_story", archive.story_rows)
        phases.run(
            "claims, claim quotes, evidence",
            lambda: [
                copy_rows(conn, "claims_claim", archive.claim_rows()),
                copy_rows(conn, "claims_claimquote", archive.claim_quote_rows),
                copy_rows(conn, "claims_evidence", archive.evidence_rows),
            ],
        )
        phases.run("commit", conn.commit)
        conn.autocommit = True

        index_seconds = {}

        def recreate():
            for name, statement in restore:
                start = time.perf_counter()
                conn.execute(statement)
                index_seconds[name] = round(time.perf_counter() - start, 1)
            for table in BULK_TABLES:
                conn.execute(
                    sql.SQL(
                        "SELECT setval(pg_get_serial_sequence({0}, 'id'), coalesce(max(id), 0) + 1, false) FROM {1}"
                    ).format(sql.Literal(table), sql.Identifier(table))
                )
            if schema_snapshot(conn) != before:
                raise SystemExit("The restored indexes and constraints differ from the migrated schema.")

        phases.run("indexes, uniques, foreign keys", recreate)
        slowest = sorted(index_seconds.items(), key=lambda item: -item[1])[:4]
        if slowest:
            print("    slowest: " + ", ".join(f"{name} {seconds:.1f} s" for name, seconds in slowest))
        phases.run("vacuum analyze", conn.execute, "VACUUM (ANALYZE)")
        counts = {
            table: conn.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table))).fetchone()[0]
            for table in BULK_TABLES
        }
        counts["public quotes"] = conn.execute(
            "SELECT count(*) FROM quotes_quote q JOIN stories_story s ON s.id = q.story_id "
            "WHERE q.status IN ('published', 'retracted') AND s.status IN ('published', 'retracted')"
        ).fetchone()[0]
        top = conn.execute(
            """
            SELECT s.id, s.name, s.slug, count(*) FROM quotes_quote q JOIN speakers_speaker s ON s.id = q.speaker_id
             GROUP BY s.id ORDER BY count(*) DESC, s.id LIMIT 5
            """
        ).fetchall()
    info = {
        "generator_version": GENERATOR_VERSION,
        "scale": scale,
        "seed": SEED,
        "migrations": fingerprint,
        "server_version": version,
        "built_on": dt.date.today().isoformat(),
        "counts": counts,
        "markers": {key: {"text": MARKERS[key], "quotes": marker_counts[key]} for key in MARKERS},
        "reprinted_quotes": archive.stats["reprinted quotes"],
        "exact_reprints": archive.stats["exact reprints"],
        "quotes_sha256": marker_counts["sha256"],
        "top_speakers": [{"id": i, "name": name, "slug": slug, "quotes": n} for i, name, slug, n in top],
        "seconds": {**phases.seconds},
    }
    with admin_connection(server) as admin:
        phases.run("install as template", install_template, admin, build, template, info)
    info["seconds"]["total"] = phases.total
    with admin_connection(server) as admin:  # record the total too
        admin.execute(
            sql.SQL("COMMENT ON DATABASE {} IS {}").format(
                sql.Identifier(template), sql.Literal(json.dumps(info, ensure_ascii=False))
            )
        )
    return info


def report(info, server, template):
    version = info["server_version"]
    counts = info["counts"]
    print(f"\nTemplate {template} (scale {info['scale']:g}, PostgreSQL {version}):")
    print("  rows: " + ", ".join(f"{table} {count:,}" for table, count in counts.items()))
    print(
        "  markers (quotes containing): "
        + ", ".join(f"{m['text']!r} {m['quotes']:,}" for m in info["markers"].values())
    )
    print(f"  reprinted utterances: {info['reprinted_quotes']:,} quotes ({info['exact_reprints']:,} verbatim)")
    print("  top 5 speakers by quotes:")
    for speaker in info["top_speakers"]:
        print(f"    {speaker['quotes']:>9,}  {speaker['name']} (id {speaker['id']}, {speaker['slug']})")
    with admin_connection(server) as admin:
        size = admin.execute(
            "SELECT pg_size_pretty(pg_database_size(%s)), pg_database_size(%s)", [template, template]
        ).fetchone()
    print(f"  size on disk: {size[0]} (PostgreSQL {version})")
    return size[1]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rebuild", action="store_true", help="rebuild the template even if it matches")
    parser.add_argument("--server-url", help=f"server URL (default: $BENCH_SERVER_URL or {DEFAULT_SERVER_URL})")
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the full archive (0.01 for a smoke run)")
    parser.add_argument(
        "--keep-indexes", action="store_true", help="load with every index in place (to measure the difference)"
    )
    args = parser.parse_args(argv)
    if not 0 < args.scale <= 10:
        parser.error("--scale must be in (0, 10]")
    server = server_url(args.server_url)
    template = template_name(args.scale)
    with admin_connection(server) as admin:
        version = server_version(admin)
        where = f"{admin.info.host}:{admin.info.port}"
    print(f"Server: PostgreSQL {version} at {where}")
    info = template_info(args.scale, server)
    reason = stale_reason(info, args.scale)
    if reason is None and not args.rebuild:
        built = f"built {info['built_on']} in {info['seconds'].get('total')} s"
        print(f"Reusing {template}: it matches the current migrations ({built}).")
    else:
        print(
            f"Building {template} at scale {args.scale:g} ({reason or '--rebuild'}); timings on PostgreSQL {version}:"
        )
        info = build_template(server, args.scale, args.keep_indexes)
        print(f"  {'total':<44}{info['seconds']['total']:7.1f} s  (PostgreSQL {version})")
    report(info, server, template)
    check = f"{template}__copy_check"
    start = time.perf_counter()
    with admin_connection(server) as admin:
        create_database_from_template(admin, check, template)
        copy_seconds = time.perf_counter() - start
        admin.execute(sql.SQL("DROP DATABASE {}").format(sql.Identifier(check)))
    print(f"  a working copy (bench_database) takes {copy_seconds:.1f} s (PostgreSQL {version})")


if __name__ == "__main__":
    main()

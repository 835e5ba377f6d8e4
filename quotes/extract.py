"""Propose the quotations in a story's plain text, each with the speaker the text attributes it to.

Pure Python and rule-based, with no Django import: the caller passes the speakers it knows.

How it reads an article:
1. Quotations are the words between double quote marks (straight or curly, or guillemets), paragraph by
   paragraph. A quotation left open at the end of a paragraph and reopened at the start of the next one
   continues there (the journalistic convention); one never reopened ends with its paragraph. Single marks
   inside (‘…’ or '…') are quotes within the quotation and stay part of it. In a paragraph whose double marks all
   sit inside single-mark pairs, or that has none (headlines, British style), the single marks are the outer
   ones; a single mark counts only where an apostrophe cannot stand (not in don't, the '90s, rock 'n' roll, the
   players' union), and a quotation in single marks must close.
2. Statements and posts set off without marks are block quotations: the paragraph after a colon that introduces
   one ("said in a statement:", "The statement reads:", "wrote on X:", "posted:"), or a first-person paragraph
   after a sentence naming one ("released a statement."), with the first-person paragraphs that follow, until the
   story's own voice resumes (third person, "said", or quote marks). A colon introducing anything else ("as
   follows:") is not enough.
3. People and organisations are found outside the quotations: known speakers by name, alternative name,
   surname or role ("the mayor"), other people by capitalised names, optionally after a title ("Police
   Commissioner James O'Neill"), roles ("a DOJ spokesperson"), and the pronouns he, she, they, it.
4. Each quotation is attributed by the first rule that applies: a speaker and a speech verb right after it
   ("…," de Blasio said / "…," said the mayor / "…," according to X); the subject of the speech verb
   before it in its sentence (X said, "…" / X told the host that "…" / X called it "…"); a speaker and a
   speech verb later in its sentence ("Calling it "…", the mayor said …"); for a quotation standing as
   its own sentence, the speaker of the paragraph it continues. The subject is the name before any appositives and
   relative clauses ("X, the former …, whom Y fired, wrote"); after "and" ("…, and said") the sentence's subject;
   "the department" is the organisation last named with that noun, "Hizzoner" the mayor; in a headline, the
   speaker is all that stands before the colon ("Mayor: 'We will not back down'").
   A pronoun is the subject of the nearest sentence naming someone; a document ("the statement said") is its
   issuer's; party labels ("(D-Calif.)"), weekdays and places are not names.
5. Scare quotes and titles are proposed with no speaker: short phrases used as words rather than quoted
   as speech (the "soft on crime" language, so-called "sanctuary cities", the book "Art of the Deal"),
   and short phrases nothing in their sentence attributes.

Offsets are Python string indices into the text, end exclusive, without the quote marks.
"""

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import partial
from itertools import islice

from .text import APOSTROPHES, contains_run, straighten_apostrophes

FULL, FRAGMENT = "full", "fragment"

# The double marks that open and close a quotation, each in one direction only: not text.QUOTE_MARKS, whose single
# marks are also apostrophes, nor the low „ and reversed ‟, as German „…“ closes with the mark English opens with.
OPENING_MARKS = "“«"
CLOSING_MARKS = "”»"
QUOTE_MARK = re.compile(r"[\"“”«»]")
# Single marks are quotation marks only where an apostrophe is unlikely: one opens after the start, a space, a
# colon, a dash, a bracket or a double mark and before a letter ('90s, don't and O'Neill do not open); one closes
# after a letter, digit or punctuation and before a space, punctuation or the end. The left mark never closes and the
# right one never opens (’tis, ’90s), nor does a mark before a clipped word ('n', 'em, 'til).
SINGLE_OPENING = re.compile(r"(?<![^\s(\[:—–\"“-])['‘](?=[^\W\d_])")
SINGLE_CLOSING = re.compile(r"(?<=[\w.,!?…;])['’](?=[\s,.;:!?…)\]—–\"”]|$)")
# How a quotation is printed: in double marks, in single marks, or as a block without marks.
DOUBLE, SINGLE, BLOCK = "double", "single", "block"

# A word: letters and digits, with inner apostrophes, hyphens and dots (O'Neill, Mark-Viverito, U.S.).
WORD = re.compile(rf"[^\W_]+(?:[{APOSTROPHES}.\-][^\W_]+)*\.?")
# A possessive ending: "O'Neill's", "de Blasio’s".
POSSESSIVE = rf"[{APOSTROPHES}]s"
# A word with its apostrophes, for the verbs and nouns around a quotation: "didn’t", "union's".
APOSTROPHE_WORD = rf"[\w{APOSTROPHES}]+"


def _word_set(words):
    return frozenset(words.split())


# Words printed clipped at their start, after an apostrophe that is not an opening mark: rock 'n' roll, 'tis, 'em.
ELISIONS = _word_set("n tis twas em cause cos til bout round nuff")
ABBREVIATIONS = {"mr.", "mrs.", "ms.", "dr.", "sen.", "rep.", "gov.", "gen.", "lt.", "sgt.", "st.", "jr.", "sr.", "no."}
ABBREVIATIONS |= {"corp.", "inc.", "co.", "ltd.", "bros."}  # "Acme Corp. said"
NAME_PARTICLES = {"de", "da", "del", "della", "di", "du", "van", "von", "der", "den", "la", "le", "bin", "ibn", "al"}

# Verbs that report speech or writing, or characterise what someone said ("called it a joke").
SPEECH_VERBS = _word_set(
    """say says said saying tell tells told telling add adds added adding write writes wrote writing tweet tweets
    tweeted tweeting post posts posted ask asks asked explain explains explained note notes noted argue argues
    argued state states stated declare declares declared insist insists insisted continue continues continued
    recall recalls recalled reply replies replied respond responds responded answer answers answered warn warns
    warned claim claims claimed acknowledge acknowledged admit admits admitted concede conceded announce
    announces announced call calls called calling describe describes described describing characterize
    characterized characterizing echo echoed echoing urge urged challenge challenged challenging joke joked quip
    quipped vow vowed promise promised predict predicted suggest suggested emphasize emphasized stress stressed
    remark remarked observe observed counter countered complain complained boast boasted caution cautioned
    lament lamented testify testified reiterate reiterated repeat repeated shout shouted yell yelled mutter
    muttered whisper whispered agree agreed deny denied demand demanded charge charged contend contended
    maintain maintained conclude concluded report reported recount recounted exclaim exclaimed release released
    issue issued publish published dare dares dared fumed scoffed snapped cracked railed blasts blasted branded
    labeled labelled dubbed termed read reads"""
)
# A document that speaks for its author: "the DOJ press release that called the city …".
DOCUMENT_NOUNS = (
    r"(?:press\s+)?(?:release|statement|report|letter|memo|tweet|post|office|spokesperson|spokesman|spokeswoman|"
    r"claim|assertion|accusation|warning)"
)
DOCUMENTS = _word_set("statement release letter report memo")
# Who a document is from, printed right after it: "the letter from the union", "a statement signed by Ana Ruiz".
DOCUMENT_AUTHOR = re.compile(
    r",?\s+(?:(?P<verb>issued|sent|released|signed|written)\s+)?(?:from|by)\s+(?:[a-z]+\s+){0,3}?"
    r"(?P<author>(?:[A-Z][\w.&'’-]*\s?)+),?"
)
PREPOSITIONS = _word_set(
    """to at with by from for of on in into about against toward towards than like via between among over under
    after before during without through"""
)
# Words that may stand between a subject and its verb: "de Blasio also said", "she has repeatedly argued".
AUXILIARIES = _word_set("also then later again first further has had have was is were would will did does had")
FUNCTION_WORDS = (
    PREPOSITIONS
    | AUXILIARIES
    | _word_set(
        """and or but nor so yet if as that which who whom whose when while because since although though where the a
    an this these those it its he she they we i you his her their our my your not no are be been said says told
    added"""
    )
)
# Between a subject and its verb: comma-enclosed appositives and relative clauses, then adverbs or auxiliaries.
SUBJECT_BEFORE_INSERTIONS = re.compile(
    rf"\s*,(?:[^,;:!?\n\"“”«»·]{{1,150}},)+\s*(?:(?:{'|'.join(sorted(AUXILIARIES))}|\w+ly)\s+)*"
)
# A second verb of the same subject: "…, and said", "and then told".
SHARED_SUBJECT = re.compile(rf"\band\s+(?:(?:{'|'.join(sorted(AUXILIARIES))}|\w+ly)\s+)*$")
DETERMINERS = _word_set("the a an its his her their our my your this that these those what")

# Titles printed before a name: "Police Commissioner James O'Neill", "Rep. Dan Donovan".
TITLE_WORDS = _word_set(
    """mayor commissioner president speaker general attorney representative rep senator sen governor gov secretary
    director chief spokesman spokeswoman spokesperson judge officer sergeant sgt lieutenant lt captain
    chairman chairwoman chair leader minister councilman councilwoman councilmember superintendent sheriff
    prosecutor dr mr mrs ms professor prof ceo chancellor deputy inspector detective former acting
    congressman congresswoman assemblyman assemblywoman"""
)
# Role nouns that stand for a person or organisation: "the mayor", "a DOJ spokesperson", "the head of …".
ROLE_NOUNS = _word_set(
    """mayor commissioner president governor senator congressman congresswoman spokesperson spokesman spokeswoman
    official secretary chief head director prosecutor sheriff chairman chairwoman chair leader minister judge
    representative aide superintendent chancellor office"""
)
# Abbreviated titles and the role they give: "Gov. Rick Scott" is "the governor".
ROLE_ABBREVIATIONS = {"gov": "governor", "sen": "senator", "rep": "representative"}
# Nicknames newspapers print for an office holder: "Hizzoner" (His Honor) is the mayor.
ROLE_NICKNAMES = {"hizzoner": "mayor", "herhonor": "mayor"}
# Nouns that, after "the", stand for the organisation last named with them: "the department" (Justice Department).
ORGANISATION_NOUNS = _word_set(
    "department agency ministry commission committee council union association company corporation bureau board"
)
CORPORATE_SUFFIXES = _word_set("corp inc co ltd llc plc group")
SPEAKS_FOR_ORGANISATION = {"spokesperson", "spokesman", "spokeswoman", "official", "representative", "aide", "office"}
# Capitalised words that begin a sentence without being part of a name (or stand for a crowd, not a speaker).
NOT_NAME_STARTS = _word_set(
    """the a an in on at but and or when after before earlier later since as if while though although instead
    meanwhile still yet so then there this that these those it he she they we i his her their our former
    according reporters officials critics residents officers advocates experts lawmakers others authorities
    witnesses sources protesters people supporters opponents analysts democrats republicans"""
)
# A state's abbreviation (AP style, dots aside) is a place, not a speaker: "COLUMBIA, S.C. —", "the N.C. coast".
STATE_ABBREVIATIONS = _word_set(
    """ala ariz ark calif colo conn fla ga ill ind kan ky md mass mich minn mont neb nev nh nj nm ny nc nd okla ore
    pa ri sc sd tenn vt va wva wis wyo dc"""
)
# A demonym stands for a crowd, not a speaker: "Floridians", "Ohioans", "South Carolinians", "Americans".
DEMONYM = re.compile(r"[A-Z][a-z]+(?:[aeiou]ans|cans)")
PRONOUNS = {"he", "she", "they", "it"}
# Days are printed capitalised beside names ("Lopez said Friday") without being part of them.
WEEKDAYS = _word_set("monday tuesday wednesday thursday friday saturday sunday")
# The last word of a place or building, not a person: "New York City", "Kings County", "City Hall".
PLACE_WORDS = _word_set("city county town village state street avenue road square island heights airport station")
# A party label printed after a legislator's name: "(D)", "(R-N.Y.)", ", D-Calif.,", "(Lab)". It is neither a
# name nor a break between the name and its verb.
PARTY_LABEL = re.compile(
    r"\((?:D|R|I|Dem|Rep|Ind|Lab|Con|LD|SNP)(?:\s*[-–,]\s*[A-Z][\w.]*(?:\s[A-Z][\w.]*)*)?\)"
    r"|(?<=,\s)(?:D|R|I)[-–][A-Z][\w.]*(?:\s[A-Z][a-z]+\.?)?(?=,|\s|$)"
)

# Phrases that present the next quoted words as words, not speech: so-called "sanctuary cities".
MENTION_CUES = re.compile(
    r"(?:so-called|\bterm|\bphrase|\bwords?|\blabel|\bdubbed|\blabell?ed|\bbranded|\bknown\s+as|\bnicknamed)\s*$",
    re.IGNORECASE,
)
# Someone's words are not words quoted as words: 'called the department's words "insulting"'.
OWNED_WORDS = re.compile(rf"(?:{POSSESSIVE}|\b(?:his|her|their|its|my|our|your))\s+words?\s*$", re.IGNORECASE)
# Nouns that introduce a title: the book "Crippled America", the show "Law & Order".
WORK_NOUNS = re.compile(
    r"\b(?:book|film|movie|show|song|album|article|column|op-ed|essay|podcast|series|play|program|programme|"
    r"titled|entitled|headlined|slogan|campaign|hashtag)\s*$",
    re.IGNORECASE,
)
# Words that introduce a programme's title: told viewers of the "Today Show", on ABC's "Good Morning America,".
PROGRAMME_CUES = re.compile(rf"\b(?:on|of|told)\s+(?:the\s+|[A-Z][\w.&-]*{POSSESSIVE}\s+)?$")
# An introduction to a block quotation, in the last sentence before it: a colon after words naming a statement,
# post or letter or the writing of one ("… said in a statement:", "The statement reads:", "… wrote on X:"), or a
# sentence naming one that the first-person paragraph after it quotes ("… released a statement.").
COLON_INTRODUCTION = re.compile(
    r"\b(?:statement|release|letter|memo|post|tweet|message|email|wrote|writes|posted|tweeted|reads?)\b[^.!?:]*:\s*$",
    re.IGNORECASE,
)
SENTENCE_INTRODUCTION = re.compile(
    r"\b(?:statement|wrote|writes|tweeted|posted|letter|said\s+in\s+a)\b[^.!?]*[.!?]?\s*$", re.IGNORECASE
)
FIRST_PERSON = re.compile(r"\b(?:I|we|We|our|Our|us|my|My|me)\b|^\s*\[")
SHORT_QUOTE_WORDS = 5
# The longest run of capitalised words read as one title and name: "Former U.S. Attorney General Jeff Sessions".
MAX_NAME_WORDS = 10
# How many of the latest people and organisations a surname, role or pronoun may refer back to.
RECENT_ENTITIES = 50
# The longest first line read as a headline, in characters.
HEADLINE_LENGTH = 300
# How far from a quotation its attribution is looked for, in characters: keeps long texts linear.
REACH = 300


@dataclass(frozen=True)
class KnownSpeaker:
    """A speaker the newsroom already has, as the extractor needs it."""

    name: str
    slug: str
    title: str = ""
    organisation: str = ""
    aliases: tuple[str, ...] = ()
    is_organisation: bool = False


@dataclass
class Proposal:
    """A proposed quotation. `speaker` is None for scare quotes, titles and unattributed words."""

    text: str
    start: int
    end: int
    extent: str
    speaker: str | None
    speaker_slug: str | None
    confidence: float
    reason: str
    speaker_title: str = ""
    segments: list[tuple[int, int]] = field(default_factory=list)
    format: str = DOUBLE  # printed in double marks, single marks, or as a block without marks

    def as_dict(self):
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "segments": [list(segment) for segment in self.segments],
            "extent": self.extent,
            "format": self.format,
            "speaker": self.speaker,
            "speaker_slug": self.speaker_slug,
            "speaker_title": self.speaker_title,
            "confidence": self.confidence,
            "reason": self.reason,
        }


def extract_quotes(text, known_speakers=()):
    """The quotations in `text`, in order, each with its proposed speaker."""
    return _Article(text, known_speakers).proposals()


# Normalising names for comparison: case, curly apostrophes, possessives.


def _normal(words):
    return tuple(_normal_word(word) for word in words)


def _normal_word(word):
    word = straighten_apostrophes(word.casefold()).rstrip(".")
    return word[:-2] if word.endswith("'s") else word


def _words(text):
    return [match.group() for match in WORD.finditer(text)]


# Finding the quotations.


@dataclass
class _Span:
    segments: list[tuple[int, int]]  # inside the marks, one per paragraph
    opening: int  # index of the opening mark (or of the block's first character)
    closing: int  # index just after the closing mark (or the block's end)
    closed: bool = True
    format: str = DOUBLE


def _paragraphs(text):
    return [(match.start(), match.end()) for match in re.finditer(r"[^\n]*\S[^\n]*", text)]


def _quote_spans(text, paragraphs):
    """Quotations between a paragraph's outer marks, joined across paragraphs when reopened at the next one's start
    in the same marks. A quotation in single marks must close: an opening mark left alone is likelier an elision."""
    spans, pending = [], None
    for start, end in paragraphs:
        marks, marks_format = _paragraph_marks(text, start, end)
        first_char = end - len(text[start:end].lstrip())
        current = open_at = None  # the quotation being read, and where its words resume
        reopened = marks and marks[0][0] == first_char and marks[0][2] != "close"
        if pending and reopened and pending.format == marks_format:
            current, open_at = pending, marks.pop(0)[1]  # reopened: the quotation goes on
        elif pending:
            spans.append(pending)  # never closed nor reopened: it ends with its paragraph
        pending = None
        for mark_start, mark_end, kind in marks:
            if current is None or kind == "open":
                if current is None and kind == "close":
                    continue  # a stray closing mark
                current, open_at = _Span([], mark_start, mark_end, format=marks_format), mark_end
            else:
                current.segments.append((open_at, mark_start))
                current.closing, current.closed = mark_end, True
                spans.append(current)
                current = None
        if current is not None:
            current.segments.append((open_at, end))
            current.closing, current.closed = end, False
            pending = current
    if pending:
        spans.append(pending)
    spans = [span for span in spans if span.closed or span.format == DOUBLE]
    return [span for span in map(partial(_trimmed, text), spans) if span.segments]


def _paragraph_marks(text, start, end):
    """The paragraph's outer quote marks, as (start, end, kind) with kind "open", "close" or "either" (a straight
    double mark), and their format: single marks when the paragraph has no double marks outside its single-mark
    pairs (Mayor: 'We will not back down', British ‘… "…" …’), else double marks."""
    doubles = [(m.start(), m.end(), _double_kind(m.group())) for m in QUOTE_MARK.finditer(text, start, end)]
    singles = sorted(
        [(m.start(), m.end(), "open") for m in SINGLE_OPENING.finditer(text, start, end) if not _is_elision(text, m)]
        + [
            (m.start(), m.end(), "close")
            for m in SINGLE_CLOSING.finditer(text, start, end)
            if not _is_possessive(text, m)
        ]
    )
    pairs = [(a[0], b[1]) for a, b in zip(singles, singles[1:], strict=False) if (a[2], b[2]) == ("open", "close")]
    starts = [a for a, _ in pairs]
    inside = all((i := bisect_right(starts, mark[0]) - 1) >= 0 and mark[1] <= pairs[i][1] for mark in doubles)
    if singles and inside:
        return singles, SINGLE
    return doubles, DOUBLE


def _double_kind(mark):
    return "open" if mark in OPENING_MARKS else "close" if mark in CLOSING_MARKS else "either"


def _is_elision(text, opening):
    """'n', 'tis, 'em, 'til: a mark before a word clipped at its start is an apostrophe, not an opening mark."""
    word = re.match(r"[^\W\d_]+", text[opening.end() : opening.end() + 12])
    return word.group().casefold() in ELISIONS


def _is_possessive(text, closing):
    """The players' union: a mark after an s and before a noun is a plural possessive, not a closing mark. Before a
    function word or a speech verb ('…workers' as …', '…fans' he said) it closes a quotation."""
    after = re.match(r" ([a-z]+)\b", text[closing.end() : closing.end() + 30])
    follower = after and after.group(1)
    return text[closing.start() - 1] in "sS" and bool(follower) and follower not in FUNCTION_WORDS | SPEECH_VERBS


def _trimmed(text, span):
    segments = []
    for a, b in span.segments:
        piece = text[a:b]
        a += len(piece) - len(piece.lstrip())
        b -= len(piece) - len(piece.rstrip())
        if b > a:
            segments.append((a, b))
    span.segments = segments
    return span


def _block_spans(text, paragraphs, masked, spans):
    """Statements and posts set off without marks after an introduction: the paragraph after a colon introducing
    one, and every following paragraph in the first person, until the story's own voice resumes (a paragraph in
    the third person, one that attributes with "said", or one in quote marks)."""
    quoted = {span.opening for span in spans}
    blocks, k = [], 0
    while k + 1 < len(paragraphs):
        intro_start, intro_end = paragraphs[k]
        intro = masked[max(intro_start, intro_end - REACH) : intro_end]
        colon = bool(COLON_INTRODUCTION.search(intro))
        j = k + 1
        if colon or SENTENCE_INTRODUCTION.search(intro):
            while j < len(paragraphs) and _reads_as_quoted(
                text, paragraphs[j], quoted, introduced=colon and j == k + 1
            ):
                j += 1
        if j > k + 1:
            segments = paragraphs[k + 1 : j]
            blocks.append(_trimmed(text, _Span(segments, segments[0][0], segments[-1][1], format=BLOCK)))
        k = j
    return blocks


def _reads_as_quoted(text, paragraph, quoted, introduced):
    """Whether a paragraph without quote marks of its own continues a block: the first one after a colon always;
    others when written in the first person without the reporter's "said"."""
    start, end = paragraph
    body = text[start:end]
    if QUOTE_MARK.search(body) or end - len(body.lstrip()) in quoted:
        return False
    return introduced or bool(FIRST_PERSON.search(body) and not re.search(r"\bsaid\b", body))


def _within(span, blocks):
    return any(block.opening <= span.opening < block.closing for block in blocks)


def _mask(text, spans):
    """The text with quoted words blanked out (keeping a final . ? !), so names inside quotes are not read; party
    labels are blanked to spaces (keeping a full stop that ends the sentence), so "Lopez (D-Calif.) said" reads
    as "Lopez said"."""
    chars = list(text)
    for label in PARTY_LABEL.finditer(text):
        chars[label.start() : label.end()] = " " * (label.end() - label.start())
        if text[label.end() - 1] == "." and re.match(r"\s+[A-Z\"“«‘]|\s*$", text[label.end() : label.end() + 2]):
            chars[label.end() - 1] = "."  # "said Rep. Tom Hall, R-N.Y. The vote …"
    for span in spans:
        for a, b in span.segments:
            for i in range(a, b):
                if chars[i] != "\n":
                    chars[i] = "·"
            if text[b - 1] in ".?!":
                chars[b - 1] = text[b - 1]
    return "".join(chars)


def _sentence_starts(masked, paragraphs):
    starts = {start for start, _ in paragraphs}
    for match in re.finditer(r"[.?!][\"”»’')]*\s+(?=[\"“«‘(\[]?[A-Z0-9·])", masked):
        if _is_abbreviation(masked[max(0, match.start() - 20) : match.start() + 1].split()[-1].lstrip('"“«(')):
            continue
        starts.add(match.end())
    return sorted(starts)


# People and organisations.


@dataclass
class _Entity:
    name: str
    slug: str | None
    is_person: bool = True
    roles: set = field(default_factory=set)
    title: str = ""


@dataclass
class _Mention:
    start: int
    end: int
    kind: str  # "name", "role", "document" ("the statement") or "pronoun"
    entity: _Entity | None
    possessive: bool = False


class _SpeakerIndex:
    """Known speakers by every name they go by, as tuples of normalised words."""

    def __init__(self, known_speakers):
        self.by_words, self.by_role, self.by_organisation = {}, {}, {}
        self.longest = 1
        for speaker in known_speakers:
            entity = _Entity(speaker.name, speaker.slug, not speaker.is_organisation)
            names = [speaker.name, *speaker.aliases]
            name_words = _words(speaker.name)
            if entity.is_person and len(name_words) >= 2:
                names += [" ".join(name_words[1:]), name_words[-1]]  # "de Blasio", "Blasio"
            for name in names:
                words = _normal(_words(name))
                if words:
                    self.by_words.setdefault(words, []).append(entity)
                    self.longest = max(self.longest, len(words))
            for word in _normal(_words(f"{speaker.title} {' '.join(speaker.aliases)}")):
                if word in ROLE_NOUNS:
                    entity.roles.add(word)
                    self.by_role.setdefault(word, []).append(entity)
            # A person's organisation, by name and initials: "the SBA president" (Sergeants Benevolent Association).
            organisation = [word for word in _words(speaker.organisation) if word[0].isupper()]
            for words in {_normal(organisation), (_normal_word("".join(word[0] for word in organisation)),)}:
                if entity.is_person and words and words[0]:
                    self.by_organisation.setdefault(words, []).append(entity)

    def lookup(self, words):
        entities = self.by_words.get(_normal(words), [])
        unique = {entity.slug: entity for entity in entities}
        return next(iter(unique.values())) if len(unique) == 1 else None

    def at_organisation(self, words, role):
        """The one known person at the organisation named by `words` who holds `role`."""
        entities = {e.slug: e for e in self.by_organisation.get(_normal(words), []) if role in e.roles}
        return next(iter(entities.values())) if len(entities) == 1 else None

    def by_role_noun(self, role):
        entities = {entity.slug: entity for entity in self.by_role.get(role, [])}
        return next(iter(entities.values())) if len(entities) == 1 else None


class _Article:
    def __init__(self, text, known_speakers):
        self.text = text
        self.index = _SpeakerIndex(known_speakers)
        self.paragraphs = _paragraphs(text)
        spans = _quote_spans(text, self.paragraphs)
        self.masked = _mask(text, spans)
        blocks = _block_spans(text, self.paragraphs, self.masked, spans)
        spans = [span for span in spans if not _within(span, blocks)] + blocks  # quotes inside a block are its own
        self.spans = sorted(spans, key=lambda span: span.segments[0][0])
        self.masked = _mask(text, self.spans)
        self.sentences = _sentence_starts(self.masked, self.paragraphs)
        self.paragraph_starts = [start for start, _ in self.paragraphs]
        self.entities = {}
        self.mentions = self._find_mentions()
        self.mention_starts = [mention.start for mention in self.mentions]

    # Where things are.

    def paragraph(self, position):
        i = bisect_right(self.paragraph_starts, position) - 1
        return self.paragraphs[max(i, 0)]

    def near(self, position):
        """(start, end) of the paragraph holding `position`, no further than REACH from it."""
        start, end = self.paragraph(position)
        return max(start, position - REACH), min(end, position + REACH)

    def sentence(self, position):
        """(start, end) of the sentence holding `position`, within its paragraph and REACH."""
        i = bisect_right(self.sentences, position) - 1
        start = self.sentences[max(i, 0)]
        end = self.sentences[i + 1] if i + 1 < len(self.sentences) else len(self.text)
        paragraph_start, paragraph_end = self.near(position)
        return max(start, paragraph_start), min(end, paragraph_end)

    def mentions_between(self, start, end):
        i = bisect_right(self.mention_starts, start - 1)
        result = []
        while i < len(self.mentions) and self.mentions[i].start < end:
            if self.mentions[i].end <= end:
                result.append(self.mentions[i])
            i += 1
        return result

    def mention_at(self, position):
        i = bisect_right(self.mention_starts, position) - 1
        if i >= 0 and self.mentions[i].start == position:
            return self.mentions[i]
        return None

    # Finding mentions, in reading order, so that later references resolve to earlier names.

    def _find_mentions(self):
        tokens = []
        for match in WORD.finditer(self.masked):
            word, end = match.group(), match.end()
            if word.endswith(".") and not _is_abbreviation(word):
                word, end = word[:-1], end - 1  # the full stop ends the sentence, not the name
            tokens.append((match.start(), end, word))
        mentions, i = [], 0
        while i < len(tokens):
            mention, i = self._mention_at_token(tokens, i)
            if mention:
                mentions.append(mention)
        return mentions

    def _contiguous(self, tokens, i, j):
        """Whether tokens i..j-1 stand next to each other in one sentence, separated by spaces only."""
        return all(self._joined(tokens[k], tokens[k + 1]) for k in range(i, j - 1))

    def _joined(self, token, following):
        return self.masked[token[1] : following[0]].strip(" \t") == ""

    def _mention_at_token(self, tokens, i):
        start, end, word = tokens[i]
        lower = word.casefold()
        if lower in PRONOUNS:
            return _Mention(start, end, "pronoun", None), i + 1
        if lower in {"the", "a", "an"}:
            mention, j = self._role_mention(tokens, i)
            if mention:
                return mention, j
            return None, i + 1
        if lower in ROLE_NICKNAMES:
            entity = self._entity_with_role(ROLE_NICKNAMES[lower])
            return (_Mention(start, end, "role", entity) if entity else None), i + 1
        if word[0].isupper() or (lower in NAME_PARTICLES and i + 1 < len(tokens) and tokens[i + 1][2][0].isupper()):
            return self._name_mention(tokens, i)
        return None, i + 1

    def _known_at(self, tokens, i, limit):
        """The longest known name starting at token i (not past `limit`): (entity, end token) or (None, i)."""
        for n in range(min(self.index.longest, limit - i), 0, -1):
            if not self._contiguous(tokens, i, i + n):
                continue
            words = [token[2] for token in tokens[i : i + n]]
            if words[0][0].islower() and words[0].casefold() not in {"the", "a", "an"} | NAME_PARTICLES:
                continue
            entity = self.index.lookup(words)
            if entity:
                return self._remember(entity), i + n
        return None, i

    def _remember(self, entity):
        key = entity.slug or entity.name.casefold()
        if key not in self.entities:
            self.entities[key] = _Entity(entity.name, entity.slug, entity.is_person, set(entity.roles), entity.title)
        return self.entities[key]

    def _role_mention(self, tokens, i):
        """'the mayor', 'a DOJ spokesperson', 'a spokesperson for the Justice Department'."""
        entity, j = self._known_at(tokens, i, len(tokens))
        if entity:
            return _Mention(tokens[i][0], tokens[j - 1][1], "role", entity), j
        if i + 1 < len(tokens) and _normal_word(tokens[i + 1][2]) in DOCUMENTS and self._contiguous(tokens, i, i + 2):
            return _Mention(tokens[i][0], tokens[i + 1][1], "document", None), i + 2  # "the statement said"
        organisation = self._organisation_named(tokens, i)
        if organisation:
            return organisation, i + 2
        for j in range(i + 1, min(i + 5, len(tokens))):
            if not self._contiguous(tokens, i, j + 1):
                break
            role = _normal_word(tokens[j][2])
            if role in ROLE_NOUNS:
                modifiers = tokens[i + 1 : j]
                return self._resolve_role(tokens, i, j, role, modifiers)
            if tokens[j][2].casefold() in FUNCTION_WORDS:
                break
        return None, i + 1

    def _organisation_named(self, tokens, i):
        """'the department': the latest organisation this article named with that noun (the Justice Department)."""
        if i + 1 >= len(tokens) or tokens[i][2].casefold() != "the" or not self._contiguous(tokens, i, i + 2):
            return None
        noun = _normal_word(tokens[i + 1][2])
        if noun not in ORGANISATION_NOUNS:
            return None
        for entity in islice(reversed(self.entities.values()), RECENT_ENTITIES):
            if not entity.is_person and noun in _normal(_words(entity.name)):
                possessive = bool(re.search(rf"{POSSESSIVE}$", tokens[i + 1][2]))  # "the department's words"
                return _Mention(tokens[i][0], tokens[i + 1][1], "role", entity, possessive)
        return None

    def _resolve_role(self, tokens, i, j, role, modifiers):
        start, end = tokens[i][0], tokens[j][1]
        # The organisation a spokesperson speaks for: "a DOJ spokesperson", "a spokesperson for the DOJ".
        organisation = [token for token in modifiers if token[2][0].isupper()]
        after = self.masked[end : end + 100]
        follows = re.match(rf"\s+(?:for|at|of)\s+(?:the\s+)?((?:[A-Z][\w.&{APOSTROPHES}-]*\s?)+)", after)
        if follows and not organisation:
            organisation = [(end, end, follows.group(1).strip())]
        entity = None
        words = [w for token in organisation for w in _words(token[2])]
        if role in SPEAKS_FOR_ORGANISATION and words:
            entity = self.index.lookup(words) or self.index.lookup(["the", *words])
            entity = self._remember(entity or _Entity(" ".join(words), None, is_person=False))
        elif words and self.index.at_organisation(words, role):
            entity = self._remember(self.index.at_organisation(words, role))  # "the SBA president"
        if entity is None:
            entity = self._entity_with_role(role)
        if entity is None and role in SPEAKS_FOR_ORGANISATION - {"official", "aide"}:
            entity = self._organisation_spoken_for([_normal_word(token[2]) for token in modifiers])
        # Otherwise a title alone ("the governor", "the Ohio governor") names nobody the story printed.
        return _Mention(start, end, "role", entity), j + 1

    def _organisation_spoken_for(self, modifiers):
        """'a spokesperson' with no organisation printed speaks for the latest one the story named; 'a union
        spokesperson' for the latest one named with that noun (the Transit Workers Union)."""
        nouns = [word for word in modifiers if word in ORGANISATION_NOUNS]
        for entity in islice(reversed(self.entities.values()), RECENT_ENTITIES):
            if not entity.is_person and all(noun in _normal(_words(entity.name)) for noun in nouns):
                return entity
        return None

    def _entity_with_role(self, role):
        """The latest person this article gave the title, else the one known speaker with that role."""
        for entity in islice(reversed(self.entities.values()), RECENT_ENTITIES):
            if role in entity.roles:
                return entity
        known = self.index.by_role_noun(role)
        return self._remember(known) if known else None

    def _name_mention(self, tokens, i):
        """A run of capitalised words: an optional title, then a name (known, or new if it looks like one)."""
        j = i + 1
        while j < min(len(tokens), i + MAX_NAME_WORDS) and self._contiguous(tokens, j - 1, j + 1):
            word, following = tokens[j][2], tokens[j + 1][2] if j + 1 < len(tokens) else ""
            joins = (word in NAME_PARTICLES or word == "of") and following[:1].isupper()
            if not (word[0].isupper() or joins) or _normal_word(word) in WEEKDAYS:
                break
            j += 1
        for k in range(i, j):
            entity, end = self._known_at(tokens, k, j)
            if entity:
                return self._name(tokens, i, k, end, entity), end
        first = i
        while first < j and (
            tokens[first][2].casefold() in NOT_NAME_STARTS or _normal_word(tokens[first][2]) in WEEKDAYS
        ):
            first += 1
        words = [token[2] for token in tokens[first:j]]
        if not words:
            return None, j
        titles = [k for k, word in enumerate(words) if _normal_word(word) in TITLE_WORDS]
        if not titles and (DEMONYM.fullmatch(words[-1]) or all(_is_state(word) for word in words)):
            return None, j  # "Floridians", "S.C.": a crowd or a place
        if not titles and (_normal_word(words[-1]) in PLACE_WORDS or self._is_place(tokens[first][0])):
            return None, j  # "in New York City", "a Kings County jury": a place, not a speaker
        if titles:
            name_from = titles[-1] + 1
        elif (
            self._after_the(tokens[first][0])
            and len(words) <= 3
            or len(words) == 1
            and words[0].isupper()
            or _normal_word(words[-1]) in ORGANISATION_NOUNS | CORPORATE_SUFFIXES
        ):
            # "the Justice Department", "NYPD", "Acme Corp.", "Transit Workers Union": an organisation
            name = re.sub(rf"{POSSESSIVE}$", "", " ".join(words))  # "the Port Authority's letter"
            entity = self._remember(self.entities.get(name.casefold()) or _Entity(name, None, is_person=False))
            return self._name(tokens, first, first, j, entity), j
        else:
            name_from = max(0, len(words) - 2)
            if name_from and re.fullmatch(r"[A-Z]\.", words[name_from]):
                name_from -= 1  # "Devin M. O'Malley"
            first, words, name_from = first + name_from, words[name_from:], 0  # "Southern District Preet Bharara"
        name_words = words[name_from:]
        if not name_words:
            return None, j
        entity = self._entity_by_surname(name_words)
        if entity is None and (len(name_words) >= 2 or titles or self._speaks(tokens, first, j)):
            entity = self._remember(_Entity(re.sub(rf"{POSSESSIVE}$", "", " ".join(name_words)), None))
        if entity is None:
            return None, j
        return self._name(tokens, first, first + name_from, j, entity), j

    def _speaks(self, tokens, first, end):
        """Whether a lone capitalised word is the subject or object of a speech verb: 'Smith said', 'said Smith'."""
        last_end = tokens[end - 1][1]
        after = re.match(rf"(?:,[^,.\n]{{1,80}},)?\s*({APOSTROPHE_WORD})", self.masked[last_end : last_end + 90])
        before = self.masked[max(0, tokens[first][0] - 20) : tokens[first][0]].split()
        return bool(after and after.group(1).casefold() in SPEECH_VERBS) or (
            bool(before) and before[-1].casefold() in SPEECH_VERBS and first > 0
        )

    def _is_place(self, position):
        """A run of capitalised words after "in" is a place: "in Springfield", "In Leeds East, …"."""
        return self._word_before(position) == "in"

    def _after_the(self, position):
        return self._word_before(position) == "the"

    def _word_before(self, position):
        """The word before `position` in its paragraph (a headline's last word does not modify the story's first)."""
        before = self.masked[max(0, position - 10) : position].rsplit("\n", 1)[-1].casefold().split()
        return before[-1] if before else ""

    def _entity_by_surname(self, name_words):
        words = _normal(name_words)
        for entity in islice(reversed(self.entities.values()), RECENT_ENTITIES):
            if entity.is_person and _normal(_words(entity.name))[-len(words) :] == words:
                return entity
        return None

    def _name(self, tokens, first, name_start, end, entity):
        title_words = [token[2] for token in tokens[first:name_start]]
        if not {_normal_word(word) for word in title_words} & TITLE_WORDS:
            first, title_words = name_start, []  # "(the) Southern District Preet Bharara": no title
        title = " ".join(title_words)
        roles = {ROLE_ABBREVIATIONS.get(word, word) for word in map(_normal_word, title_words)}
        entity.roles |= roles & ROLE_NOUNS
        entity.title = entity.title or title
        last_end = tokens[end - 1][1]
        possessive = bool(
            re.search(rf"{POSSESSIVE}$", tokens[end - 1][2]) or re.match(POSSESSIVE, self.masked[last_end:])
        )
        return _Mention(tokens[first][0], last_end, "name", entity, possessive)

    # Roles of a mention in its sentence.

    def followed_by_verb(self, mention, speech_only=False):
        """Whether a verb follows the mention, as its subject: 'O'Neill told', 'Ed Mullins, …, released'."""
        if mention.possessive:
            return False
        after = self.masked[mention.end : mention.end + 200]
        appositive = re.match(r",[^,.;:!?\"“”\n]{1,80},", after)  # "Ed Mullins, the union's head, said"
        if appositive:
            after = after[appositive.end() :]
        elif mention.kind == "document" and (author := DOCUMENT_AUTHOR.match(after)):
            after = after[author.end() :]  # "the letter from the union said"
        for word in re.findall(rf"{APOSTROPHE_WORD}|[^\w\s]", after)[:5]:
            word = word.casefold()
            if word in AUXILIARIES or (word.endswith("ly") and word not in SPEECH_VERBS):
                continue  # "also", "has repeatedly"
            return word in SPEECH_VERBS or (not speech_only and _looks_like_a_verb(word))
        return False

    def is_object(self, mention, before_mention=None):
        """Whether the mention follows a preposition ('responded to Trump'), or a conjunction after one."""
        words = self.masked[max(0, mention.start - 40) : mention.start].casefold().split()
        if words and words[-1] in DETERMINERS:
            words.pop()  # "through the City Council"
        word = words[-1] if words else ""
        if word in SPEECH_VERBS and len(words) > 1 and words[-2][-1] in ',"”»':
            return False  # '"…," said Melissa Mark-Viverito, who …': the inverted speaker
        if word in PREPOSITIONS or _looks_like_a_verb(word) or word.endswith("ing"):
            return True  # "responded to Trump", "invited the attorney general"
        return word in {"and", "or", "both"} and before_mention is not None

    # Attribution.

    def proposals(self):
        proposals = []
        for span in self.spans:
            speaker, reason, confidence = self.attribute(span, proposals)
            proposals.append(self._proposal(span, speaker, reason, confidence))
        headline_end = self.paragraphs[0][1] if self.paragraphs and len(self.paragraphs) > 1 else 0
        if headline_end > HEADLINE_LENGTH:
            return proposals  # the story begins without a headline
        for k, span in enumerate(self.spans):
            if span.opening >= headline_end:
                break
            if proposals[k].speaker is None and not self.is_scare_quote(span):
                found = self.headline_attribution(proposals[k], proposals[k + 1 :], headline_end)
                if found:
                    proposals[k] = self._proposal(span, *found)
        return proposals

    def headline_attribution(self, proposal, proposals, headline_end):
        """A headline's quotation its own line leaves unattributed: the speaker of a quotation in the story with
        the same words (case aside, either inside the other), else the story's first speaker if the headline
        names them. (entity, reason, confidence) or None."""
        words = _quoted_words(proposal.text)
        body = [p for p in proposals if p.start >= headline_end and p.speaker]
        for other in body:
            other_words = _quoted_words(other.text)
            if min(len(words), len(other_words)) >= 2 and (
                contains_run(other_words, words) or contains_run(words, other_words)
            ):
                return self._entity_of(other), "headline words the story quotes again from its speaker", 0.7
        headline = {_normal_word(word) for word in _words(self.text[:headline_end])}
        if body and _normal(_words(body[0].speaker))[-1] in headline:
            return self._entity_of(body[0]), "headline naming the story's first speaker", 0.6
        return None

    def _entity_of(self, proposal):
        return _Entity(proposal.speaker, proposal.speaker_slug, title=proposal.speaker_title)

    def _proposal(self, span, entity, reason, confidence):
        pieces = [self.text[a:b] for a, b in span.segments]
        if not span.closed:
            confidence -= 0.2
            reason += "; the closing quote mark is missing"
        return Proposal(
            text="\n".join(pieces),
            start=span.segments[0][0],
            end=span.segments[-1][1],
            extent=FULL if span.format == BLOCK else self.extent(span),
            speaker=entity.name if entity else None,
            speaker_slug=entity.slug if entity else None,
            speaker_title=entity.title if entity else "",
            confidence=round(max(0.05, min(confidence, 1.0)), 2),
            reason=reason,
            segments=span.segments,
            format=span.format,
        )

    def attribute(self, span, earlier):
        """(entity, reason, confidence) for a quotation; entity None for scare quotes and unattributed words."""
        if span.format == BLOCK:
            intro_start, intro_end = self.paragraph(span.opening - 1)
            entity = self.subject_before(intro_end, intro_start)
            return entity, "block quotation after an introduction naming its author", 0.7 if entity else 0.4
        if self.is_programme_title(span):
            return None, "a programme's title, not speech", 0.5
        entity = self.speaker_after(span)
        if entity:
            return entity, "speaker and speech verb right after the quotation", 0.95
        if self.is_scare_quote(span):
            return None, "words quoted as words (scare quote or title), not as speech", 0.5
        sentence_start, sentence_end = self.sentence(span.opening)
        entity = self.claim_before(span.opening, sentence_start)
        if entity:
            return entity, "words of a statement or claim named before the quotation", 0.8
        entity = self.subject_before(span.opening, sentence_start)
        if entity:
            return entity, "subject of the speech verb before the quotation", 0.85
        entity = self.named_before_colon(span.opening, sentence_start)
        if entity:
            return entity, "speaker named before a colon (headline style)", 0.8
        entity = self.subject_later(span.closing, self.sentence(span.closing - 1)[1])
        if entity:
            return entity, "speaker and speech verb later in the sentence", 0.75
        if self.stands_alone(span, sentence_start):
            entity = self.speaker_of_paragraph(span, earlier)
            if entity:
                return entity, "continues the speaker of the paragraph", 0.6
            paragraph_start = self.paragraph(span.opening)[0]
            intro_start, intro_end = self.paragraph(paragraph_start - 1)
            if intro_end < paragraph_start and self.masked[intro_start:intro_end].rstrip().endswith(":"):
                entity = self.subject_before(intro_end, intro_start)  # "… released a statement:" ¶ "…"
                if entity:
                    return entity, "introduced by the paragraph before", 0.7
        if self.is_short(span):
            return None, "short phrase nothing attributes (scare quote)", 0.5
        return None, "no attribution found", 0.3

    def speaker_after(self, span):
        """'…," de Blasio said' / '…," said the mayor' / '…," according to X' / '…," he added'."""
        after = self.masked[span.closing : self.near(span.closing)[1]]
        lead = re.match(r"[\s,—–-]*", after).end()
        mention = self.mention_at(span.closing + lead)
        if mention and self.followed_by_verb(mention, speech_only=True):
            return self.resolve(mention)
        verb = re.match(r"[\s,—–-]*(?:according\s+to|(\w+))\s+", after)
        # '…," said X' inverts the speaker; '…," challenging X' is a participle clause and X its object.
        word = verb.group(1).casefold() if verb and verb.group(1) else ""
        if verb and (not word or (word in SPEECH_VERBS and not word.endswith("ing"))):
            mention = self.mention_at(span.closing + verb.end())
            if mention and not mention.possessive:
                return self.resolve(mention)
            if not word:  # '…," according to a Justice Department statement': the document's author
                return self.author_before_document(span.closing + verb.end())
        return None

    def author_before_document(self, position):
        """The author in 'a Justice Department statement' / 'the mayor's letter' starting at `position`."""
        article = re.match(r"(?:a|an|the)\s+", self.masked[position : position + 5], re.IGNORECASE)
        mention = self.mention_at(position) or (article and self.mention_at(position + article.end()))
        if not mention:
            return None
        document = rf"(?:{POSSESSIVE})?\s+(?:[\w-]+\s+)?{DOCUMENT_NOUNS}\b"
        return self.resolve(mention) if re.match(document, self.masked[mention.end : mention.end + 60]) else None

    def subject_before(self, position, sentence_start):
        """The subject of the last speech verb between the sentence start and `position`."""
        sentence_start = max(sentence_start, position - 400)  # an attribution stands close to its quotation
        before = self.masked[sentence_start:position]
        according = re.search(r"according\s+to\s+$|according\s+to\s+(.+?),?\s*$", before, re.IGNORECASE)
        if according and according.group(1):
            mentions = self.mentions_between(sentence_start + according.start(1), position)
            if mentions:
                return self.resolve(mentions[0])
        verbs = [m for m in re.finditer(APOSTROPHE_WORD, before) if m.group().casefold() in SPEECH_VERBS]
        if not verbs:
            return None
        verb_at = sentence_start + verbs[-1].start()
        inverted = re.match(r",\s+\w+\s+", self.masked[verb_at - 2 : verb_at + 40])
        mention = inverted and self.mention_at(verb_at - 2 + inverted.end())
        if mention and mention.kind != "document" and self.masked[mention.end : mention.end + 1] == ",":
            return self.resolve(mention)  # "…, said Scott, and "…"": the inverted subject
        candidates = self.mentions_between(sentence_start, verb_at)
        for k, mention in enumerate(candidates):
            # "Bharara, the former U.S. attorney, whom Mr. Trump fired last month, wrote": the names inside the
            # appositives and relative clauses are not the subject; the first name before them is.
            if mention.possessive or self.is_object(mention, candidates[k - 1] if k else None):
                continue
            if SUBJECT_BEFORE_INSERTIONS.fullmatch(self.masked, mention.end, verb_at):
                return self.resolve(mention)
        if SHARED_SUBJECT.search(self.masked, sentence_start, verb_at):
            # "She read out the names of the victims, among them …, and said": the verb shares the sentence's
            # subject, not the last name listed before it.
            subjects = [
                mention
                for k, mention in enumerate(candidates)
                if not mention.possessive and not self.is_object(mention, candidates[k - 1] if k else None)
            ]
            if subjects:  # the first one a verb follows, else the first one
                return self.resolve(([m for m in subjects if self.followed_by_verb(m)] or subjects)[0])
        for k in range(len(candidates) - 1, -1, -1):
            mention = candidates[k]
            gap = self.masked[mention.end : verb_at]
            if re.fullmatch(rf"(?:{POSSESSIVE})?\s+{DOCUMENT_NOUNS}\s+(?:that\s+|which\s+)?(?:\w+ly\s+)?", gap):
                return self.resolve(mention)  # "the Justice Department's statement called it …"
            if mention.possessive or self.is_object(mention, candidates[k - 1] if k else None):
                continue
            if k and mention.kind == "role" and self.is_appositive_of(mention, candidates[k - 1]):
                return self.resolve(candidates[k - 1])  # "Smith, the union head, said"
            return self.resolve(mention)
        return None

    def named_before_colon(self, position, sentence_start):
        """'De Blasio: "…"', 'Mayor: ‘…’': a headline's speaker is all that stands before the colon."""
        label = re.fullmatch(r"\s*(\S.*?)\s*:\s*", self.masked[sentence_start:position])
        if not label:
            return None
        start, end = sentence_start + label.start(1), sentence_start + label.end(1)
        mentions = self.mentions_between(start, end)
        if len(mentions) == 1 and (mentions[0].start, mentions[0].end) == (start, end):
            return self.resolve(mentions[0])
        role = _normal_word(label.group(1))
        return self._entity_with_role(role) if role in ROLE_NOUNS else None

    def is_appositive_of(self, role, name):
        between = self.masked[name.end : role.start].strip()
        return name.kind == "name" and between == "," and self.masked[role.end : role.end + 1] == ","

    def claim_before(self, position, sentence_start):
        """'the Justice Department's claim that the city is "…"': the words belong to the claim's author."""
        before = self.masked[max(sentence_start, position - 200) : position]
        claim = re.search(rf"(?:{POSSESSIVE})?\s+{DOCUMENT_NOUNS}\s+that\b[^\"“”]{{0,80}}$", before)
        if not claim:
            return None
        mention = self.mention_at_end(position - len(before) + claim.start())
        return self.resolve(mention) if mention else None

    def mention_at_end(self, position):
        """The mention ending at `position`, its possessive 's included or not."""
        i = bisect_right(self.mention_starts, position) - 1
        if i >= 0 and position <= self.mentions[i].end <= position + 2:
            return self.mentions[i]
        return None

    def subject_later(self, position, sentence_end):
        for mention in self.mentions_between(position, sentence_end):
            if not self.is_object(mention) and self.followed_by_verb(mention, speech_only=True):
                return self.resolve(mention)
        return None

    def speaker_of_paragraph(self, span, earlier):
        """A quotation standing as its own sentence continues its paragraph's speaker."""
        paragraph_start, _ = self.near(span.opening)
        for proposal in reversed(earlier):
            if proposal.start < paragraph_start:
                break
            if proposal.speaker:
                return self._remember(_Entity(proposal.speaker, proposal.speaker_slug, title=proposal.speaker_title))
        for mention in reversed(self.mentions_between(paragraph_start, span.opening)):
            if not self.is_object(mention) and self.followed_by_verb(mention):
                return self.resolve(mention)
        return None

    def resolve(self, mention):
        """The entity a mention stands for; a pronoun stands for the last person (or organisation) subject."""
        if mention.kind == "document":
            return self.author_of_document(mention)
        entity = mention.entity if mention.kind != "pronoun" else self.antecedent(mention)
        return self.full_name(entity, mention.start)

    def full_name(self, entity, position):
        """A person named by surname alone ("Scott", "Gov. Scott") is the latest full name before `position`
        ending with it, else the first one after it (a headline names by surname, the story in full)."""
        if entity is None or not entity.is_person or len(_words(entity.name)) != 1:
            return entity
        surname = _normal(_words(entity.name))
        i = bisect_right(self.mention_starts, position)
        before = reversed(self.mentions[max(0, i - RECENT_ENTITIES) : i])
        for mention in [*before, *self.mentions[i : i + RECENT_ENTITIES]]:
            other = mention.entity
            if other is not None and other.is_person and other is not entity:
                words = _normal(_words(other.name))
                if len(words) > 1 and words[-1:] == surname:
                    return other
        return entity

    def antecedent(self, pronoun):
        """What 'he', 'she' or 'they' refers back to: the nearest sentence naming someone, and in it the subject
        (the first named before a verb, or not as an object), else the last one named: 'Lopez runs the shelter.
        Donations fell. "…," she said' is Lopez's, and so is 'The shelter is run by Lopez. "…," she said'."""
        wants_person = self.text[pronoun.start : pronoun.end].casefold() in {"he", "she"}
        i = bisect_right(self.mention_starts, pronoun.start - 1) - 1
        sentence, named = None, []
        for earlier in reversed(self.mentions[max(0, i - RECENT_ENTITIES) : i + 1]):
            if earlier.kind == "pronoun" or not earlier.entity or earlier.possessive:
                continue
            if wants_person and not earlier.entity.is_person:
                continue
            start = self.sentence(earlier.start)[0]
            if named and start != sentence:
                break
            sentence = start
            named.insert(0, earlier)
        for k, earlier in enumerate(named):
            if self.followed_by_verb(earlier) or not self.is_object(earlier, named[k - 1] if k else None):
                return earlier.entity
        return named[-1].entity if named else None

    def author_of_document(self, mention):
        """'the statement said': the one it says it is from ("the letter from the union", "a letter signed by Ana
        Ruiz"), else whoever the story last said issued one, else the last organisation named."""
        source = self.document_author(mention)
        if source and source[0] == "from":
            return source[1]
        i = bisect_right(self.mention_starts, mention.start - 1) - 1
        latest_organisation = None
        for earlier in islice(reversed(self.mentions[max(0, i - RECENT_ENTITIES) : i + 1]), RECENT_ENTITIES):
            if earlier.kind in {"pronoun", "document"} or earlier.entity is None:
                continue
            if re.match(
                rf"(?:{POSSESSIVE})?\s+(?:\w+\s+){{0,4}}?(?:a\s+)?{DOCUMENT_NOUNS}",
                self.masked[earlier.end : earlier.end + 60],
            ):
                return earlier.entity  # "X released a statement", "X's letter"
            if latest_organisation is None and not earlier.entity.is_person:
                latest_organisation = earlier.entity
        return latest_organisation or (source and source[1])

    def document_author(self, mention):
        """("from", entity) for "the letter from the union", ("signed", entity) for "a letter signed by X"."""
        author = DOCUMENT_AUTHOR.match(self.masked, mention.end)
        named = author and self.mentions_between(author.start("author"), author.end("author") + 1)
        if not named or named[0].kind == "pronoun" or named[0].entity is None:
            return None
        return "from" if author.group("verb") in {None, "issued", "sent", "released"} else "signed", named[0].entity

    # What kind of quotation.

    def stands_alone(self, span, sentence_start):
        """Whether the quotation is a sentence of its own: '… said. "New Yorkers deserve better."'."""
        words = self.text[span.segments[0][0] : span.segments[-1][1]]
        return (
            self.masked[sentence_start : span.opening].strip() == ""
            and words[:1].isupper()
            and words.rstrip(APOSTROPHES)[-1:] in ".?!,"
        )

    def is_title_case(self, span):
        words = self.text[span.segments[0][0] : span.segments[-1][1]]
        return all(word[0].isupper() for word in _words(words) if len(word) > 3) and words[:1].isupper()

    def is_programme_title(self, span):
        """Short title-case words after "on", "of the" or "told": 'told viewers of the "Today Show"'."""
        before = self.masked[self.near(span.opening)[0] : span.opening]
        return self.is_short(span) and self.is_title_case(span) and bool(PROGRAMME_CUES.search(before[-60:]))

    def is_short(self, span):
        return len(_words(self.text[span.segments[0][0] : span.segments[-1][1]])) <= SHORT_QUOTE_WORDS

    def is_scare_quote(self, span):
        """Short words quoted as words: 'so-called "X"', 'the "X" language', 'the book "X"'."""
        if not self.is_short(span):
            return False
        before = self.masked[self.near(span.opening)[0] : span.opening]
        if MENTION_CUES.search(before[-60:]) and not OWNED_WORDS.search(before[-60:]):
            return True
        if self.is_title_case(span) and WORK_NOUNS.search(before[-60:]):
            return True
        # Used as a modifier: the "soft on crime" language, the city's "sanctuary" policy.
        after = re.match(rf"\s+([a-z][\w{APOSTROPHES}-]*)", self.masked[span.closing : span.closing + 40])
        previous = before.rstrip().rsplit(None, 1)[-1].casefold() if before.strip() else ""
        return bool(
            after
            and after.group(1) not in FUNCTION_WORDS
            and after.group(1) not in SPEECH_VERBS
            and (previous in DETERMINERS or re.search(rf"{POSSESSIVE}$", previous))
        )

    def extent(self, span):
        """Full when the quotation stands on its own; a fragment when it is part of the reporter's sentence."""
        before = self.masked[self.near(span.opening)[0] : span.opening].rstrip()
        if before and before[-1].isalnum():
            last = before.rsplit(None, 1)[-1].casefold()
            starts_capital = self.text[span.segments[0][0]].isupper()
            return FULL if last in SPEECH_VERBS and starts_capital else FRAGMENT
        after = self.masked[span.closing : span.closing + 40]
        inner_end = self.text[span.segments[-1][1] - 1]
        continues = re.match(rf"\s+([a-z][\w{APOSTROPHES}-]*)", after)
        if inner_end not in ",.?!—" and continues and continues.group(1) not in PRONOUNS | SPEECH_VERBS:
            return FRAGMENT  # "Soft on crime" is how the department put it.
        return FULL


def _is_abbreviation(word):
    """'Sen.', 'U.S.', 'J.': a dot that does not end a sentence."""
    return word.casefold() in ABBREVIATIONS or bool(re.fullmatch(r"(?:[A-Z]\.)+", word))


def _quoted_words(text):
    return tuple(word.casefold() for word in re.findall(APOSTROPHE_WORD, straighten_apostrophes(text)))


def _is_state(word):
    return word.replace(".", "").casefold() in STATE_ABBREVIATIONS


def _looks_like_a_verb(word):
    irregular = {"said", "told", "wrote", "went", "spoke", "took", "held", "gave", "made", "came", "sent", "met"}
    return word.endswith("ed") or word in irregular

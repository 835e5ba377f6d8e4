import datetime
from collections import defaultdict
from itertools import islice

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Exists, Max, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Length
from django.db.models.lookups import LessThanOrEqual
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from publishing.models import Publishable, PublishableQuerySet, Status
from publishing.search import search_vector
from speakers.models import Speaker
from stories.models import Outlet, Story

from .fragments import text_fragment_url
from .locate import Grade, locate
from .utterances import is_short, matches

MAX_QUOTE_LENGTH = 10_000
BULK_BATCH = 500  # Quotes inserted, or read to propose their statements, per query.
CONTEXT_LENGTH = 32  # Characters of the story kept before and after the quote (W3C TextQuoteSelector prefix, suffix).


class QuoteQuerySet(PublishableQuerySet):
    def public(self):
        """Public quotes from public stories: a published quote in a draft story stays hidden."""
        return super().public().filter(story_public=True)

    def locate_in_story(self):
        """Locate these quotes again, after their story's URL or text changed. Returns the quotes.

        Those whose place or link changed are stamped updated, so that public pages showing them are rendered
        afresh (the locate_quotes command does the same)."""
        quotes, now = list(self.select_related("story")), timezone.now()
        for quote in quotes:
            before = [getattr(quote, name) for name in LOCATION_FIELDS]
            quote.locate_in_story()
            if before != [getattr(quote, name) for name in LOCATION_FIELDS]:
                quote.updated_at = now
        self.model.objects.bulk_update(quotes, [*LOCATION_FIELDS, "updated_at"], batch_size=1000)
        return quotes

    def create_validated(self, quotes):
        """Insert new quotes in bulk, as save() would one by one, less the statement proposals.

        Each quote must have passed full_clean(), which locates it in its story's text and stamps its publication
        dates; the story's publicity is copied here. Propose their statements afterwards, all at once
        (propose_utterances()). Returns the quotes, with their ids.
        """
        for quote in quotes:
            quote.story_public = quote.story.is_public
        return self.bulk_create(quotes, batch_size=BULK_BATCH)

    def propose_utterances(self):
        """Propose the statement of each of these quotes, as Quote.propose_utterance() does, BULK_BATCH at a time.

        Each speaker's quotes newest first, so that a quote is first compared with the quotes before it, as when
        it was saved: quotes created in bulk get the proposals they would have made one save at a time. (Only a
        speaker's own quotes are compared, so the order of speakers makes no difference; taking them one after
        another keeps a batch's candidates few.) Four queries a batch, however many quotes and candidates
        (CandidatePool). Yields (quotes examined, proposals recorded) so far after each batch.
        """
        ids = list(self.order_by("speaker_id", "-id").values_list("id", flat=True))
        examined = proposed = 0
        for start in range(0, len(ids), BULK_BATCH):
            batch = list(
                Quote.objects.filter(id__in=ids[start : start + BULK_BATCH])
                .select_related("story")
                .only("text", "speaker_id", "said_on", "occasion", "utterance_id", "story__published_on")
                .order_by("speaker_id", "-id")
            )
            UtteranceProposal.objects.filter(quote__in=batch, state=UtteranceProposal.State.PROPOSED).delete()
            pool = CandidatePool(batch)
            proposals = []
            for quote in batch:
                chosen = quote.best_proposals(pool.candidates(quote), quote.pk in pool.taken)
                pool.add(chosen)
                proposals += chosen
            UtteranceProposal.objects.bulk_create(proposals)
            examined, proposed = examined + len(batch), proposed + len(proposals)
            yield examined, proposed

    def accept_proposals(self, story, proposals):
        """Create extractor proposals (quotes/extract.py) as draft quotes of `story`, after its existing quotes.

        Skipped: a proposal whose words are already a quote of the story, one too long to be a quote, and one
        with no speaker. A proposal whose speaker is not known creates that speaker.
        Returns (quotes created, proposals skipped).
        """
        existing = {same_words(text) for text in story.quotes.values_list("text", flat=True)}
        position = story.quotes.aggregate(last=Max("position"))["last"] or 0
        speakers = Speaker.objects.in_bulk({p.speaker_slug for p in proposals if p.speaker_slug}, field_name="slug")
        created, skipped = [], 0
        for proposal in proposals:
            words = same_words(proposal.text)
            if words in existing or len(proposal.text) > MAX_QUOTE_LENGTH or not proposal.speaker:
                skipped += 1
                continue
            speaker_key = proposal.speaker_slug or proposal.speaker
            if speaker_key not in speakers:
                speakers[speaker_key] = Speaker.objects.create_from_name(proposal.speaker)
            position += 1
            created.append(
                self.create(
                    story=story,
                    speaker=speakers[speaker_key],
                    text=proposal.text,
                    extent=proposal.extent,
                    speaker_title=proposal.speaker_title[:300],
                    position=position,
                    status=Status.DRAFT,
                )
            )
            existing.add(words)
        return created, skipped


def same_words(text):
    """Quote text compared for duplicates: case, spacing and curly or straight marks aside."""
    return " ".join(text.casefold().replace("’", "'").replace("“", '"').replace("”", '"').split())


class Match(models.TextChoices):
    """How the quote was found in its story's text (quotes/locate.py says how each grade is decided)."""

    VERBATIM = Grade.VERBATIM, "Verbatim"
    TYPOGRAPHIC = Grade.TYPOGRAPHIC, "Typographic variant"
    CLOSE = Grade.CLOSE, "Close variant"
    NOT_FOUND = Grade.NOT_FOUND, "Not found"
    NO_TEXT = "no_text", "Story has no text to check against"


class Quote(Publishable):
    """What one outlet printed that a speaker said. Several outlets may print one utterance differently."""

    class Extent(models.TextChoices):
        FULL = "full", "Full quotation"
        FRAGMENT = "fragment", "Fragment inside the reporter's sentence"
        PARAPHRASE = "paraphrase", "Attributed paraphrase"

    class Medium(models.TextChoices):
        SPOKEN = "spoken", "Spoken"
        WRITTEN = "written", "Written statement"
        SOCIAL = "social", "Social-media post"
        INTERVIEW = "interview", "Interview"

    text = models.TextField(
        max_length=MAX_QUOTE_LENGTH,
        validators=[MaxLengthValidator(MAX_QUOTE_LENGTH)],
        help_text="Exactly as the story printed it, with its punctuation and curly quotes. "
        "For a paraphrase, the story's own words.",
    )
    story = models.ForeignKey(Story, on_delete=models.PROTECT, related_name="quotes", db_index=False)
    # The story's publicity, on the quote's own row, so that public quote queries (a search checks thousands of
    # matches) need no join to stories. save() copies it; a foreign key on (story, story_public) to the
    # story's (id, public) makes PostgreSQL update it when the story is published and refuse any copy that
    # disagrees (migration quotes 0006).
    story_public = models.BooleanField(
        "story is public", default=False, db_default=False, editable=False, help_text="Copied from the story."
    )
    speaker = models.ForeignKey(Speaker, on_delete=models.PROTECT, related_name="quotes", db_index=False)
    speaker_title = models.CharField(
        "title as printed", max_length=300, blank=True, help_text="The speaker's title as this story gave it."
    )
    extent = models.CharField(max_length=20, choices=Extent.choices, default=Extent.FULL)
    medium = models.CharField(max_length=20, choices=Medium.choices, default=Medium.SPOKEN)
    said_on = models.DateField(
        null=True, blank=True, help_text="When it was said. Leave empty if the story does not say."
    )
    said_when = models.CharField(
        "when, as the story puts it", max_length=200, blank=True, help_text="E.g. “earlier this year”."
    )
    occasion = models.CharField(max_length=300, blank=True, help_text="E.g. “press conference”, “radio interview”.")
    place = models.CharField(max_length=300, blank=True)
    reported_via = models.ForeignKey(
        Outlet,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
        help_text="The outlet this story credits for the quote (“Politico reported”), if any.",
    )
    position = models.PositiveIntegerField(
        "order in story", default=1, help_text="1 for the story's first quote, 2 for the next, and so on."
    )
    context = models.TextField(blank=True, help_text="A sentence of context, in the newsroom's words.")
    # Where the quote stands in its story's text, as a W3C TextPositionSelector (start, end: offsets in
    # Story.text) and TextQuoteSelector (prefix, exact = Story.text[start:end], suffix). Kept by save().
    source_start = models.PositiveIntegerField(null=True, blank=True, editable=False)
    source_end = models.PositiveIntegerField(null=True, blank=True, editable=False)
    source_prefix = models.CharField(max_length=64, blank=True, default="", db_default="", editable=False)
    source_suffix = models.CharField(max_length=64, blank=True, default="", db_default="", editable=False)
    source_match = models.CharField(
        "found in source",
        max_length=20,
        choices=Match.choices,
        default=Match.NO_TEXT,
        db_default=Match.NO_TEXT,
        editable=False,
    )
    source_match_score = models.FloatField(null=True, blank=True, editable=False)
    not_found_acknowledged = models.BooleanField(
        "publish although not found in source",
        default=False,
        db_default=False,
        help_text="The quote's words were not found in the story's text. Tick to confirm it may be published.",
    )
    # The story's URL with a text fragment that opens it at the quoted words: stored, so that exports
    # can be written by PostgreSQL alone.
    source_link = models.TextField(blank=True, default="", db_default="", editable=False)
    search = models.GeneratedField(
        expression=search_vector("text"), output_field=SearchVectorField(), db_persist=True, editable=False
    )
    utterance = models.ForeignKey(
        "Utterance",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="quotes",
        db_index=False,
        verbose_name="statement",
        help_text="The statement this quote reports, as an editor confirmed it; other outlets' versions of it "
        "are listed on the quote's page.",
    )

    objects = QuoteQuerySet.as_manager()

    class Meta(Publishable.Meta):
        ordering = ["story", "position"]
        constraints = [
            # Also the index behind a story's quotes in order (story page, admin inline).
            models.UniqueConstraint(fields=["story", "position"], name="quote_position_unique_in_story"),
            models.CheckConstraint(
                condition=Q(text__regex=r"\S") & Q(LessThanOrEqual(Length("text"), MAX_QUOTE_LENGTH)),
                name="quote_text_not_blank_max_10000",
            ),
            models.CheckConstraint(condition=Q(position__gte=1), name="quote_position_from_1"),
            *Publishable.publication_constraints("quote"),
        ]
        indexes = [
            # The speaker page and the quote list filtered by speaker: a speaker's quotes, newest first.
            models.Index(fields=["speaker", "-id"], name="quote_speaker_newest_idx"),
            # Full-text search on the quote list.
            GinIndex(fields=["search"], name="quote_search_idx"),
            # Deleting an outlet checks no quote credits it (PROTECT).
            models.Index(fields=["reported_via"], name="quote_reported_via_idx"),
            # propose_utterance(): a speaker's quotes said within a day of this one.
            models.Index(fields=["speaker", "said_on"], name="quote_speaker_said_on_idx"),
            # The quote page's other versions of its statement; the statement admin's quotes.
            models.Index(fields=["utterance"], name="quote_utterance_idx"),
        ]

    def __str__(self):
        words = self.text if len(self.text) <= 80 else self.text[:79] + "…"
        return f"{self.speaker.name}: “{words}”"

    def get_absolute_url(self):
        return reverse("quotes:detail", kwargs={"pk": self.pk, "slug": self.slug})

    @property
    def slug(self):
        return slugify(f"{self.speaker.name} {self.text}"[:80]) or "quote"

    def save(self, *args, **kwargs):
        self.locate_in_story()
        self.story_public = self.story.is_public
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, *LOCATION_FIELDS, "story_public"}
        super().save(*args, **kwargs)
        self.propose_utterance()

    def clean(self):
        if getattr(self, "story", None) is not None:  # a form without a story explains that on its own
            self.locate_in_story()  # the publication check needs the grade of the text as edited
        super().clean()

    def check_status_move(self):
        """A quote its story does not print is published only once an editor has acknowledged that."""
        super().check_status_move()
        if self.unacknowledged_not_found:
            raise ValidationError(
                {
                    "not_found_acknowledged": "These words were not found in the story's text. Check them against "
                    "the story, then tick “publish although not found in source” to publish the quote anyway."
                }
            )

    @property
    def unacknowledged_not_found(self):
        """Published, yet its words are not found in its story's text and no editor ticked that it may be: refused
        on publishing; after its story's text changed, listed for the editor (a text change unpublishes nothing)."""
        return (
            self.status == Status.PUBLISHED and self.source_match == Match.NOT_FOUND and not self.not_found_acknowledged
        )

    def locate_in_story(self):
        """Find the quote in its story's text and set the location fields and the deep link from where it is.

        The link is built from the words as the story prints them (curly quotes, spelling) and from their
        place, so that repeated words get the prefix or suffix of the right occurrence; a quote not found links
        with its words as typed. Without story text the grade is "no text" and there is no position.
        """
        story = self.story
        location = locate(self.text, story.text) if story.text.strip() else None
        if location is None or location.start is None:
            self.source_start = self.source_end = self.source_match_score = None
            self.source_prefix = self.source_suffix = ""
            self.source_match = Match.NO_TEXT if location is None else Match.NOT_FOUND
            self.source_link = text_fragment_url(story.url, self.text, story.text)
            return
        start, end = location.start, location.end
        self.source_start, self.source_end = start, end
        self.source_prefix = story.text[max(0, start - CONTEXT_LENGTH) : start]
        self.source_suffix = story.text[end : end + CONTEXT_LENGTH]
        self.source_match = Match(location.grade)
        self.source_match_score = location.score
        self.source_link = text_fragment_url(story.url, story.text[start:end], story.text, at=start)

    @property
    def day(self):
        """When it was said: its own date, else its story's (outlets date a statement by the day they print it)."""
        return self.said_on or self.story.published_on

    @property
    def source_exact(self):
        """The words as the story prints them (W3C TextQuoteSelector exact), or "" if not located."""
        if self.source_start is None:
            return ""
        return self.story.text[self.source_start : self.source_end]

    def propose_utterance(self):
        """Propose the statement this quote reports, for an editor to confirm or reject. Returns the proposals.

        Candidates: the speaker's other quotes said within a day (or, undated, printed in a story of that date)
        or of unknown date (neither they nor their story dated), at the same occasion when both name one; for a
        quote of unknown date (half of real pages show none), the speaker's MAX_CANDIDATES newest quotes of any
        date, at the same occasion when both name one: a date is a bound only where both are known. Quotes already
        paired with this one are left out (a rejected pair is never proposed again). One proposal per statement
        the matching candidates belong to (its best-matching version), and one per matching quote in no statement
        yet, best first, at most MAX_PROPOSALS: confirming them all joins every version. A quote already in a
        statement proposes nothing. Three queries, however many candidates.
        """
        UtteranceProposal.objects.filter(quote=self, state=UtteranceProposal.State.PROPOSED).delete()
        day = self.day
        if self.utterance_id is not None:
            return []
        paired = UtteranceProposal.objects.filter(
            Q(quote=self, partner=OuterRef("pk")) | Q(quote=OuterRef("pk"), partner=self)
        )
        if day is None:
            newest = Quote.objects.filter(speaker_id=self.speaker_id).order_by("-id").values("pk")
            when = Q(pk__in=newest[:MAX_CANDIDATES])
        else:
            days = (day - SAME_DAY, day + SAME_DAY)
            # Quotes of unknown date: neither they nor their story dated.
            undated = Q(said_on__isnull=True, story__published_on__isnull=True)
            when = Q(said_on__range=days) | Q(said_on__isnull=True, story__published_on__range=days) | undated
        candidates = (
            Quote.objects.filter(when, speaker_id=self.speaker_id).exclude(pk=self.pk).exclude(Exists(paired))
        ).order_by("-id")
        if self.occasion:
            candidates = candidates.filter(Q(occasion="") | Q(occasion__iexact=self.occasion))
        candidates = candidates.annotate(taken=UtteranceProposal.objects.taken(OuterRef("pk")))
        candidates = candidates.annotate(self_taken=UtteranceProposal.objects.taken(self.pk))  # computed once
        rows = list(candidates.values_list("pk", "text", "utterance_id", "taken", "self_taken")[:MAX_CANDIDATES])
        return UtteranceProposal.objects.bulk_create(
            self.best_proposals([row[:4] for row in rows], rows and rows[0][4])
        )

    def best_proposals(self, candidates, taken):
        """Unsaved proposals for the best of the candidates, (pk, text, statement id, taken) rows: the
        best-matching version of each statement they belong to, and each matching quote in none, best first, at
        most MAX_PROPOSALS. `taken`: whether this quote is already paired (proposed or confirmed) with another.

        Best is the most words shared in order, then the overlap score, then the longer: a fragment printed inside
        this quote scores 1 but shares few words, and would otherwise crowd out the full versions of the sentence;
        a fragment inside several quotes goes with the fullest version, not with another fragment. A short
        quote (utterances.SHORT_QUOTE) is paired once, with one version: printed inside versions of two
        statements, it would otherwise join them. So it proposes its single best match unless it is taken already,
        and a longer quote proposes it only while it is not taken."""
        statement_of = {pk: utterance_id for pk, _, utterance_id, _ in candidates}
        short = is_short(self.text)
        if short and taken:
            return []
        rows = ((pk, text) for pk, text, _, theirs in candidates if short or not (theirs and is_short(text)))
        best = {}  # statement (or the quote itself, in none) -> (shared words, score, words, pk)
        for found in matches(self.text, rows):
            group = statement_of[found.key] or ("quote", found.key)
            rank = (found.shared, found.score, found.words, found.key)
            best[group] = max(best.get(group, rank), rank)
        chosen = sorted(best.values(), reverse=True)[: 1 if short else MAX_PROPOSALS]
        return [UtteranceProposal(quote=self, partner_id=pk, score=score) for _, score, _, pk in chosen]

    def leave_utterance(self):
        """Take the quote out of its statement (a split), and remember it is not the same as the others in it.

        A statement left with a single quote is dissolved: a statement is what several quotes report.
        """
        utterance = self.utterance
        if utterance is None:
            return
        others = list(utterance.quotes.exclude(pk=self.pk).values_list("pk", flat=True))
        UtteranceProposal.objects.reject_pairs(self.pk, others)
        self.utterance = None
        self.save(update_fields=["utterance", "updated_at"])
        if len(others) <= 1:
            utterance.delete()


LOCATION_FIELDS = (
    "source_start",
    "source_end",
    "source_prefix",
    "source_suffix",
    "source_match",
    "source_match_score",
    "source_link",
)

# Outlets date a statement by the day they heard of it: a speaker's quotes said within a day are compared.
SAME_DAY = datetime.timedelta(days=1)
SAME_DAY_OFFSETS = [datetime.timedelta(days=days) for days in range(-SAME_DAY.days, SAME_DAY.days + 1)]
# At most this many of them, the newest: a bound on the work of one save, even for a speaker quoted all day.
MAX_CANDIDATES = 500
MAX_PROPOSALS = 3


class CandidatePool:
    """The quotes that propose_utterance() compares a batch of quotes with, read in two queries for the batch.

    The batch's speakers' quotes said (or, undated, printed) within a day of any of the batch's quotes, those of
    unknown date, and the MAX_CANDIDATES newest of each speaker with a quote of unknown date in the batch; and the
    pairs already proposed or decided that involve the batch. candidates(quote) then applies propose_utterance()'s
    rule to them in Python, for one quote after another: pairs proposed meanwhile are added to `paired`.
    """

    def __init__(self, batch):
        days = {day + offset for quote in batch if (day := quote.day) for offset in SAME_DAY_OFFSETS}
        newest = Q()
        for speaker_id in {quote.speaker_id for quote in batch if quote.day is None}:
            # At or after the speaker's MAX_CANDIDATES-th newest quote: one index scan of the speaker's newest.
            nth = Quote.objects.filter(speaker_id=speaker_id).order_by("-id").values("id")[MAX_CANDIDATES - 1 :][:1]
            newest |= Q(speaker_id=speaker_id, id__gte=Coalesce(Subquery(nth), 0))
        rows = Quote.objects.filter(
            Q(said_on__in=days)
            | Q(said_on__isnull=True, story__published_on__in=days)
            | Q(said_on__isnull=True, story__published_on__isnull=True)
            | newest,
            speaker_id__in={quote.speaker_id for quote in batch},
        ).annotate(taken=UtteranceProposal.objects.taken(OuterRef("pk")))
        rows = rows.values_list(
            "speaker_id", "said_on", "story__published_on", "pk", "text", "utterance_id", "occasion", "taken"
        )
        self.quotes = defaultdict(list)  # (speaker, day or None) -> (pk, text, utterance, occasion), newest first
        self.newest = defaultdict(list)  # speaker -> their MAX_CANDIDATES newest quotes (all loaded), newest first
        self.taken = set()  # quotes paired (proposed or confirmed) with another, as proposals are made
        for speaker_id, said_on, published_on, *row, taken in sorted(rows, key=lambda row: -row[3]):
            self.quotes[speaker_id, said_on or published_on].append(row)
            if taken:
                self.taken.add(row[0])
            if len(self.newest[speaker_id]) < MAX_CANDIDATES:
                self.newest[speaker_id].append(row)
        pairs = UtteranceProposal.objects.filter(Q(quote__in=batch) | Q(partner__in=batch))
        self.paired = set()
        for quote_id, partner_id, state in pairs.values_list("quote_id", "partner_id", "state"):
            self.paired.add(frozenset((quote_id, partner_id)))
            if state != UtteranceProposal.State.REJECTED:
                self.taken.update((quote_id, partner_id))

    def add(self, proposals):
        """Pairs proposed meanwhile: never proposed again, and their quotes taken."""
        for proposal in proposals:
            self.paired.add(frozenset((proposal.quote_id, proposal.partner_id)))
            self.taken.update((proposal.quote_id, proposal.partner_id))

    def candidates(self, quote):
        """What propose_utterance() would compare the quote with: (pk, text, statement id, taken), newest first."""
        day, occasion = quote.day, quote.occasion.upper()
        if quote.utterance_id is not None:
            return []
        if day is None:  # of unknown date: the speaker's newest quotes
            rows = self.newest.get(quote.speaker_id, [])
        else:
            rows = [row for offset in SAME_DAY_OFFSETS for row in self.quotes.get((quote.speaker_id, day + offset), [])]
            rows = sorted(rows + self.quotes.get((quote.speaker_id, None), []), key=lambda row: -row[0])
        if occasion:
            rows = [row for row in rows if not row[3] or row[3].upper() == occasion]
        rows = (
            (*row[:3], row[0] in self.taken)
            for row in rows
            if row[0] != quote.pk and frozenset((quote.pk, row[0])) not in self.paired
        )
        return list(islice(rows, MAX_CANDIDATES))


class Utterance(models.Model):
    """One statement a speaker made, that several quotes report (each outlet printing its own version).

    Its quotes are the confirmed members (Quote.utterance); proposals wait in UtteranceProposal.
    """

    speaker = models.ForeignKey(Speaker, on_delete=models.PROTECT, related_name="utterances", db_index=False)
    said_on = models.DateField(null=True, blank=True, help_text="From the quotes that report it.")
    occasion = models.CharField(max_length=300, blank=True, help_text="From the quotes that report it.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = "statement"
        indexes = [
            # Deleting a speaker checks no statement is theirs (PROTECT); the admin's speaker filter.
            models.Index(fields=["speaker"], name="utterance_speaker_idx"),
        ]

    def __str__(self):
        when = f" on {self.said_on:%B} {self.said_on.day}, {self.said_on.year}" if self.said_on else ""
        occasion = f", {self.occasion}" if self.occasion else ""
        return f"{self.speaker.name}{when}{occasion} (statement {self.pk})"

    def merge(self, other):
        """Bring the other statement's quotes into this one, and delete it."""
        if other.pk == self.pk:
            return
        other.quotes.update(utterance=self, updated_at=timezone.now())
        other.delete()


class UtteranceProposalQuerySet(models.QuerySet):
    def taken(self, quote):
        """Whether the quote (an id or an OuterRef) is paired, proposed or confirmed, with another: an Exists."""
        paired = self.filter(Q(quote=quote) | Q(partner=quote)).exclude(state=UtteranceProposal.State.REJECTED)
        return Exists(paired)

    def involving(self, quote):
        return self.filter(Q(quote=quote) | Q(partner=quote))

    def reject_pairs(self, quote_id, partner_ids):
        """Record that the quote is not the same statement as any of these: now, and for future proposals."""
        existing = self.filter(
            Q(quote_id=quote_id, partner_id__in=partner_ids) | Q(quote_id__in=partner_ids, partner_id=quote_id)
        )
        paired = {pk for pair in existing.values_list("quote_id", "partner_id") for pk in pair}
        existing.update(state=UtteranceProposal.State.REJECTED, decided_at=timezone.now())
        self.bulk_create(
            UtteranceProposal(quote_id=quote_id, partner_id=pk, state=UtteranceProposal.State.REJECTED)
            for pk in partner_ids
            if pk not in paired
        )


class UtteranceProposal(models.Model):
    """“This quote reports the same statement as that one”: proposed by the system, decided by an editor.

    Confirming puts both quotes in one statement (the partner's, if it has one). A rejected pair is kept, so
    it is never proposed again.
    """

    class State(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        CONFIRMED = "confirmed", "Confirmed"
        REJECTED = "rejected", "Rejected"

    quote = models.ForeignKey(Quote, on_delete=models.CASCADE, related_name="utterance_proposals", db_index=False)
    partner = models.ForeignKey(
        Quote, on_delete=models.CASCADE, related_name="+", db_index=False, help_text="The quote it matched."
    )
    score = models.FloatField(
        null=True, blank=True, help_text="Share of the shorter quote's words found in the other (1: contained)."
    )
    state = models.CharField(max_length=20, choices=State.choices, default=State.PROPOSED)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True, editable=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", db_index=False
    )

    objects = UtteranceProposalQuerySet.as_manager()

    class Meta:
        ordering = ["-score", "-id"]
        verbose_name = "proposed statement"
        constraints = [
            # Also the index for a quote's proposals (the quote admin; propose_utterance's clean-up).
            models.UniqueConstraint(fields=["quote", "partner"], name="utterance_proposal_unique_pair"),
            models.CheckConstraint(condition=~Q(quote=models.F("partner")), name="utterance_proposal_two_quotes"),
        ]
        indexes = [
            # propose_utterance(): pairs already decided from the partner's side; deleting a quote (CASCADE).
            models.Index(fields=["partner", "quote"], name="utterance_proposal_partner_idx"),
            # Deleting a user clears their decisions (SET_NULL).
            models.Index(fields=["decided_by"], name="utterance_proposal_decider_idx"),
        ]

    def __str__(self):
        return f"{self.quote} = {self.partner}"

    def confirm(self, user=None):
        """Put both quotes in one statement: the partner's, the quote's, or a new one; merge if both had one."""
        current = dict(Quote.objects.filter(pk__in=[self.quote_id, self.partner_id]).values_list("pk", "utterance"))
        mine, theirs = current[self.quote_id], current[self.partner_id]
        if theirs is None and mine is None:
            partner = self.partner
            utterance = Utterance.objects.create(
                speaker_id=partner.speaker_id, said_on=partner.said_on or self.quote.said_on, occasion=partner.occasion
            )
        else:
            utterance = Utterance.objects.get(pk=theirs or mine)
            if mine is not None and theirs is not None and mine != theirs:
                utterance.merge(Utterance.objects.get(pk=mine))
        Quote.objects.filter(pk__in=[self.quote_id, self.partner_id]).update(
            utterance=utterance, updated_at=timezone.now()
        )
        self.decide(self.State.CONFIRMED, user)
        return utterance

    def reject(self, user=None):
        self.decide(self.State.REJECTED, user)

    def decide(self, state, user):
        self.state, self.decided_at, self.decided_by = state, timezone.now(), user
        self.save(update_fields=["state", "decided_at", "decided_by"])

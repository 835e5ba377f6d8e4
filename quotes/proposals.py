"""The extractor (quotes/extract.py) against the newsroom's own speakers: what the command and the admin run."""

from django.db.models import Prefetch

from speakers.models import Alias, Speaker

from .extract import KnownSpeaker, extract_quotes


def known_speakers(speakers=None):
    """Every speaker (or those of the `speakers` queryset), with their alternative names, as the extractor takes
    them. Two queries."""
    speakers = (
        (Speaker.objects.all() if speakers is None else speakers)
        .only("name", "slug", "kind", "title", "organisation")
        .prefetch_related(Prefetch("aliases", queryset=Alias.objects.only("speaker_id", "name")))
    )
    return [
        KnownSpeaker(
            name=speaker.name,
            slug=speaker.slug,
            title=speaker.title,
            organisation=speaker.organisation,
            aliases=tuple(alias.name for alias in speaker.aliases.all()),
            is_organisation=speaker.kind == Speaker.Kind.ORGANISATION,
        )
        for speaker in speakers
    ]


def propose_quotes(text):
    """The quotations in `text`, each with a speaker matched to the newsroom's, or a new one proposed."""
    return extract_quotes(text, known_speakers())

"""Who may do what in the admin: the Editors and Fact-checkers groups the migrations create, and visitors."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.urls import reverse

from claims.models import Claim, Rating
from publishing.models import Status
from stories.models import Story
from tests.factories import make_speaker, make_story

EDITORS = {
    *(f"stories.{action}_{model}" for action in ("add", "change", "view", "delete") for model in ("outlet", "story")),
    *(f"speakers.{action}_{model}" for action in ("add", "change", "view", "delete") for model in ("speaker", "alias")),
    *(f"quotes.{action}_quote" for action in ("add", "change", "view", "delete")),
    *(f"quotes.{action}_utterance" for action in ("add", "change", "view", "delete")),
    "quotes.change_utteranceproposal",
    "quotes.view_utteranceproposal",
    *(
        f"claims.{action}_{model}"
        for action in ("add", "change", "view", "delete")
        for model in ("claim", "claimquote", "evidence")
    ),
    "claims.add_rating",
    "claims.change_rating",
    "claims.view_rating",
    "axes.view_accessattempt",  # failed logins, which editors unlock (logins/migrations/0001)
    "axes.delete_accessattempt",
}
FACT_CHECKERS = {
    "stories.view_outlet",
    "stories.view_story",
    *(f"speakers.{action}_{model}" for action in ("add", "change", "view") for model in ("speaker", "alias")),
    *(f"quotes.{action}_quote" for action in ("add", "change", "view")),
    "quotes.view_utterance",
    "quotes.view_utteranceproposal",
    *(
        f"claims.{action}_{model}"
        for action in ("add", "change", "view", "delete")
        for model in ("claim", "claimquote", "evidence")
    ),
    "claims.view_rating",
}


def permissions_of(group_name):
    group = Group.objects.get(name=group_name)
    return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")}


@pytest.mark.django_db
def test_editors_run_the_desk_but_cannot_delete_a_rating_level():
    assert permissions_of("Editors") == EDITORS


@pytest.mark.django_db
def test_fact_checkers_write_claims_and_only_read_stories():
    assert permissions_of("Fact-checkers") == FACT_CHECKERS


def test_a_fact_checker_cannot_delete_a_story(fact_checker, fact_checker_client):
    story = make_story(status=Status.DRAFT)
    delete_page = reverse("admin:stories_story_delete", args=[story.pk])

    assert not fact_checker.has_perm("stories.delete_story")
    assert fact_checker_client.get(delete_page).status_code == 403
    assert fact_checker_client.post(delete_page, {"post": "yes"}).status_code == 403
    assert Story.objects.filter(pk=story.pk).exists()


def test_a_fact_checker_can_read_a_story_but_not_change_it(fact_checker_client):
    story = make_story(status=Status.DRAFT, headline="Crime falls")
    change_page = reverse("admin:stories_story_change", args=[story.pk])

    assert fact_checker_client.get(change_page).status_code == 200
    response = fact_checker_client.post(
        change_page,
        {"outlet": story.outlet.pk, "url": story.url, "headline": "Changed", "status": Status.DRAFT},
    )

    assert response.status_code == 403
    assert Story.objects.get(pk=story.pk).headline == "Crime falls"
    assert fact_checker_client.get(reverse("admin:stories_story_add")).status_code == 403


def test_a_fact_checker_can_add_a_claim(fact_checker, fact_checker_client):
    speaker = make_speaker(name="Bill de Blasio")

    response = fact_checker_client.post(
        reverse("admin:claims_claim_add"),
        {
            "text": "Since 1993, murder in New York City is down 82 percent",
            "speaker": speaker.pk,
            "fact_checker": fact_checker.pk,
            "rating": Rating.objects.get(slug="true").pk,
            "summary": "",
            "ruling": "CompStat agrees.",
            "status": Status.IN_REVIEW,
            "retraction_notice": "",
            "claim_quotes-TOTAL_FORMS": "0",
            "claim_quotes-INITIAL_FORMS": "0",
            "evidence-TOTAL_FORMS": "0",
            "evidence-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 302
    claim = Claim.objects.get()
    assert (claim.speaker, claim.fact_checker, claim.status) == (speaker, fact_checker, Status.IN_REVIEW)


def test_an_editor_cannot_delete_a_level_of_the_rating_scale(editor, editor_client):
    unproven = Rating.objects.get(slug="unproven")

    response = editor_client.post(reverse("admin:claims_rating_delete", args=[unproven.pk]), {"post": "yes"})

    assert response.status_code == 403
    assert not editor.has_perm("claims.delete_rating")
    assert Rating.objects.filter(slug="unproven").exists()


@pytest.mark.django_db
def test_an_anonymous_visitor_is_sent_to_the_login_page(client):
    response = client.get("/admin/quotes/quote/")

    assert response.status_code == 302
    assert response["Location"] == "/admin/login/?next=/admin/quotes/quote/"


def test_the_group_migration_works_on_an_empty_database(django_db_setup, django_db_blocker):
    """Unapply the claims app and the statements, drop every permission and the apps' content types, then migrate again.

    On a fresh database Django creates permissions only after all migrations ran, so the group migration has to
    create the ones it grants. This is deliberately not a django_db(transaction=True) test: that test's teardown
    empties every table without re-running data migrations, so the groups and the rating scale would be gone for
    any later test and, with --reuse-db, for every later run. Migrating back forward leaves the database as
    migrations made it.
    """
    with django_db_blocker.unblock():
        call_command("migrate", "claims", "zero", verbosity=0)
        call_command("migrate", "quotes", "0004", verbosity=0)  # its 0005 grants the statements' permissions
        try:
            assert not Group.objects.filter(name__in=["Editors", "Fact-checkers"]).exists()
            Permission.objects.all().delete()
            ContentType.objects.filter(app_label__in=["stories", "speakers", "quotes", "claims"]).delete()
        finally:
            ContentType.objects.clear_cache()
            call_command("migrate", verbosity=0)
            ContentType.objects.clear_cache()

        assert permissions_of("Editors") == EDITORS
        assert permissions_of("Fact-checkers") == FACT_CHECKERS
        assert Rating.objects.count() == 7

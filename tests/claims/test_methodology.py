"""The methodology page publishes the rating scale as editors keep it in the database, and the
corrections policy."""

import pytest

from claims.models import Rating
from tests.public_site import get_page

pytestmark = pytest.mark.django_db


def test_the_methodology_page_lists_every_verdict_in_scale_order_with_its_meaning(client):
    page = get_page(client, "/methodology/")

    assert page.verdicts() == [
        "True",
        "Mostly true",
        "Half true",
        "Mostly false",
        "False",
        "Pants on fire",
        "Unproven",
    ]
    assert "The statement is not accurate and makes a ridiculous claim." in page.text
    assert "(6 on the scale)" in page.text
    assert "(1 on the scale)" in page.text


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # the edit commits, as a real save does
def test_the_methodology_page_shows_a_verdict_renamed_by_an_editor(client):
    get_page(client, "/methodology/")  # cached before the edit
    rating = Rating.objects.get(slug="pants-on-fire")
    rating.name = "Ridiculously false"
    rating.description = "Not accurate, and absurd."
    rating.save()

    page = get_page(client, "/methodology/")

    assert "Ridiculously false" in page.verdicts()
    assert "Pants on fire" not in page.text
    assert "Not accurate, and absurd." in page.text


def test_the_methodology_page_shows_a_verdict_added_by_an_editor_in_its_place(client):
    Rating.objects.filter(slug="unproven").update(position=9)
    Rating.objects.create(name="Needs context", slug="needs-context", description="True but misleading.", position=8)

    assert get_page(client, "/methodology/").verdicts()[-2:] == ["Needs context", "Unproven"]


def test_the_methodology_page_publishes_the_corrections_policy(client):
    page = get_page(client, "/methodology/")

    assert "Corrections policy" in page.text
    assert "dated notice" in page.text


def test_the_methodology_page_runs_two_queries(client, django_assert_num_queries):
    # site version, the scale
    with django_assert_num_queries(2):
        get_page(client, "/methodology/")

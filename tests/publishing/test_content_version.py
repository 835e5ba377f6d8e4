"""The page cache's version moves with every change a reader could see, in commit order."""

import psycopg
import pytest
from django.db import connection

from publishing.caching import site_version
from quotes.models import Quote
from tests.factories import make_quote


def other_connection():
    """A second session, as a second editor's request would have."""
    settings = connection.settings_dict
    return psycopg.connect(
        dbname=settings["NAME"],
        user=settings["USER"],
        password=settings["PASSWORD"],
        host=settings["HOST"],
        port=settings["PORT"] or None,
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_version_moves_with_every_committed_write_even_bypassing_the_models():
    quote = make_quote()
    versions = [site_version()]
    Quote.objects.filter(pk=quote.pk).update(context="bulk update, no save()")
    versions.append(site_version())
    Quote.objects.filter(pk=quote.pk).update(status="draft", first_published_at=None)
    versions.append(site_version())
    assert len(set(versions)) == len(versions)


@pytest.mark.django_db
def test_the_version_stands_still_while_nothing_changes():
    make_quote()
    assert site_version() == site_version()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_edit_committed_after_a_page_was_cached_changes_the_version():
    quote = make_quote()
    with other_connection() as editor:
        editor.execute("UPDATE quotes_quote SET context = 'corrected' WHERE id = %s", [quote.pk])
        while_editing = site_version()  # a reader renders the page now, without the edit
        editor.commit()
    assert site_version() != while_editing


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_slow_edit_that_commits_after_a_quicker_one_still_changes_the_version():
    first, second = make_quote(), make_quote()
    with other_connection() as slow, other_connection() as quick:
        slow.execute("UPDATE quotes_quote SET context = 'slow' WHERE id = %s", [first.pk])
        quick.execute("UPDATE quotes_quote SET context = 'quick' WHERE id = %s", [second.pk])
        quick.commit()
        after_quick = site_version()  # the page is cached with the quick edit but not the slow one
        slow.commit()
    assert site_version() != after_quick

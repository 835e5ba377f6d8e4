"""The page cache's version moves with every change a reader could see, in commit order."""

import psycopg
import pytest
from django.db import connection

from publishing.caching import site_version, version
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


def test_the_same_snapshot_on_another_incarnation_of_the_server_is_another_version():
    """After a crash or a restart, transaction ids repeat: the snapshot text alone would repeat an old version."""
    snapshot = "753:753:"
    before = version("7715130278137883644 2026-12-03 17:26:21+00 2026-12-03 17:26:21+00", snapshot)
    after_restart = version("7715130278137883644 2026-12-03 17:40:02+00 2026-12-03 17:26:21+00", snapshot)
    after_crash_recovery = version("7715130278137883644 2026-12-03 17:26:21+00 2026-12-03 17:41:12+00", snapshot)
    other_cluster = version("7715130278137883645 2026-12-03 17:26:21+00 2026-12-03 17:26:21+00", snapshot)
    assert len({before, after_restart, after_crash_recovery, other_cluster}) == 4


@pytest.mark.django_db
def test_the_version_is_the_snapshot_on_this_servers_incarnation():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (SELECT system_identifier FROM pg_control_system()), pg_postmaster_start_time(), "
            "(SELECT stats_reset FROM pg_stat_wal), pg_current_snapshot()::text"
        )
        identifier, started, statistics_reset, snapshot = cursor.fetchone()
        cursor.execute("SELECT %s::timestamptz::text, %s::timestamptz::text", [started, statistics_reset])
        started, statistics_reset = cursor.fetchone()

    assert site_version() == version(f"{identifier} {started} {statistics_reset}", snapshot)


@pytest.mark.django_db
def test_the_version_is_keyed_with_the_secret_key_so_etags_do_not_count_writes(settings):
    """Without the key, a version cannot be told from another: an ETag gives away neither the transaction counter
    nor how many writes (drafts included) happened between two visits."""
    shown = site_version()
    assert len(shown) == 32
    settings.SECRET_KEY = "another-newsrooms-secret-key-" + "x" * 40
    assert site_version() != shown

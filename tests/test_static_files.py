"""Static files: hashed names and long cache lifetimes, served by WhiteNoise (production storage)."""

import re

import pytest
from django.core.management import call_command
from django.test import Client


@pytest.fixture
def collected_static(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", "--no-input", verbosity=0)
    return tmp_path


@pytest.mark.django_db
def test_pages_link_hashed_stylesheets_that_browsers_may_cache_for_a_year(collected_static):
    client = Client()  # WhiteNoise indexes STATIC_ROOT when the handler starts
    page = client.get("/methodology/").content.decode()
    href = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', page).group(1)

    response = client.get(href)

    assert response.status_code == 200
    assert "max-age=315360000" in response["Cache-Control"]
    assert "immutable" in response["Cache-Control"]
    assert b"--accent" in b"".join(response.streaming_content)


@pytest.mark.django_db
def test_static_files_are_offered_compressed(collected_static):
    client = Client()
    href = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', client.get("/methodology/").content.decode())
    response = client.get(href.group(1), headers={"accept-encoding": "gzip"})
    assert response["Content-Encoding"] == "gzip"

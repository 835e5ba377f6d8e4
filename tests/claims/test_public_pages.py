"""What every public page shares: a title, a description and Open Graph tags for link previews, and
permalinks with readable slugs that forgive an old or mistyped slug with a 301 to the canonical address.
"""

import pytest

from speakers.models import Alias
from tests.factories import make_claim, make_outlet, make_quote, make_speaker, make_story
from tests.public_site import get_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def site():
    outlet = make_outlet(name="Gothamist", slug="gothamist")
    story = make_story(outlet=outlet, headline="De Blasio pushes back on Sessions")
    speaker = make_speaker(name="Bill de Blasio", slug="bill-de-blasio", title="Mayor")
    Alias.objects.create(speaker=speaker, name="de Blasio")
    quote = make_quote(story=story, speaker=speaker, text="To say we are soft on crime is to ignore the facts.")
    claim = make_claim(quotes=[quote], text="Since 1993, murder in New York City is down 82 percent")
    return {"outlet": outlet, "story": story, "speaker": speaker, "quote": quote, "claim": claim}


def page_urls(site):
    return {
        "home": "/",
        "quote list": "/quotes/",
        "quote search": "/quotes/?q=crime",
        "quote page": site["quote"].get_absolute_url(),
        "claim list": "/claims/",
        "claim page": site["claim"].get_absolute_url(),
        "speaker page": site["speaker"].get_absolute_url(),
        "story page": site["story"].get_absolute_url(),
        "outlet page": site["outlet"].get_absolute_url(),
        "methodology": "/methodology/",
    }


# What the page's own title must name, so a tab or a search result says which page it is.
TITLE_NAMES = {
    "home": "whether it is true",
    "quote list": "Quotes",
    "quote search": "crime",
    "quote page": "Bill de Blasio",
    "claim list": "Fact checks",
    "claim page": "Since 1993, murder",
    "speaker page": "Bill de Blasio",
    "story page": "De Blasio pushes back on Sessions",
    "outlet page": "Gothamist",
    "methodology": "Methodology",
}


@pytest.mark.parametrize("name", TITLE_NAMES)
def test_every_page_has_a_title_a_description_and_open_graph_tags(client, site, name):
    url = page_urls(site)[name]

    page = get_page(client, url)

    assert TITLE_NAMES[name] in page.title
    assert page.title.endswith("Newsroom Fact Desk")
    assert page.meta["description"].strip()
    assert page.meta["og:title"].strip()
    assert page.meta["og:description"].strip()
    assert page.meta["og:type"] in ("website", "article", "profile")
    assert page.meta["og:site_name"] == "Newsroom Fact Desk"
    if "?" not in url:
        assert page.meta["og:url"] == f"http://testserver{url}"


def test_permalinks_carry_readable_slugs(site):
    quote, claim, story = site["quote"], site["claim"], site["story"]

    assert (
        quote.get_absolute_url()
        == f"/quotes/{quote.pk}/bill-de-blasio-to-say-we-are-soft-on-crime-is-to-ignore-the-facts/"
    )
    assert claim.get_absolute_url() == f"/claims/{claim.pk}/since-1993-murder-in-new-york-city-is-down-82-percent/"
    assert story.get_absolute_url() == f"/stories/{story.pk}/de-blasio-pushes-back-on-sessions/"
    assert site["speaker"].get_absolute_url() == "/speakers/bill-de-blasio/"
    assert site["outlet"].get_absolute_url() == "/outlets/gothamist/"


@pytest.mark.parametrize(
    ("item", "wrong"),
    [
        ("quote", "/quotes/{pk}/someone-else-said-this/"),
        ("claim", "/claims/{pk}/crime-is-up/"),
        ("story", "/stories/{pk}/old-headline/"),
    ],
)
def test_a_wrong_slug_redirects_permanently_to_the_canonical_address(client, site, item, wrong):
    obj = site[item]

    response = client.get(wrong.format(pk=obj.pk))

    assert response.status_code == 301
    assert response["Location"] == obj.get_absolute_url()
    assert client.get(response["Location"]).status_code == 200


def test_a_claim_reworded_after_publication_still_answers_at_its_old_address(client, site):
    claim = site["claim"]
    old_url = claim.get_absolute_url()

    claim.text = "Since 1993, murder in New York City fell by 82 percent"
    claim.save()

    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == f"/claims/{claim.pk}/since-1993-murder-in-new-york-city-fell-by-82-percent/"


def test_a_quote_in_a_script_without_latin_letters_still_gets_a_working_address(client):
    quote = make_quote(speaker=make_speaker(name="习近平", slug="xi-jinping"), text="中国人民站起来了")

    assert quote.get_absolute_url() == f"/quotes/{quote.pk}/quote/"
    assert client.get(quote.get_absolute_url()).status_code == 200


def test_the_canonical_address_leaves_out_the_query_string(client):
    make_quote(story=make_story(), text="Canonical words.")

    page = client.get("/quotes/?q=canonical&utm_source=newsletter").content.decode()

    assert '<link rel="canonical" href="http://testserver/quotes/">' in page
    assert '<meta property="og:url" content="http://testserver/quotes/">' in page


@pytest.mark.parametrize(
    ("url", "og_title"),
    [("/", "What they said, and whether it is true"), ("/quotes/", "Quotes"), ("/methodology/", "Methodology")],
)
def test_shared_links_carry_the_pages_own_title(client, url, og_title):
    make_quote(story=make_story())
    page = client.get(url).content.decode()
    assert f'<meta property="og:title" content="{og_title}' in page

from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from django.views.generic import TemplateView

from claims import views as claims
from claims.feeds import FactCheckFeed
from claims.sitemaps import ClaimSitemap, SpeakerSitemap
from publishing.caching import public_page
from quotes import views as quotes
from quotes.sitemaps import OutletSitemap, QuoteSitemap, StorySitemap
from stories import views as stories

# A request that failed because the database is unreachable answers 503 with Retry-After, not 500.
handler500 = "publishing.health.server_error"

admin.site.site_header = "Newsroom fact desk"
admin.site.site_title = "Fact desk"
admin.site.index_title = "Stories, speakers, quotes and claims"

quote_urls = (
    [
        path("", claims.quote_list, name="list"),
        path("export/", claims.quote_export, name="export"),
        path("<int:pk>/", claims.quote_permalink, name="permalink"),
        path("<int:pk>/<slug:slug>/", claims.quote_detail, name="detail"),
    ],
    "quotes",
)
claim_urls = (
    [
        path("", claims.claim_list, name="list"),
        path("export/", claims.claim_export, name="export"),
        path("<int:pk>/", claims.claim_permalink, name="permalink"),
        path("<int:pk>/<slug:slug>/", claims.claim_detail, name="detail"),
        path("feed/", public_page(FactCheckFeed()), name="feed"),
    ],
    "claims",
)

sitemaps = {
    "claims": ClaimSitemap,
    "quotes": QuoteSitemap,
    "speakers": SpeakerSitemap,
    "stories": StorySitemap,
    "outlets": OutletSitemap,
}

urlpatterns = [
    path("", claims.home, name="home"),
    path("quotes/", include(quote_urls)),
    path("claims/", include(claim_urls)),
    path("speakers/<slug:slug>/", claims.speaker_detail, name="speaker"),
    path("stories/<int:pk>/<slug:slug>/", quotes.story_detail, name="story"),
    path("outlets/<slug:slug>/", stories.outlet_detail, name="outlet"),
    path("methodology/", claims.methodology, name="methodology"),
    path("corrections/", claims.correction_list, name="corrections"),
    path("sitemap.xml", public_page(sitemap_views.index), {"sitemaps": sitemaps}, name="sitemap"),
    path(
        "sitemap-<section>.xml",
        public_page(sitemap_views.sitemap, params=["p"]),
        {"sitemaps": sitemaps},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    path("robots.txt", TemplateView.as_view(template_name="robots.txt", content_type="text/plain")),
    path("admin/", admin.site.urls),
]

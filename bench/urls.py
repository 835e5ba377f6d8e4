from django.http import HttpResponse
from django.urls import include, path


def minimal(request):
    """The floor: a Django view that does nothing, through the same middleware."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/minimal/", minimal), path("", include("newsroom.urls"))]

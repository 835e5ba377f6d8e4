from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from .models import Outlet, Story

OUTLET_STORIES = 100


@require_GET
def outlet_detail(request, slug):
    outlet = get_object_or_404(Outlet, slug=slug)
    stories = list(Story.objects.public().filter(outlet=outlet).order_by("-published_on", "-id")[:OUTLET_STORIES])
    if not stories:
        raise Http404("No public stories from this outlet.")
    return render(request, "stories/outlet_detail.html", {"outlet": outlet, "stories": stories})

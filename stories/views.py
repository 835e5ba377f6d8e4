from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from publishing.caching import public_page

from .models import Outlet, Story

OUTLET_STORIES = 100  # newest first, undated last (Story.Meta.ordering)


@require_safe
@public_page
def outlet_detail(request, slug):
    outlet = get_object_or_404(Outlet, slug=slug)
    stories = list(Story.objects.public().filter(outlet=outlet)[:OUTLET_STORIES])
    if not stories:
        raise Http404("No public stories from this outlet.")
    return render(request, "stories/outlet_detail.html", {"outlet": outlet, "stories": stories})

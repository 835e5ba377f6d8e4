from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_safe

from publishing.caching import public_page
from stories.models import Story

from .models import Quote


@require_safe
@public_page
def story_detail(request, pk, slug):
    story = get_object_or_404(Story.objects.public().select_related("outlet"), pk=pk)
    if slug != story.slug:
        return redirect(story, permanent=True)
    quotes = Quote.objects.public().filter(story=story).select_related("speaker").order_by("position")
    return render(request, "quotes/story_detail.html", {"story": story, "quotes": quotes})

from django.conf import settings


def newsroom(request):
    """The newsroom's name, for page titles and the header."""
    return {"NEWSROOM_NAME": settings.NEWSROOM_NAME}

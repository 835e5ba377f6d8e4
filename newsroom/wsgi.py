import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")


def without_head_bodies(app):
    """Answer HEAD with the headers alone.

    Django answers HEAD with the GET page, body included, and leaves dropping the body to the server; gunicorn
    drops it but logs a warning for every such request. The response is closed unread, so a streamed body is
    never produced.
    """

    def application(environ, start_response):
        response = app(environ, start_response)
        if environ["REQUEST_METHOD"] != "HEAD":
            return response
        if hasattr(response, "close"):
            response.close()
        return []

    return application


application = without_head_bodies(get_wsgi_application())

# Web requests only: PostgreSQL cancels a statement that runs longer than WEB_STATEMENT_TIMEOUT ms, so a runaway
# query costs a reader an error page rather than holding a worker thread. Commands and migrations do not load this
# module and keep no limit; CSV exports lift it for their COPY (publishing/csv_export.py). Set before any
# connection opens: every connection reads these options when it connects.
options = settings.DATABASES["default"]["OPTIONS"]
options["options"] = f"{options.get('options', '')} -c statement_timeout={settings.WEB_STATEMENT_TIMEOUT}".strip()

"""Log records as JSON lines, for a log collector reading the processes' stderr.

One record, one line: a traceback's line breaks are escaped inside its JSON string, so a request error is one
line that a collector cannot split, with the request's method, path and status beside it. Django's
django.request and django.security loggers pass the request and the status code as the record's extras.
"""

import json
import logging


class JsonLines(logging.Formatter):
    def format(self, record):
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request = getattr(record, "request", None)
        if hasattr(request, "path"):  # runserver's records carry a socket instead
            entry.update(method=request.method, path=request.path)
        if hasattr(record, "status_code"):
            entry["status"] = record.status_code
        if record.exc_info:
            entry["traceback"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)

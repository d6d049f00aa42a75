"""Structured logs that carry no personal data (docs/deploy.md, "Logs").

Every line is one JSON object: time, level, logger, message and a few named fields. What could carry a
name, a phone number or a note's text is kept out by construction:

- requests are logged by ``RequestLogMiddleware`` with the method, the URL *pattern* (``staff/cases/
  <str:number>/``, never the address itself nor its query string), the status, the time and the user's
  id (not the username, which is a person's name);
- an exception is logged with its class and the stack (files, lines, functions), never its message nor
  local values: a database error quotes the row it refused;
- digit runs that look like a phone or a document number (7 digits or more, spaces and dashes allowed)
  are replaced in every message, whatever logged it.
"""

import json
import logging
import re
import time
import traceback
from datetime import UTC, datetime

PHONE_LIKE = re.compile(r"\+?\d[\d\s\-()]{5,}\d")
SAFE_FIELDS = ("method", "route", "status", "ms", "user", "task", "count")
request_log = logging.getLogger("isenim.request")


def scrub(text: str) -> str:
    return PHONE_LIKE.sub(
        lambda m: "[digits]" if sum(c.isdigit() for c in m.group()) >= 7 else m.group(), text
    )


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string must not lose the line
            message = str(record.msg)
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": scrub(message),
        }
        for name in SAFE_FIELDS:
            if name in record.__dict__:
                entry[name] = record.__dict__[name]
        if record.exc_info and record.exc_info[0] is not None:
            kind, _value, trace = record.exc_info
            entry["exception"] = f"{kind.__module__}.{kind.__qualname__}"
            entry["stack"] = [
                f"{frame.filename}:{frame.lineno} in {frame.name}" for frame in traceback.extract_tb(trace)
            ][-12:]
        return json.dumps(entry, ensure_ascii=False)


class RequestLogMiddleware:
    """One line per request: method, URL pattern, status, milliseconds, user id. No address, no query."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        user = getattr(request, "user", None)
        request_log.info(
            "request",
            extra={
                "method": request.method,
                "route": (match.route if match else "(no route)"),
                "status": response.status_code,
                "ms": round((time.perf_counter() - started) * 1000, 1),
                "user": user.pk if user is not None and user.is_authenticated else None,
            },
        )
        return response

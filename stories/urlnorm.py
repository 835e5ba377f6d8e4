"""Canonical form of an article URL, so one article is stored once.

The scheme and host are lowercased, a default port and the fragment are dropped, and
tracking parameters (utm_*, fbclid, gclid and the like) are stripped. The path and the
order of the remaining parameters are kept: they can matter to the outlet's server.
"""

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

TRACKING_PREFIXES = ("utm_",)
TRACKING_PARAMETERS = {
    "fbclid",
    "gclid",
    "dclid",
    "msclkid",
    "mc_cid",
    "mc_eid",
    "ocid",
    "cmpid",
    "igshid",
    "_ga",
    "yclid",
    "smid",
}
DEFAULT_PORTS = {"http": 80, "https": 443}


def is_tracking(name):
    name = name.lower()
    return name in TRACKING_PARAMETERS or name.startswith(TRACKING_PREFIXES)


def normalise_url(url):
    """Return the canonical form of an http(s) URL. Raises ValueError for anything else."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS or not parts.hostname:
        raise ValueError("Only http and https URLs with a host are accepted.")
    host = parts.hostname.lower().rstrip(".")
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    port = parts.port  # raises ValueError for a malformed port
    netloc = host if port in (None, DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not is_tracking(k)])
    return urlunsplit((scheme, netloc, parts.path or "/", query, ""))

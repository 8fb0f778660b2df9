"""URL canonicalisation: one spelling per article, whichever feed or link led to it."""
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

TRACKING_PREFIXES = ("utm_", "wt_", "at_", "ns_", "mc_", "pk_", "itm_")
TRACKING_PARAMS = {"fbclid", "gclid", "dclid", "msclkid", "xtor", "ref", "ref_src", "cmp", "icid", "dicbo", "r"}
DEFAULT_PORTS = {"http": 80, "https": 443}


def canonicalize(url: str) -> str:
    """Lower-case scheme and host, drop default port, fragment and tracking parameters."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    port = parts.port
    netloc = host if port in (None, DEFAULT_PORTS.get(scheme)) else f"{host}:{port}"
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not (k.lower() in TRACKING_PARAMS or k.lower().startswith(TRACKING_PREFIXES))
    ]
    return urlunsplit((scheme, netloc, parts.path or "/", urlencode(query), ""))

"""Checking the addresses of the directory of links: a HEAD request (a GET when the server refuses
HEAD), redirects followed, a short timeout; an answer of 400 or more, or none, flags the link dead.
Only http(s) addresses are asked for, and nothing is read past the status line and headers."""

from __future__ import annotations

import urllib.error
import urllib.request
from dataclasses import dataclass

from django.utils import timezone

from corridor.portal.models import Item, Kind, LinkCheck, public_q

TIMEOUT = 5.0
AGENT = "Corridor-link-check/1.0"


@dataclass(frozen=True)
class Result:
    ok: bool
    status: int | None
    error: str = ""


def check_url(url: str, *, timeout: float = TIMEOUT) -> Result:
    if not url.lower().startswith(("http://", "https://")):
        return Result(False, None, "not an http(s) address")
    status = None
    for method in ("HEAD", "GET"):
        request = urllib.request.Request(url, method=method, headers={"User-Agent": AGENT})  # noqa: S310
        try:
            with urllib.request.urlopen(request, timeout=timeout) as answer:  # noqa: S310 - http(s) only
                return Result(answer.status < 400, answer.status)
        except urllib.error.HTTPError as refused:
            status = refused.code
            if method == "HEAD" and refused.code in (403, 405, 501):
                continue  # some servers refuse HEAD only
            return Result(False, status, refused.reason if isinstance(refused.reason, str) else "")
        except (urllib.error.URLError, OSError, ValueError) as failed:
            reason = str(getattr(failed, "reason", ""))[:200]
            return Result(False, None, f"{type(failed).__name__}: {reason}")
    return Result(False, status)


def check_links(*, progress=None, timeout: float = TIMEOUT) -> dict:
    """Check every link item not withdrawn, published or not, and record the result."""
    links = Item.objects.filter(kind=Kind.LINK).exclude(status="withdrawn").order_by("pk")
    checked = dead = 0
    for item in links.iterator():
        # The address the editors hold now: the latest revision's (the public one may be older).
        latest = item.revisions.order_by("-number").values_list("data", flat=True).first() or {}
        url = (latest.get("details") or {}).get("url", "") or (item.details or {}).get("url", "")
        if not url:
            continue
        result = check_url(url, timeout=timeout)
        LinkCheck.objects.update_or_create(item=item, defaults={
            "url": url[:500], "checked_at": timezone.now(), "ok": result.ok,
            "status_code": result.status, "error": result.error[:255]})
        checked += 1
        dead += not result.ok
        if progress is not None and checked % 20 == 0:
            progress.checked(checked)
    return {"checked": checked, "dead": dead,
            "public_dead": LinkCheck.objects.filter(
                ok=False, item__in=Item.objects.filter(public_q())).count()}

"""Server-rendered SVG: a bar chart of a series and a map of centroids (no script, no tiles).

Presentation attributes (fill, stroke) are not inline styles, so the strict CSP allows them.
The series chart and the map keep their own left-to-right geometry in an Arabic page
(`direction="ltr"`: a map is never mirrored, and text-anchor "end" would otherwise mean the left
in a right-to-left page); a breakdown's bar grows from the line's start, mirrored in Arabic.
Numbers are written as the reader's language writes them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _

ACCENT = "#0b4f6c"
MUTED = "#9aa5ad"
ALERT = "#a4161a"


def series_chart(rows: list[dict], *, title: str, width: int = 720, height: int = 220) -> SafeString:
    """Bars per period; a masked period is drawn as a short grey bar labelled "< 5"."""
    left, bottom, top = 48, 28, 12
    plot_w, plot_h = width - left - 8, height - bottom - top
    values = [r["count"] or 0 for r in rows]
    peak = max(values, default=0) or 1
    step = plot_w / max(len(rows), 1)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
             f'viewBox="0 0 {width} {height}" width="100%" direction="ltr" aria-labelledby="chart-title">',
             f'<title id="chart-title">{escape(title)}</title>',
             f'<line x1="{left}" y1="{top + plot_h}" x2="{width - 8}" y2="{top + plot_h}" stroke="#555"/>',
             f'<text x="{left - 4}" y="{top + 10}" text-anchor="end" font-size="11">'
             f'{number_format(peak, use_l10n=True, force_grouping=True)}</text>',
             f'<text x="{left - 4}" y="{top + plot_h}" text-anchor="end" font-size="11">0</text>']
    for index, row in enumerate(rows):
        x = left + index * step + step * 0.1
        w = max(step * 0.8, 1)
        label = escape(f"{row['period']}: {row['display']}")
        if row["suppressed"]:
            h = max(plot_h * 0.03, 2)
            fill = MUTED
        else:
            h = plot_h * (row["count"] or 0) / peak
            fill = ACCENT
        parts.append(f'<rect x="{x:.1f}" y="{top + plot_h - h:.1f}" width="{w:.1f}" height="{h:.1f}" '
                     f'fill="{fill}"><title>{label}</title></rect>')
    if rows:
        first = escape(str(rows[0]["period"]))
        parts.append(f'<text x="{left}" y="{height - 8}" font-size="11">{first}</text>')
        parts.append(f'<text x="{width - 8}" y="{height - 8}" text-anchor="end" font-size="11">'
                     f'{escape(str(rows[-1]["period"]))}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))


def bar(count: int | None, peak: int, width: int = 120) -> SafeString:
    """A small horizontal bar for a breakdown row (nothing for a masked cell)."""
    w = 0 if not count or not peak else max(1, round(width * count / peak))
    x = width - w if get_language_bidi() else 0
    return format_html('<svg class="bar" width="{}" height="10" aria-hidden="true">'
                       '<rect x="{}" width="{}" height="10" fill="{}"/></svg>', width, x, w, ACCENT)


@dataclass(frozen=True)
class Marker:
    latitude: float
    longitude: float
    label: str
    value: int | None  # None: masked or no figure
    display: str
    href: str = ""
    kind: str = "area"  # area, point, country, alert


def map_svg(markers: list[Marker], *, title: str, width: int = 720, height: int = 420) -> SafeString:
    """An equirectangular map of centroids: circles sized by value, linked for drill-down."""
    placed = [m for m in markers if m.latitude is not None and m.longitude is not None]
    # A map whose markers are links is a group, not an image: an image's content is not
    # interactive, so links inside role="img" are unreachable to a screen reader (axe:
    # nested-interactive).
    role = "group" if any(m.href for m in placed) else "img"
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="map" role="{role}" '
             f'viewBox="0 0 {width} {height}" width="100%" direction="ltr" aria-labelledby="map-title">',
             f'<title id="map-title">{escape(title)}</title>',
             f'<rect width="{width}" height="{height}" fill="#eef3f6"/>']
    if not placed:
        parts.append(f'<text x="{width / 2}" y="{height / 2}" text-anchor="middle">'
                     f'{escape(_("Nothing to map."))}</text></svg>')
        return mark_safe("".join(parts))
    lats = [m.latitude for m in placed]
    lons = [m.longitude for m in placed]
    mid = math.cos(math.radians((min(lats) + max(lats)) / 2))
    span_x = max((max(lons) - min(lons)) * mid, 1.0)
    span_y = max(max(lats) - min(lats), 1.0)
    pad = 40
    scale = min((width - 2 * pad) / span_x, (height - 2 * pad) / span_y)
    x0 = (width - span_x * scale) / 2
    y0 = (height - span_y * scale) / 2
    peak = max((m.value or 0 for m in placed), default=0) or 1
    for m in sorted(placed, key=lambda m: -(m.value or 0)):
        x = x0 + (m.longitude - min(lons)) * mid * scale
        y = y0 + (max(lats) - m.latitude) * scale
        radius = 3 if not m.value else 4 + 22 * math.sqrt(m.value / peak)
        if m.kind == "country":
            radius = 9
        fill = {"point": ACCENT, "alert": ALERT}.get(m.kind, MUTED)
        opacity = "0.55" if m.kind in ("point", "alert") else "0.8"
        text = escape(f"{m.label}: {m.display}" if m.display else m.label)
        shape = (f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{radius:.1f}" fill="{fill}" fill-opacity="{opacity}" '
                 f'stroke="#fff"><title>{text}</title></circle>')
        if m.kind in ("country", "point", "alert"):
            shape += (f'<text x="{x + radius + 2:.1f}" y="{y + 4:.1f}" font-size="11">'
                      f'{escape(m.label)}</text>')
        if m.href:
            shape = f'<a href="{escape(m.href)}">{shape}</a>'
        parts.append(shape)
    parts.append("</svg>")
    return mark_safe("".join(parts))

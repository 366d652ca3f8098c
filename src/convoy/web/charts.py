"""Server-rendered SVG charts: no JavaScript, no external library, readable by screen readers.

Each chart is an <svg role="img"> with a <title> and a <desc>, text labels on every bar, and the
same figures as a table (the template shows it in a <details>), so nothing depends on colour.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import count

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

_ids = count(1)

LABEL_W = 150
CHART_W = 500
BAR_H = 15
GAP = 10
VALUE_W = 70


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float]
    css: str = "s1"


@dataclass
class Chart:
    """What a template needs: the SVG, a caption, and the figures as a table."""

    title: str
    svg: SafeString
    columns: list[str]
    rows: list[list[str]]
    legend: list[tuple[str, str]] = field(default_factory=list)
    note: str = ""


def number(value: float) -> str:
    if abs(value) >= 1_000_000_000:
        return _("%(value)s bn") % {"value": format(value / 1000000000, ",.1f")}
    if abs(value) >= 1_000_000:
        return f"{value / 1_000_000:,.1f} m"
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.1f}"


def _svg(title: str, desc: str, width: int, height: int, body: list[str]) -> SafeString:
    uid = next(_ids)
    head = format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" role="img" '
        'aria-labelledby="chart-t{} chart-d{}"><title id="chart-t{}">{}</title>'
        '<desc id="chart-d{}">{}</desc>',
        width, height, uid, uid, uid, title, uid, desc,
    )
    return mark_safe(head + "".join(body) + "</svg>")  # body parts are built escaped below


def _text(x: float, y: float, text: str, anchor: str = "start", css: str = "") -> str:
    cls = f' class="{css}"' if css else ""
    return (f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="12"{cls}>'
            f"{escape(text)}</text>")


def percent(value: float) -> str:
    return f"{value:,.0f} %"


def hbar_chart(title: str, categories: Sequence[str], series: Sequence[Series],
               unit: str = "", limits: Sequence[float | None] | None = None,
               limit_label: str = _("capacity"), fmt: Callable[[float], str] = number) -> Chart:
    """Horizontal grouped bars, one group per category; `limits` draws a marker per category.

    A limit of None or 0 means the category has none: no marker is drawn and no bar is painted
    as over it (a year without a baseline is not "over baseline").
    """
    n = max(len(series), 1)
    group_h = n * BAR_H + GAP
    height = max(len(categories), 1) * group_h + 24
    bounds = [float(v) if v else None for v in limits] if limits is not None else None
    peak = float(max([float(v) for s in series for v in s.values]
                     + [v for v in bounds or [] if v is not None] + [1.0]))
    scale = (CHART_W - LABEL_W - VALUE_W) / peak
    body = [f'<line class="axis" x1="{LABEL_W}" y1="4" x2="{LABEL_W}" y2="{height - 20}"/>']
    for i, category in enumerate(categories):
        top = i * group_h + 6
        body.append(_text(LABEL_W - 6, top + n * BAR_H / 2 + 4, _short(category), "end"))
        for j, s in enumerate(series):
            value = float(s.values[i])
            y = top + j * BAR_H
            w = max(value * scale, 0)
            css = s.css
            bound = bounds[i] if bounds is not None else None
            if bound is not None and value > bound:
                css = "over"
            body.append(
                f'<rect class="{css}" x="{LABEL_W}" y="{y}" width="{w:.1f}" height="{BAR_H - 2}">'
                f"<title>{escape(f'{category}, {s.name}: {fmt(value)} {unit}'.strip())}</title>"
                "</rect>"
            )
            body.append(_text(LABEL_W + w + 4, y + BAR_H - 3, fmt(value), css="value"))
        bound = bounds[i] if bounds is not None else None
        if bound is not None:
            x = LABEL_W + bound * scale
            body.append(f'<line class="limit" x1="{x:.1f}" y1="{top - 2}" x2="{x:.1f}" '
                        f'y2="{top + n * BAR_H}"><title>{escape(limit_label)}: '
                        f"{fmt(bound)} {escape(unit)}</title></line>")
    body.append(_text(LABEL_W, height - 4, f"{fmt(0)} {unit}".strip(), css="value"))
    body.append(_text(CHART_W - VALUE_W, height - 4, f"{fmt(peak)} {unit}".strip(), "end",
                      css="value"))
    desc = "; ".join(
        f"{c}: " + ", ".join(f"{s.name} {fmt(float(s.values[i]))}" for s in series)
        for i, c in enumerate(categories)
    ) or _("No data.")
    columns = ["", *(s.name for s in series)] + ([limit_label] if bounds is not None else [])
    rows = [
        [c, *(fmt(float(s.values[i])) for s in series)]
        + ([fmt(bounds[i]) if bounds[i] is not None else "—"] if bounds is not None else [])
        for i, c in enumerate(categories)
    ]
    legend = [(s.name, s.css) for s in series]
    if bounds is not None and any(b is not None for b in bounds):
        legend.append((_("over %(limit_label)s") % {"limit_label": limit_label}, "over"))
    return Chart(title, _svg(title, desc[:1000], CHART_W, height, body), columns, rows, legend)


def stacked_columns(title: str, periods: Sequence[str], series: Sequence[Series],
                    unit: str = "") -> Chart:
    """Columns per period, stacked by series (e.g. pledges per month by status)."""
    height, base, left = 240, 200, 44
    width = CHART_W
    slot = (width - left - 10) / max(len(periods), 1)
    totals = [sum(float(s.values[i]) for s in series) for i in range(len(periods))]
    peak = max([*totals, 1])
    scale = (base - 16) / peak
    body = [
        f'<line class="axis" x1="{left}" y1="{base}" x2="{width - 6}" y2="{base}"/>',
        f'<line class="grid" x1="{left}" y1="{base - peak * scale:.1f}" x2="{width - 6}" '
        f'y2="{base - peak * scale:.1f}"/>',
        _text(left - 4, base - peak * scale + 4, number(peak), "end", "value"),
        _text(left - 4, base + 4, "0", "end", "value"),
    ]
    for i, period in enumerate(periods):
        x = left + i * slot + slot * 0.15
        w = slot * 0.7
        y = base
        for s in series:
            value = float(s.values[i])
            h = value * scale
            if h > 0:
                y -= h
                body.append(
                    f'<rect class="{s.css}" x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" '
                    f'height="{h:.1f}"><title>{escape(f"{period}, {s.name}: {number(value)}")}'
                    "</title></rect>"
                )
        body.append(_text(x + w / 2, base + 14, period, "middle", "value"))
        if totals[i]:
            body.append(_text(x + w / 2, y - 3, number(totals[i]), "middle", "value"))
    desc = "; ".join(
        f"{p}: " + ", ".join(f"{s.name} {number(float(s.values[i]))}" for s in series)
        for i, p in enumerate(periods)
    ) or _("No data.")
    rows = [[p, *(number(float(s.values[i])) for s in series), number(totals[i])]
            for i, p in enumerate(periods)]
    return Chart(title, _svg(title, desc[:1000], width, height + 4, body),
                 ["", *(s.name for s in series), _("Total")], rows,
                 [(s.name, s.css) for s in series])


def _short(text: str, limit: int = 22) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"

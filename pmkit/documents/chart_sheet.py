"""Charts that share one HTML page: markers, styles and each model's web, written once.

A page of fifty PMs' wheels and trends would repeat the same rings, labels, marker shapes
and colours fifty times. Charts drawn with a :class:`ChartSheet` hold only their own data:
one path per series, styled by class (``r-<role>`` for the wheel, ``t<k>`` for trend lines)
from :meth:`ChartSheet.css`, with markers and the shared webs from :meth:`ChartSheet.defs`.
Both come from the same style tables as the standalone charts, so the two never look apart.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable

from pmkit.documents.charts import FONT, ROLE_STYLES, TREND_STYLES, Style, el, shape, stroke

PREFIX = "pmkit"


def _rules(cls: str, st: Style, marker: str) -> list[str]:
    dash = f"stroke-dasharray:{st.dash};" if st.dash else ""
    faint = f"stroke-opacity:{st.opacity:g};" if st.opacity < 1 else ""
    rules = [f".pmkit-chart .{cls}{{stroke:{st.colour};stroke-width:{st.width:g}px;{dash}{faint}"
             f"marker:url(#{marker})}}"]
    if st.fill_opacity:
        rules.append(f".pmkit-chart .{cls}.fill{{fill:{st.colour};fill-opacity:{st.fill_opacity:g}}}")
    return rules


class ChartSheet:
    """What every chart of one page shares; charts register their web, the page writes it once."""

    def __init__(self) -> None:
        self._shared: dict[Hashable, tuple[str, str, str]] = {}  # key -> (under id, over id, defs)

    def shared(self, key: Hashable, draw: Callable[[], tuple[list[str], list[str]]]) -> tuple[str, str]:
        """The ids of the parts drawn under and over the data for ``key``, drawn the first time."""
        if key not in self._shared:
            n = len(self._shared) + 1
            under, over = draw()
            ids = f"{PREFIX}-web-{n}", f"{PREFIX}-web-{n}-over"
            self._shared[key] = (*ids, el("g", "".join(under), id=ids[0]) + el("g", "".join(over), id=ids[1]))
        under_id, over_id, _ = self._shared[key]
        return under_id, over_id

    @staticmethod
    def css() -> str:
        """The charts' styles, for the page's ``<style>``."""
        rules = [
            ".pmkit-defs{position:absolute;width:0;height:0;overflow:hidden}",
            f".pmkit-chart{{background:#fff;font-family:{FONT}}}",
            ".pmkit-chart text{font-size:11px;fill:#1a1a1a}",
            ".pmkit-chart .chart-title{font-size:15px;font-weight:600;text-anchor:middle}",
            ".pmkit-chart .x-label,.pmkit-chart .y-label{font-size:10px}",
            ".pmkit-chart .s{fill:none;stroke-linejoin:round}",
            ".pmkit-chart .s.nm{marker:none}",  # outranks the role's marker
            ".pmkit-chart .grid{fill:none;stroke:#dcdcdc;stroke-width:.8px}",
            ".pmkit-chart .axis{fill:none;stroke:#8a8a8a;stroke-width:1px}",
        ]
        for role, st in ROLE_STYLES.items():
            rules += _rules(f"r-{role}", st, f"{PREFIX}-mk-{role}")
        for k, st in enumerate(TREND_STYLES):
            rules += _rules(f"t{k}", st, f"{PREFIX}-mk-t{k}")
            faint = st._replace(dash=st.dash or "4 3", width=1.0, opacity=0.6)
            rules.append(f".pmkit-chart .tt{k}{{fill:none;stroke:{st.colour};stroke-width:1px;"
                         f"stroke-dasharray:{faint.dash};stroke-opacity:.6}}")
        return "\n".join(rules)

    def defs(self) -> str:
        """One hidden SVG with the markers and the webs the page's charts use."""
        styles = [*((role, st) for role, st in ROLE_STYLES.items()),
                  *((f"t{k}", st) for k, st in enumerate(TREND_STYLES))]
        markers = "".join(
            el("marker", shape(st.marker, st), id=f"{PREFIX}-mk-{name}", viewBox="-6 -6 12 12",
               markerWidth=12, markerHeight=12, markerUnits="userSpaceOnUse", overflow="visible")
            for name, st in styles)
        # The legend's samples: a stretch of line and one marker. Styled by attributes, not
        # classes: page styles do not reach what a <use> copies in every browser.
        keys = "".join(el("g", el("path", d="M0,0H28", fill="none", **stroke(st))
                          + el("path", d="M14,0h0", marker_start=f"url(#{PREFIX}-mk-{role})"),
                          id=f"{PREFIX}-key-{role}")
                       for role, st in ROLE_STYLES.items())
        webs = "".join(d for _, _, d in self._shared.values())
        return (f'<svg class="pmkit-defs pmkit-chart" xmlns="http://www.w3.org/2000/svg" aria-hidden="true" '
                f'focusable="false"><defs>{markers}{keys}{webs}</defs></svg>')

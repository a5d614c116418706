"""The handout's chart: no two labels collide and none runs off the picture, whatever the plan or language.

The SVG scales as one picture, so a layout without collisions in its own units
has none at any screen width (320 to 1600 px) or on paper.
"""

import datetime as dt
import html
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import PATIENT_FACTORS
from spinerecov.i18n import use_language
from spinerecov.knowledge.loader import load_knowledge_base, resolve_kb_path
from spinerecov.knowledge.patient import PatientFactors
from spinerecov.output.html.chart import FONT, LABEL_WIDTH, NUMBER_FONT, TICK_FONT, WIDTH, plan_svg, text_width
from spinerecov.plan.personalise import personalise
from spinerecov.plan.timeline import Timeline, build_timeline

PROCEDURES = ("miss", "endoscopic", "tubular", "open-discectomy", "mis-fusion", "open-fusion")
Box = tuple[float, float, float, float]  # left, right, top, bottom


def _timeline(procedure: str, factors: PatientFactors, surgery: dt.date, today_offset: int) -> Timeline:
    kb = load_knowledge_base(resolve_kb_path())
    plan = personalise(kb, procedure, factors)
    return build_timeline(kb, plan, factors, surgery, surgery + dt.timedelta(days=today_offset))


def _text_boxes(svg: str, css_class: str, size: float, bold: bool = False) -> list[Box]:
    boxes = []
    for match in re.finditer(
        rf'<text x="([\d.]+)" y="([\d.]+)"(?: text-anchor="(\w+)")? class="{css_class}">([^<]*)<', svg
    ):
        x, y, anchor, text = float(match[1]), float(match[2]), match[3] or "start", html.unescape(match[4])
        width = text_width(text, size, bold)
        left = x - width if anchor == "end" else x
        boxes.append((left, left + width, y - size, y))
    return boxes


def _marker_boxes(svg: str) -> list[Box]:
    boxes = []
    for match in re.finditer(r'<path d="M([\d.]+) ([\d.]+) [^"]*" class="milestone"/><text [^>]*>(\d+)<', svg):
        x, top, number = float(match[1]), float(match[2]), match[3]
        boxes.append((x - 5, x + 6 + text_width(number, NUMBER_FONT, bold=True), top, top + 12))
    return boxes


def _overlapping(boxes: list[Box]) -> list[tuple[Box, Box]]:
    return [
        (a, b)
        for i, a in enumerate(boxes)
        for b in boxes[i + 1 :]
        if a[0] < b[1] and b[0] < a[1] and a[2] < b[3] and b[2] < a[3]
    ]


@settings(max_examples=40)
@given(
    procedure=st.sampled_from(PROCEDURES),
    factors=PATIENT_FACTORS,
    surgery=st.dates(dt.date(1990, 1, 1), dt.date(2190, 12, 31)),
    today_offset=st.integers(-30, 800),
    language=st.sampled_from(["en", "es"]),
)
def test_chart_labels_never_collide_or_leave_the_picture(
    procedure: str, factors: PatientFactors, surgery: dt.date, today_offset: int, language: str
) -> None:
    """Axis labels, bar dates and numbered milestones never overlap one another and stay inside the chart."""
    use_language(language)  # type: ignore[arg-type]
    try:
        svg = plan_svg(_timeline(procedure, factors, surgery, today_offset))
    finally:
        use_language("en")
    ticks = _text_boxes(svg, "tick", TICK_FONT)
    assert ticks, "the axis has labels"
    dates = _text_boxes(svg, "dates", TICK_FONT)
    markers = _marker_boxes(svg)
    assert not _overlapping(ticks), "axis labels collide"
    assert not _overlapping(markers), "milestone markers collide"
    for left, right, _top, _bottom in ticks + dates:
        assert LABEL_WIDTH <= left and right <= WIDTH, "a label runs off the chart or into the names"
    for left, right, _top, _bottom in markers:  # a day-0 diamond is centred on the axis's start
        assert LABEL_WIDTH - 6 <= left and right <= WIDTH, "a milestone runs off the chart"


def test_week_and_date_labels_thin_out_on_a_long_plan() -> None:
    """A year-long chart labels fewer weeks, each far enough from the next for '27 Nov 2026'."""
    timeline = _timeline("mis-fusion", PatientFactors(smoker=True, age=75, diabetes=True), dt.date(2026, 11, 27), 400)
    svg = plan_svg(timeline)
    ticks = sorted(box[0] for box in _text_boxes(svg, "tick", TICK_FONT))
    starts = sorted(set(ticks))
    gaps = [b - a for a, b in zip(starts, starts[1:], strict=False)]
    assert gaps and min(gaps) >= text_width("27 Nov 2026", TICK_FONT)


def test_an_unbreakable_phase_name_stays_in_its_column() -> None:
    """A 300-character phase name without spaces is shortened with an ellipsis in the chart's name column."""
    timeline = _timeline("endoscopic", PatientFactors(), dt.date(2024, 5, 1), 19)
    long_name = "X" * 300
    phases = (timeline.phases[0]._replace(name=long_name), *timeline.phases[1:])
    svg = plan_svg(timeline._replace(phases=phases))
    label = re.search(
        r'<text x="4" y="[\d.]+" class="label"><tspan x="4">(X+)</tspan><tspan [^>]*?(?: font-size="(\d+)")?>([^<]*)<',
        svg,
    )
    assert label is not None
    size = float(label[2] or FONT)
    assert label[3].endswith("\u2026")
    assert text_width(label[1], FONT, bold=True) <= LABEL_WIDTH
    assert text_width(label[3], size, bold=True) <= LABEL_WIDTH
    assert long_name in svg  # the description still names it whole

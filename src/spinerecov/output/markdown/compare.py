"""A comparison of procedures as a markdown table; values that differ are in bold."""

from spinerecov.i18n import _
from spinerecov.knowledge.models import DayRange, KnowledgeBase
from spinerecov.output.markdown.plan import cell_text
from spinerecov.output.wording import compared_differences, compared_value, red_flag_pointer
from spinerecov.plan.compare import Comparison, compared_sections


def comparison_to_markdown(comparison: Comparison, kb: KnowledgeBase) -> str:
    """A comparison as a markdown table; values that differ are in bold."""

    def cell(day: int | None, sourced: DayRange | None, differs: bool) -> str:
        text = compared_value(day, sourced)
        return f"**{text}**" if differs else text

    header = "| | " + " | ".join(cell_text(n) for n in comparison.names) + " |"
    title = "# " + _("Compared: {procedures}").format(procedures=", ".join(comparison.names))
    lines = [title, "", f"> {kb.disclaimer}", ""]
    lines += [_("Days or weeks after surgery; values that differ are in **bold**."), "", header]
    lines.append("|---" * (len(comparison.names) + 1) + "|")
    lines.append("| " + _("Hospital stay") + " | " + " | ".join(cell_text(s) for s in comparison.stays) + " |")
    for title, rows in compared_sections(comparison):
        lines.append(f"| **{title}** |" + " |" * len(comparison.names))
        for row in rows:
            cells = (cell(d, r, row.differs) for d, r in zip(row.days, row.ranges, strict=True))
            lines.append(f"| {row.label} | " + " | ".join(cells) + " |")
    lines += ["", _("In brackets: the range the sources give (most people)."), ""]
    differing = compared_differences(comparison, kb.sources)
    if differing:
        lines += [_("Where sources differ:"), "", *(f"- {line}" for line in differing), ""]
    lines += [_("'ask surgeon': only with your surgeon's clearance, never automatically."), ""]
    lines += [f"**{red_flag_pointer(kb.red_flags, kb.clinic)}**", ""]
    return "\n".join(lines)

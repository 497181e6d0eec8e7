"""Markdown: the whole summary as readable plain text (for e-mail, a wiki or a repository).

A session with tables gets a section per table (``Report.tables``) before the plenary harvest."""

from __future__ import annotations

import re

from dialoog.i18n import _, pgettext
from dialoog.sessions.report import (
    SMILEYS,
    Report,
    ReportCard,
    ReportPerson,
    ReportTable,
    in_report_language,
    minutes,
    resource_label,
    votes_label,
)


def _md(text: str) -> str:
    """Participant text as literal Markdown: no headings, links or HTML sneak in."""
    text = re.sub(r"([\\`*_{}\[\]()#+!|<>~])", r"\\\1", text)
    return text.replace("\n", "  \n")


def _row(*cells: str) -> str:
    """One row of a Markdown table."""
    return "| " + " | ".join(cells) + " |"


def _cards(cards: list[ReportCard]) -> list[str]:
    """Cards as a list, each with its kind; a blank line after."""
    return [f"- {_md(c.text)} ({c.kind_label.lower()})" for c in cards] + [""]


def _people(people: list[ReportPerson]) -> list[str]:
    """Turns, passes and speaking time per person, as a Markdown table."""
    lines = [_row(_("Deelnemer"), _("Beurten"), _("Gepast"), _("Spreektijd"), _("Aandeel")),
             "|---|---:|---:|---:|---:|"]
    # the label escaped, the "(afwezig)" of our own not
    return lines + [_row(_md(x.label) if x.present else _("{name} (afwezig)", name=_md(x.label)),
                         str(x.turns), str(x.passes), minutes(x.seconds), f"{x.share:.0%}") for x in people]


def _table(report: Report, table: ReportTable) -> list[str]:
    """A table's section: who sat there, its own rounds and fairness figures, its cards per phase."""
    p = table.process
    lines = [f"## {_md(table.name)}", "", report.seated_text([_md(name) for name in table.people]), "",
             _md(p.statement), "", report.totals_of(p), ""]
    if p.people:
        lines += _people(p.people) + [""]
    lines += [report.gini_of(p), ""]
    for phase in table.phases:
        lines += [f"### {_md(phase.name)}", ""] + _cards(phase.cards)
    if not table.phases:
        lines += [_("Geen kaarten aan deze tafel."), ""]
    return lines


@in_report_language
def render(report: Report) -> bytes:
    """The report as UTF-8 Markdown, in the report's language."""
    h = report.header
    lines = ["# " + _("Verslag: {title}", title=_md(h.title)), ""]
    lines += [f"- **{k}:** {_md(v)}" for k, v in report.header_rows()]
    if h.follow_up:
        lines += ["", "**" + _("Wat er met de inbreng gebeurt:") + "** " + _md(h.follow_up)]
    lines += ["", "## " + _("Aanwezig"), "", report.attendance_text, ""]
    for table in report.tables:
        lines += _table(report, table)
    for phase in report.phases:
        if phase.mode == "info":
            continue
        lines += [f"## {_md(phase.name)}", "", f"*{_md(phase.question)}*", ""]
        if not phase.themes:
            lines += [_("Geen kaarten in deze fase."), ""]
        for theme in phase.themes:
            if theme.name:
                lines += [f"### {_md(theme.name)}", ""]
            lines += _cards(theme.cards)
    lines += ["## " + _("Mogelijkheden op volgorde van stemmen"), ""]
    lines += [f"{i}. {_md(c.text)} — {votes_label(c.votes)}"
              for i, c in enumerate(report.possibilities, 1)] or [_("Geen mogelijkheden.")]
    for title, cards, none in ((pgettext("report section", "Aanbod"), report.offers, _("Geen aanbod.")),
                               (_("Vragen"), report.asks, _("Geen vragen."))):
        lines += ["", f"## {title}", ""]
        lines += [f"- **{resource_label(c.resource)}:** {_md(c.text)}" for c in cards] or [none]
    lines += ["", "## " + _("Acties"), ""]
    if not report.actions:
        lines += [_("Geen acties.")]
    for act in report.actions:
        if act.no_action:
            lines += ["- " + _("{who}: geen actie", who=_md(act.who))]
            continue
        parts = [f"**{_md(act.what)}**"] + [f"{k}: {_md(v)}" for k, v in act.details()]
        lines += ["- " + "; ".join(parts)]
    e = report.evaluation
    lines += ["", "## " + _("Evaluatie"), ""]
    if e.count:
        lines += [report.evaluation_text, ""]
        lines += [f"- {_(SMILEYS[n])}: {e.distribution[n]}" for n in range(5, 0, -1)]
        lines += [""] + [f"> {_md(r)}" for r in e.remarks]
    else:
        lines += [_("Geen evaluaties.")]
    p = report.process
    lines += ["", "## " + _("Verloop"), "", _md(p.statement), "", report.totals_text, "",
              _row(_("Fase"), _("Beurten"), _("Gepast"), _("Tijd")), "|---|---:|---:|---:|"]
    lines += [_row(_md(ph.name), str(ph.turns), str(ph.passes), minutes(ph.seconds))
              for ph in report.phases if ph.mode != "info"]
    lines += [""] + _people(p.people)
    lines += ["", report.gini_text, "", f"*{report.colophon}*", ""]
    return "\n".join(lines).encode("utf-8")

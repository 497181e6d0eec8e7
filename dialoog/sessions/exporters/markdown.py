"""Markdown: the whole summary as readable plain text (for e-mail, a wiki or a repository)."""

from __future__ import annotations

import re

from dialoog.sessions.report import SMILEYS, Report, minutes, resource_label, votes_label


def _md(text: str) -> str:
    """Participant text as literal Markdown: no headings, links or HTML sneak in."""
    text = re.sub(r"([\\`*_{}\[\]()#+!|<>~])", r"\\\1", text)
    return text.replace("\n", "  \n")


def render(report: Report) -> bytes:
    """The report as UTF-8 Markdown."""
    h = report.header
    lines = [f"# Verslag: {_md(h.title)}", ""]
    lines += [f"- **{k}:** {_md(v)}" for k, v in report.header_rows()]
    if h.follow_up:
        lines += ["", "**Wat er met de inbreng gebeurt:** " + _md(h.follow_up)]
    lines += ["", "## Aanwezig", "", report.attendance_text, ""]
    for phase in report.phases:
        if phase.mode == "info":
            continue
        lines += [f"## {_md(phase.name)}", "", f"*{_md(phase.question)}*", ""]
        if not phase.themes:
            lines += ["Geen kaarten in deze fase.", ""]
        for theme in phase.themes:
            if theme.name:
                lines += [f"### {_md(theme.name)}", ""]
            lines += [f"- {_md(c.text)} ({c.kind_label.lower()})" for c in theme.cards] + [""]
    lines += ["## Mogelijkheden op volgorde van stemmen", ""]
    lines += [f"{i}. {_md(c.text)} — {votes_label(c.votes)}"
              for i, c in enumerate(report.possibilities, 1)] or ["Geen mogelijkheden."]
    for title, cards in (("Aanbod", report.offers), ("Vragen", report.asks)):
        lines += ["", f"## {title}", ""]
        lines += [f"- **{resource_label(c.resource)}:** {_md(c.text)}" for c in cards] or [f"Geen {title.lower()}."]
    lines += ["", "## Acties", ""]
    if not report.actions:
        lines += ["Geen acties."]
    for act in report.actions:
        if act.no_action:
            lines += [f"- {_md(act.who)}: geen actie"]
            continue
        parts = [f"**{_md(act.what)}**"] + [f"{k}: {_md(v)}" for k, v in act.details()]
        lines += ["- " + "; ".join(parts)]
    e = report.evaluation
    lines += ["", "## Evaluatie", ""]
    if e.count:
        lines += [report.evaluation_text, ""]
        lines += [f"- {SMILEYS[n]}: {e.distribution[n]}" for n in range(5, 0, -1)]
        lines += [""] + [f"> {_md(r)}" for r in e.remarks]
    else:
        lines += ["Geen evaluaties."]
    p = report.process
    lines += ["", "## Verloop", "", p.statement, "", report.totals_text, "",
              "| Fase | Beurten | Gepast | Tijd |", "|---|---:|---:|---:|"]
    lines += [f"| {_md(ph.name)} | {ph.turns} | {ph.passes} | {minutes(ph.seconds)} |"
              for ph in report.phases if ph.mode != "info"]
    lines += ["", "| Deelnemer | Beurten | Gepast | Spreektijd | Aandeel |", "|---|---:|---:|---:|---:|"]
    lines += [f"| {_md(x.label)}{'' if x.present else ' (afwezig)'} | {x.turns} | {x.passes} | {minutes(x.seconds)} | "
              f"{x.share:.0%} |" for x in p.people]  # the label escaped, the "(afwezig)" of our own not
    lines += ["", report.gini_text, "", f"*{report.colophon}*", ""]
    return "\n".join(lines).encode("utf-8")

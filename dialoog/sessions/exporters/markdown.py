"""Markdown: the whole summary as readable plain text (for e-mail, a wiki or a repository)."""

from __future__ import annotations

import re

from dialoog.sessions.report import SMILEYS, Report, minutes, resource_label


def _md(text: str) -> str:
    """Participant text as literal Markdown: no headings, links or HTML sneak in."""
    text = re.sub(r"([\\`*_{}\[\]()#+!|<>~])", r"\\\1", text)
    return text.replace("\n", "  \n")


def render(report: Report) -> bytes:
    h = report.header
    lines = [f"# Verslag: {_md(h.title)}", ""]
    rows = [
        ("Thema", h.theme), ("Buurt", h.neighbourhood), ("Datum", report.date_label), ("Plaats", h.place),
        ("Organisatie", h.organisation), ("Gespreksleider", h.facilitator),
        ("Niveau van inspraak", h.participation_level_label),
    ]
    lines += [f"- **{k}:** {_md(v)}" for k, v in rows if v]
    if h.follow_up:
        lines += ["", "**Wat er met de inbreng gebeurt:** " + _md(h.follow_up)]
    a = report.attendance
    lines += ["", "## Aanwezig", "",
              f"{a.joined} deelnemers, van wie {a.present_at_end} aanwezig tot het einde, {a.absent} afwezig, "
              f"{a.without_phone} zonder telefoon.", ""]
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
    lines += [f"{i}. {_md(c.text)} — {c.votes} stem{'men' if c.votes != 1 else ''}"
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
        parts = [f"**{_md(act.what)}**"] + [f"{k}: {_md(v)}" for k, v in (
            ("trekker", act.who), ("eerste stap", act.first_step), ("wanneer", act.when), ("nodig", act.needs)) if v]
        if act.follow_up_on:
            parts.append(f"terugkoppeling: {act.follow_up_on.strftime('%d-%m-%Y')}")
        lines += ["- " + "; ".join(parts)]
    e = report.evaluation
    lines += ["", "## Evaluatie", ""]
    if e.count:
        lines += [f"{e.count} deelnemers gaven een oordeel; gemiddeld {e.average} van 5.", ""]
        lines += [f"- {SMILEYS[n]}: {e.distribution[n]}" for n in range(5, 0, -1)]
        lines += [""] + [f"> {_md(r)}" for r in e.remarks]
    else:
        lines += ["Geen evaluaties."]
    p = report.process
    lines += ["", "## Verloop", "", p.statement, "",
              f"{p.rounds} rondes, {p.turns} beurten, {p.passes} keer gepast, {minutes(p.seconds)} spreektijd.", "",
              "| Fase | Beurten | Gepast | Tijd |", "|---|---:|---:|---:|"]
    lines += [f"| {_md(ph.name)} | {ph.turns} | {ph.passes} | {minutes(ph.seconds)} |"
              for ph in report.phases if ph.mode != "info"]
    lines += ["", "| Deelnemer | Beurten | Gepast | Spreektijd | Aandeel |", "|---|---:|---:|---:|---:|"]
    lines += [f"| {_md(x.label)}{'' if x.present else ' (afwezig)'} | {x.turns} | {x.passes} | {minutes(x.seconds)} | "
              f"{x.share:.0%} |" for x in p.people]
    lines += ["", f"Verdeling van de spreektijd (Gini): {p.gini:.2f} (0 = gelijk verdeeld).", "",
              f"*Gemaakt met Dialoog op {report.generated_at.strftime('%d-%m-%Y %H:%M')} UTC. "
              "Namen alleen met toestemming; contactgegevens staan niet in dit verslag.*", ""]
    return "\n".join(lines).encode("utf-8")

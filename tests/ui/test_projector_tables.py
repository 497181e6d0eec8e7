"""The projector of a session with tables (docs/tables.md): "Plenair" shows the cards of every table
together (per theme, as without tables); "Tafelweergave" shows them per table, under its name."""

from nicegui import ui
from nicegui.testing import User

from dialoog.sessions import facilitation, harvest, participation, tables, views
from tests.ui.conftest import log_in


def _section(user: User, heading: str) -> list[str]:
    """The texts of the cards in the wall's section under ``heading`` (a theme's or a table's name)."""
    label = next(e for e in user.find(kind=ui.label, content=heading).elements
                 if "d-screen-theme" in e.classes and e.text == heading)
    section = label.parent_slot.parent
    return [e.text for e in section.descendants() if isinstance(e, ui.label) and e.text.startswith("Kaart ")]


async def test_the_projector_groups_the_cards_per_table_on_tafelweergave(user: User, live_session):
    org, sid = live_session.organiser_id, live_session.id
    people = {name: participation.join(sid, name).id for name in ("Anna", "Bram", "Cor", "Dirk")}
    tables.set_count(org, sid, 2)  # Anna and Cor at Tafel 1, Bram and Dirk at Tafel 2
    facilitation.go_to_phase(org, sid, 3)  # Dromen
    for name in people:
        participation.add_card(sid, people[name], f"Kaart van {name}")
    phase_id = views.load_snapshot(sid).phases[3].id
    theme = harvest.add_theme(org, sid, phase_id, "Groen")
    harvest.set_theme(org, sid, views.load_snapshot(sid).cards[0].id, theme)  # Anna's card

    await log_in(user)  # (any first page starts the app; the projector itself needs no login)
    await user.open(f"/scherm/{live_session.join_code}")
    await user.should_see("Kaart van Dirk")
    await user.should_see("Groen")  # "Plenair", the default: every table's cards, per theme
    assert _section(user, "Groen") == ["Kaart van Anna"]
    await user.should_not_see("Tafel 1")

    tables.set_projector_view(org, sid, "tafels")  # "Tafelweergave": the screen repaints by itself
    await user.should_see("Tafel 1")
    await user.should_see("Tafel 2")
    await user.should_not_see("Groen")
    assert sorted(_section(user, "Tafel 1")) == ["Kaart van Anna", "Kaart van Cor"]
    assert sorted(_section(user, "Tafel 2")) == ["Kaart van Bram", "Kaart van Dirk"]

    participation.add_card(sid, people["Bram"], "Kaart van Bram, nog een")  # a new card comes live
    await user.should_see("Kaart van Bram, nog een")
    assert "Kaart van Bram, nog een" in _section(user, "Tafel 2")
    tables.rename(org, sid, views.load_snapshot(sid).tables[0].id, "Tafel bij het raam")
    await user.should_see("Tafel bij het raam")
    assert sorted(_section(user, "Tafel bij het raam")) == ["Kaart van Anna", "Kaart van Cor"]

    tables.set_projector_view(org, sid, "plenair")
    await user.should_see("Groen")
    await user.should_not_see("Tafel 2")

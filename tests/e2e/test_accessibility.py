"""WCAG 2.2 AA in real Chromium (issue #14): axe-core on every screen, the console by keyboard
only with a visible focus ring, and no motion for people who asked their system for none.

axe-core is pinned in tests/e2e/axe (npm ci when missing, see axe_check.py). A serious or critical
violation fails the test, with the rule, the elements and their HTML; moderate and minor ones are
printed (run with -s to see them).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.axe_check import assert_clean, audit, axe_script
from tests.e2e.conftest import ADMIN, Server, log_in_and_create

pytestmark = pytest.mark.e2e

PHONE = {"width": 360, "height": 740}
CARDS = {
    "Anna": "Toen mijn fiets gestolen was, leende de buurman me de zijne.",
    "Bram": "Bij de straatbarbecue kende ik opeens iedereen.",
    "Cor": "De bakker vroeg hoe het met mijn moeder ging.",
}


@pytest.fixture(scope="session")
def axe():
    return axe_script()


@pytest.fixture
def fresh_server(tmp_path):
    """A server without an organiser account: the first visit is the first-account setup."""
    srv = Server(tmp_path / "server", admin=False)
    srv.start()
    yield srv
    srv.stop()


def phone_page(browser, server, code: str, name: str | None = None):
    ctx = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True, locale="nl-NL")
    page = ctx.new_page()
    page.goto(f"{server.url}/j/{code}")
    if name is not None:
        join(page, name)
    return page


def join(page, name: str) -> None:
    page.get_by_label("Je naam").fill(name)
    page.get_by_role("button", name="Meedoen").click()
    expect(page.get_by_text(f"Hoi {name}")).to_be_visible()


def next_phase(console, clicks: int, name: str) -> None:
    for _ in range(clicks):
        console.get_by_role("button", name="Volgende fase").click()
    expect(console.locator(f"div:text-is('{name}')")).to_be_visible()


def test_setup_and_login_pages(fresh_server, browser, axe):
    ctx = browser.new_context(viewport={"width": 1280, "height": 800}, locale="nl-NL")
    page = ctx.new_page()
    page.goto(fresh_server.url)
    expect(page.get_by_role("button", name="Account aanmaken")).to_be_visible()
    audits = [audit(page, "setup", axe)]
    # Quasar's loading bar is a progressbar: it is named in the page's language (dialoog/app.py)
    expect(page.locator(".q-loading-bar")).to_have_attribute("aria-label", "Laden...")
    page.get_by_label("E-mail").fill(ADMIN[0])
    page.get_by_label("Wachtwoord").fill("kort")
    page.get_by_role("button", name="Account aanmaken").click()
    expect(page.get_by_role("alert").filter(has_text="tekens")).to_be_visible()
    audits.append(audit(page, "setup with an error", axe))
    page.get_by_label("Wachtwoord").fill(ADMIN[1])
    page.get_by_role("button", name="Account aanmaken").click()
    expect(page.get_by_role("button", name="Nieuwe sessie")).to_be_visible()
    audits.append(audit(page, "dashboard (empty)", axe))
    page.goto(f"{fresh_server.url}/logout")
    expect(page.get_by_role("button", name="Inloggen")).to_be_visible()
    audits.append(audit(page, "login", axe))
    page.get_by_label("E-mail").fill(ADMIN[0])
    page.get_by_label("Wachtwoord").fill("niet het wachtwoord")
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_text("horen niet bij elkaar")).to_be_visible()
    audits.append(audit(page, "login with an error", axe))
    phone = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, locale="nl-NL").new_page()
    phone.goto(f"{fresh_server.url}/j")  # typing a code by hand
    expect(phone.get_by_label("Code")).to_be_visible()
    audits.append(audit(phone, "phone: type a code", axe))
    phone.goto(f"{fresh_server.url}/j/QQQQQQ")  # a code that does not exist
    expect(phone.get_by_role("alert").filter(has_text="bestaat niet")).to_be_visible()
    audits.append(audit(phone, "phone: unknown code", axe))
    ctx.close()
    assert_clean(audits)


def test_live_round_pages(server, browser, axe):
    ctx, console, code = log_in_and_create(browser, server)
    audits = [audit(console, "console (lobby)", axe)]
    projector = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="nl-NL").new_page()
    projector.goto(f"{server.url}/scherm/{code}")
    expect(projector.get_by_role("img", name="QR-code om mee te doen").first).to_be_visible()
    audits.append(audit(projector, "projector (lobby)", axe))

    anna = phone_page(browser, server, code)
    expect(anna.get_by_label("Je naam")).to_be_visible()
    audits.append(audit(anna, "phone: join form", axe))
    join(anna, "Anna")
    audits.append(audit(anna, "phone: waiting", axe))
    phones = {"Anna": anna, **{name: phone_page(browser, server, code, name) for name in ("Bram", "Cor")}}
    expect(console.get_by_text("Deelnemers (3)")).to_be_visible()

    next_phase(console, 3, "3. Ervaringen")
    for name, phone in phones.items():
        phone.get_by_label("Jouw kaart").fill(CARDS[name])
        phone.get_by_role("button", name="Plaats kaart").click()
        expect(phone.get_by_text(CARDS[name], exact=True)).to_be_visible()
    audits.append(audit(anna, "phone: write a card", axe))

    console.get_by_role("button", name="Start ronde").click()
    expect(console.get_by_text("Nog niet aan bod (3)")).to_be_visible()
    console.get_by_role("button", name="Volgende spreker").click()
    expect(anna.get_by_text("Jij bent aan de beurt")).to_be_visible()
    expect(phones["Bram"].get_by_text("Jij bent hierna aan de beurt.")).to_be_visible()
    console.get_by_text("Tijd tonen op scherm").click()
    expect(projector.locator(".q-circular-progress")).to_be_visible()
    for text in CARDS.values():
        expect(projector.get_by_text(text, exact=True)).to_be_visible()
    audits.append(audit(anna, "phone: your turn", axe))
    audits.append(audit(phones["Bram"], "phone: next up", axe))
    audits.append(audit(console, "console (round running)", axe))
    audits.append(audit(projector, "projector (mid-round, cards)", axe))

    dashboard = ctx.new_page()
    dashboard.goto(f"{server.url}/dashboard")
    expect(dashboard.get_by_text("3 deelnemers")).to_be_visible()
    audits.append(audit(dashboard, "dashboard", axe))
    assert_clean(audits)


def test_harvest_and_results_pages(server, browser, axe):
    ctx, console, code = log_in_and_create(browser, server)
    phones = {name: phone_page(browser, server, code, name) for name in ("Anna", "Bram")}
    projector = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="nl-NL").new_page()
    projector.goto(f"{server.url}/scherm/{code}")
    next_phase(console, 5, "5. Mogelijkheden")
    ideas = {"Anna": ["Een buurtapp voor klusjes", "Een moestuin achter de school"], "Bram": ["Een ruilkast bij de school"]}
    for name, texts in ideas.items():
        for text in texts:
            phones[name].get_by_label("Jouw kaart").fill(text)
            phones[name].get_by_role("button", name="Plaats kaart").click()
            expect(phones[name].get_by_text(text, exact=True)).to_be_visible()
    console.get_by_role("button", name="Stemmen openen").click()
    anna = phones["Anna"]
    expect(anna.get_by_text("Je hebt nog 3 van je 3 stemmen.")).to_be_visible()
    anna.get_by_role("button", name="Stem: Een buurtapp voor klusjes").click()
    expect(anna.get_by_text("Je hebt nog 2 van je 3 stemmen.")).to_be_visible()
    phones["Bram"].get_by_role("button", name="Stem: Een buurtapp voor klusjes").click()
    audits = [audit(anna, "phone: voting", axe)]
    console.get_by_role("button", name="Uitslag tonen").click()
    expect(projector.get_by_text("Uitslag van de stemming")).to_be_visible()
    audits.append(audit(projector, "projector: results", axe))
    audits.append(audit(anna, "phone: results shown", axe))
    audits.append(audit(console, "console (harvest)", axe))

    console.get_by_role("button", name="Sessie afsluiten").click()
    audits.append(audit(console, "console: confirm dialog", axe))
    console.get_by_role("button", name="Afsluiten", exact=True).click()
    anna.wait_for_timeout(500)
    anna.goto(f"{server.url}/j/{code}")
    expect(anna.get_by_text("Het gesprek is afgelopen")).to_be_visible()
    audits.append(audit(anna, "phone: results page (session ended)", axe))
    assert_clean(audits)


# ---------- the console by keyboard only ----------

FOCUS = """() => {
  const textOf = (node) => {  // the visible text without icon ligatures ("arrow_forward")
    const copy = node.cloneNode(true);
    copy.querySelectorAll('.q-icon, .material-icons').forEach(icon => icon.remove());
    return copy.textContent.replace(/\\s+/g, ' ').trim().slice(0, 60);
  };
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  // a text field shows its focus on Quasar's box around the <input>
  const ringed = el.matches('.q-field__native, .q-field__input') ? (el.closest('.q-field__control') || el) : el;
  const style = getComputedStyle(ringed);
  const box = ringed.getBoundingClientRect();
  const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
  return {
    name: el.getAttribute('aria-label') || textOf(el) || el.value || el.tagName,
    html: el.outerHTML.slice(0, 160),
    outline: style.outlineStyle, outlineWidth: parseFloat(style.outlineWidth) || 0,
    outlineColor: style.outlineColor, boxShadow: style.boxShadow,
    width: box.width, height: box.height,
    covered: !(hit && (ringed.contains(hit) || hit.contains(ringed))),
  };
}"""


def focus_problem(focus: dict) -> str | None:
    """Why the focused element's focus is not visible (WCAG 2.4.7), or hidden (2.4.11); None if fine."""
    if focus["width"] < 1 or focus["height"] < 1:
        return "focus on an element without size"
    ring = focus["outline"] != "none" and focus["outlineWidth"] >= 2
    if not ring and focus["boxShadow"] in ("", "none"):
        return f"no focus indicator (outline {focus['outline']} {focus['outlineWidth']}px, box-shadow {focus['boxShadow']})"
    if focus["covered"]:
        return "the focused element is covered by another element"
    return None


def tab_to(page, name: str, trail: list[dict], most: int = 120) -> None:
    """Press Tab until the focus is on `name` (Shift+Tab if it is behind), checking every stop."""
    for key in ("Tab", "Shift+Tab"):
        for _ in range(most):
            page.keyboard.press(key)
            focus = page.evaluate(FOCUS)
            if focus is None:
                continue
            trail.append(focus)
            if focus["name"] == name:
                return
    raise AssertionError(f"{name!r} cannot be reached with Tab or Shift+Tab; stops: {[f['name'] for f in trail[-40:]]}")


def test_console_by_keyboard_only(server, browser):
    ctx, console, code = log_in_and_create(browser, server)
    phones = {name: phone_page(browser, server, code, name) for name in ("Anna", "Bram")}
    expect(console.get_by_text("Deelnemers (2)")).to_be_visible()
    console.reload()  # from the top of a fresh page, the keyboard alone from here on
    expect(console.get_by_role("button", name="Volgende fase")).to_be_visible()
    trail: list[dict] = []

    tab_to(console, "Volgende fase", trail)
    console.keyboard.press("Enter")
    expect(console.locator("div:text-is('1. Welkom & afspraken')")).to_be_visible()
    console.keyboard.press("Enter")  # the focus stays on the button
    expect(console.get_by_text("Nog geen ronde in Kennismaken")).to_be_visible()

    tab_to(console, "Start ronde", trail)
    console.keyboard.press("Enter")
    expect(console.get_by_text("Nog niet aan bod (2)")).to_be_visible()

    tab_to(console, "Volgende spreker", trail)
    console.keyboard.press("Space")
    expect(phones["Anna"].get_by_text("Jij bent aan de beurt")).to_be_visible()
    console.keyboard.press("Space")
    expect(phones["Bram"].get_by_text("Jij bent aan de beurt")).to_be_visible()

    problems = [f"{f['name']!r}: {p}\n      {f['html']}" for f in trail if (p := focus_problem(f))]
    print(f"keyboard: {len(trail)} focus stops, e.g. {[f['name'] for f in trail[:12]]}")
    assert not problems, "focus not visible:\n" + "\n".join(problems)


# ---------- prefers-reduced-motion ----------

MOTION = """() => {
  const seconds = (list) => Math.max(...list.split(',').map(t => parseFloat(t) * (t.trim().endsWith('ms') ? 0.001 : 1)));
  const moving = [];
  for (const el of document.querySelectorAll('*')) {
    for (const pseudo of [null, '::before', '::after']) {
      const s = getComputedStyle(el, pseudo);
      const t = seconds(s.transitionDuration), a = s.animationName !== 'none' ? seconds(s.animationDuration) : 0;
      if (t > 0.001 || a > 0.001) moving.push(`${el.tagName.toLowerCase()}.${[...el.classList].join('.')}${pseudo || ''}: transition ${s.transitionDuration}, animation ${s.animationName} ${s.animationDuration}`);
    }
  }
  return moving;
}"""


def test_reduced_motion_turns_off_transitions_and_animations(server, browser):
    ctx, console, code = log_in_and_create(browser, server)
    phone = phone_page(browser, server, code, "Anna")
    console.get_by_role("button", name="Volgende fase").click()
    console.get_by_role("button", name="Volgende fase").click()
    console.get_by_role("button", name="Start ronde").click()
    console.get_by_role("button", name="Volgende spreker").click()
    expect(phone.get_by_text("Jij bent aan de beurt")).to_be_visible()
    for page in (console, phone):
        moving = page.evaluate(MOTION)
        assert moving, "nothing moves even without the preference: the test would prove nothing"
        page.emulate_media(reduced_motion="reduce")
        still = page.evaluate(MOTION)
        assert not still, f"{len(still)} elements still move under prefers-reduced-motion:\n" + "\n".join(still[:20])
        print(f"reduced motion: {len(moving)} moving elements on {page.url} stood still")
    # a transition that really runs (the toggle's thumb) now ends at once
    toggle = console.get_by_text("Tijd tonen op scherm")
    toggle.click()
    thumb = console.locator(".q-toggle__thumb").first
    assert thumb.evaluate("el => getComputedStyle(el).transitionDuration").split(",")[0].strip() == "0s"

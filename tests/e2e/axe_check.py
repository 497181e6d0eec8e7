"""axe-core in real Chromium: WCAG 2.2 A/AA checks for a Playwright page.

axe-core comes from the npm registry, pinned in tests/e2e/axe/package.json and package-lock.json;
``axe_script()`` runs ``npm ci --prefix tests/e2e/axe`` when it is not installed yet. Without npm
(or when the install fails) the tests are skipped with the reason, except under CI=true, where a
missing axe-core is a failure.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest

IN_CI = os.environ.get("CI", "").lower() == "true"
AXE_DIR = Path(__file__).resolve().parent / "axe"
AXE_JS = AXE_DIR / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BLOCKING = {"serious", "critical"}


def _unavailable(reason: str) -> None:
    if IN_CI:
        pytest.fail(f"CI=true but {reason}", pytrace=False)
    pytest.skip(reason)


def axe_script() -> Path:
    """The path of axe.min.js, installed from the lock file if it is missing."""
    if AXE_JS.exists():
        return AXE_JS
    npm = shutil.which("npm")
    if npm is None:
        _unavailable("npm is missing, so axe-core cannot be installed (Debian: apt-get install nodejs npm)")
    try:
        done = subprocess.run(
            [npm, "ci", "--prefix", str(AXE_DIR), "--no-audit", "--no-fund", "--loglevel=error"],
            capture_output=True, text=True, timeout=300,
        )
    except subprocess.TimeoutExpired:
        _unavailable("npm ci --prefix tests/e2e/axe took more than 5 minutes")
    if done.returncode != 0 or not AXE_JS.exists():
        _unavailable(f"npm ci --prefix tests/e2e/axe failed ({done.returncode}): {(done.stderr or done.stdout)[-1500:]}")
    return AXE_JS


@dataclass
class Audit:
    """The result of one axe run on one page."""

    name: str
    blocking: list[dict] = field(default_factory=list)  # serious or critical
    minor: list[dict] = field(default_factory=list)     # moderate or minor: printed, not failed
    headings: int = 0  # visible level-one headings (h1 or role=heading aria-level=1)

    def describe(self, violations: list[dict] | None = None, nodes: int = 4) -> str:
        lines = []
        for v in self.blocking if violations is None else violations:
            lines.append(f"[{self.name}] {v['id']} ({v['impact']}): {v['help']} — {len(v['nodes'])} element(s)")
            for node in v["nodes"][:nodes]:
                lines.append(f"    {' '.join(map(str, node['target']))}")
                lines.append(f"      {node['html'][:400]}")
                if node.get("summary"):
                    lines.append(f"      {node['summary'].splitlines()[-1][:240]}")
        return "\n".join(lines)


_RUN = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.map(n => ({target: n.target, html: n.html, summary: n.failureSummary})),
  }));
}"""


def audit(page, name: str, script: Path, settle_ms: int = 400) -> Audit:
    """Run axe on what the page shows now; print every violation, return them sorted by impact."""
    page.wait_for_timeout(settle_ms)  # let Quasar's enter transitions finish: half-faded text is not the design
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(script))
    violations = page.evaluate(_RUN, WCAG_TAGS)
    result = Audit(name, headings=page.locator('h1:visible, [role="heading"][aria-level="1"]:visible').count())
    for v in violations:
        (result.blocking if v["impact"] in BLOCKING else result.minor).append(v)
    if result.blocking:
        print(result.describe())
    if result.minor:
        print(result.describe(result.minor))
    if not violations:
        print(f"[{name}] no WCAG 2.2 A/AA violations")
    return result


def assert_clean(audits: list[Audit]) -> None:
    """Fail on any serious or critical violation, and on a page without a level-one heading."""
    failing = [a for a in audits if a.blocking]
    untitled = [a.name for a in audits if a.headings == 0]
    report = []
    if failing:
        report.append("serious or critical WCAG 2.2 A/AA violations:\n" + "\n".join(a.describe() for a in failing))
    if untitled:  # WCAG 1.3.1: the page's title looks like a heading, so it must be one
        report.append(f"pages without a level-one heading: {untitled}")
    if report:
        pytest.fail("\n".join(report), pytrace=False)

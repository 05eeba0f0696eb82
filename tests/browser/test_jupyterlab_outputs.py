"""The same audit inside JupyterLab: the course's own content as a student sees it there.

Opens each notebook (a temporary copy, stored outputs, not re-run) in a JupyterLab started on
127.0.0.1 by tests/browser's fixture, and runs axe-core on the rendered Markdown cells and the
output areas only: JupyterLab's own interface (menus, prompts, toolbars) is not the course's to
fix and is left out. No critical or serious violation is allowed; every figure needs alt text.
"""

from __future__ import annotations

import pytest

from browser.test_jupyterlab import lab  # noqa: F401  (the JupyterLab fixture)

from .audit import ROOT, blocking, describe, run_axe

pytestmark = pytest.mark.browser
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
COURSE_CONTENT = [".jp-MarkdownCell .jp-RenderedMarkdown", ".jp-OutputArea-output"]
# Findings in the notebooks' own content that this test reports but lets pass until the notebook
# or the table-display helper is changed (notebooks are not edited here). Each names its cause.
# Anything else critical or serious fails; when a finding is fixed, delete its line.
KNOWN: dict[tuple[str, str], str] = {}  # 03's wide moscow_talks table now wraps (helpers.tables)


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: p.name)
def test_course_content_in_jupyterlab_passes_axe(lab, chromium, nb):  # noqa: F811
    base, token, _ = lab
    page = chromium.new_page(viewport={"width": 1366, "height": 768})
    try:
        page.goto(f"{base}/lab/tree/notebooks/{nb.name}?reset&token={token}")
        page.wait_for_selector(".jp-Notebook .jp-MarkdownCell .jp-RenderedMarkdown",
                               timeout=60_000)
        page.wait_for_timeout(1000)  # let every stored output render
        rendered = page.locator(COURSE_CONTENT[1]).count()
        violations = run_axe(page, COURSE_CONTENT)
        no_alt = page.evaluate("""() => [...document.querySelectorAll(
            '.jp-OutputArea-output img, .jp-RenderedMarkdown img')]
            .filter(i => !(i.getAttribute('alt') || '').trim()).length""")
    finally:
        page.close()
    assert rendered > 0, "no output rendered: the audit would see nothing"
    # every finding, whatever its impact, goes to the log (pytest -s / CI) for the content authors
    for v in violations:
        print(f"axe in JupyterLab: {nb.name} [{v['impact']}] {v['id']} ({len(v['nodes'])} nodes)")
    known = [v for v in blocking(violations) if (nb.name, v["id"]) in KNOWN]
    for v in known:
        print(f"known finding, allowed: {nb.name} {v['id']}: {KNOWN[(nb.name, v['id'])]}")
    new = [v for v in blocking(violations) if (nb.name, v["id"]) not in KNOWN]
    assert not new, describe(new)
    assert no_alt == 0, f"{no_alt} images without alt text in the outputs"

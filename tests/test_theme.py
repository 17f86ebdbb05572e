"""A site's own theme: ``catalog build --theme DIR`` (or ``theme:`` in site.yaml) searches
DIR/templates and DIR/static before the default theme, so one template or static file is
overridden by name without copying the rest. Refusals are exact, template errors name the
override's file, ``serve`` rebuilds after an edit of an override, and the Content-Security-Policy
holds for what an override adds (and blocks what it must)."""

from __future__ import annotations

import contextlib
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from bench.loopback import serve
from catalog.errors import CatalogError
from catalog.render.theme import Theme, resolve
from catalog.write import pipeline
from tests.conftest import FIXTURES, PROJECT
from tests.test_browser import Watched
from tests.test_cli import run, snapshot
from tests.test_csp import CSP_META, POLICY, RECORD_VIOLATIONS, _Inline
from tests.test_serve import Served, free_port, serving

# An override of the not-found page alone: it extends base.html, which only the default theme has.
NOT_FOUND = """{% extends "base.html" %}
{% block main %}
<h1 id="theme-note">MARK: no page here at {{ settings.name }}</h1>
{% endblock %}
"""
STYLE = b"/* the site's own style sheet */\nbody { margin: 0; }\n"
EXPECTED = "(expected a theme folder holding templates/ or static/)"


def make_theme(folder: Path, templates: dict[str, str], static: dict[str, bytes]) -> Path:
    for name, text in templates.items():
        (folder / "templates" / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / "templates" / name).write_text(text, encoding="utf-8")
    for name, data in static.items():
        (folder / "static" / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / "static" / name).write_bytes(data)
    return folder


def not_found(mark: str) -> str:
    return NOT_FOUND.replace("MARK", mark)


def built(cwd: Path, out: str, *args: str) -> dict[str, bytes]:
    result = run("build", "--models", "models", "--out", out, *args, cwd=cwd)
    assert result.returncode == 0, result.stderr
    return snapshot(cwd / out)


def set_theme(models: Path, value: str) -> None:
    site = models / "site.yaml"
    site.write_text(site.read_text() + f"theme: {value}\n")


def assert_overridden(themed: dict[str, bytes], plain: dict[str, bytes], mark: str) -> None:
    """The override's bytes for 404.html and for the style.css part of the one stylesheet, the
    default's for the rest (the stylesheet's other parts included)."""
    assert themed.keys() == plain.keys()
    assert {name for name in plain if themed[name] != plain[name]} == {
        "404.html",
        "static/catalog.css",
    }
    default_style = (PROJECT / "static/style.css").read_bytes().rstrip()
    assert themed["static/catalog.css"] == plain["static/catalog.css"].replace(
        default_style, STYLE.rstrip()
    )
    assert default_style in plain["static/catalog.css"]
    page = themed["404.html"].decode()
    assert f'<h1 id="theme-note">{mark}: no page here at Router</h1>' in page
    assert "There is no page at this address." not in page
    # Around the override's block is the default base.html: its policy, header and footer.
    assert '<meta http-equiv="Content-Security-Policy"' in page
    assert '<header class="site-header">' in page
    assert page.partition("</main>")[2] == plain["404.html"].decode().partition("</main>")[2]


def test_help_shows_the_theme_option(tmp_path: Path) -> None:
    for command in ("build", "serve"):
        result = run(command, "--help", cwd=tmp_path)
        assert result.returncode == 0
        assert "--theme DIR" in result.stdout
        assert "DIR/templates and DIR/static are searched first" in " ".join(result.stdout.split())


def test_an_override_replaces_one_template_and_one_static_file_by_name(catalog_dir: Path) -> None:
    root = catalog_dir.parent
    make_theme(root / "theme", {"404.html": not_found("OWN")}, {"style.css": STYLE})
    plain = built(root, "plain")
    themed = built(root, "themed", "--theme", "theme")
    assert_overridden(themed, plain, "OWN")


def test_theme_in_site_yaml_does_the_same(catalog_dir: Path) -> None:
    root = catalog_dir.parent
    make_theme(root / "theme", {"404.html": not_found("OWN")}, {"style.css": STYLE})
    plain = built(root, "plain")
    set_theme(catalog_dir, "../theme")  # relative to the models folder
    themed = built(root, "themed")
    # site.yaml itself is no output: only the two overridden files differ from the plain build
    assert_overridden(themed, plain, "OWN")
    assert themed == built(root, "by-option", "--theme", "theme")


def test_the_theme_option_wins_over_the_setting(catalog_dir: Path) -> None:
    root = catalog_dir.parent
    make_theme(root / "setting", {"404.html": not_found("SETTING")}, {"style.css": STYLE})
    make_theme(root / "option", {"404.html": not_found("OPTION")}, {"style.css": STYLE})
    set_theme(catalog_dir, "../setting")
    plain = built(root, "plain", "--theme", str(PROJECT))  # the default theme, named
    themed = built(root, "themed", "--theme", "option")
    assert_overridden(themed, plain, "OPTION")
    assert b"SETTING" not in themed["404.html"]
    # With --theme the setting is not used, so not refused either.
    site = catalog_dir / "site.yaml"
    site.write_text(site.read_text().replace("theme: ../setting", "theme: ../gone"))
    assert built(root, "again", "--theme", "option") == themed


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--theme", "nowhere"), f"--theme nowhere: no such folder {EXPECTED}"),
        (("--theme", "models/site.yaml"), f"--theme models/site.yaml: is not a folder {EXPECTED}"),
        (("--theme", "empty"), f"--theme empty: holds neither templates/ nor static/ {EXPECTED}"),
        (
            ("--theme", "models/look"),
            "--theme models/look: is inside the models folder, whose folders are providers "
            f"(put it beside it) {EXPECTED}",
        ),
        (
            ("--theme", "site/look"),
            f"--theme site/look: is inside the output folder site, which every build replaces "
            f"{EXPECTED}",
        ),
        (
            ("--theme", "theme", "--out", "theme/static/site"),
            f"--theme theme: holds the output folder theme/static/site in its static/ {EXPECTED}",
        ),
    ],
    ids=["missing", "a-file", "empty", "in-models", "in-output", "holds-output"],
)
def test_a_theme_folder_that_cannot_be_one_is_refused(
    catalog_dir: Path, args: tuple[str, ...], message: str
) -> None:
    root = catalog_dir.parent
    (root / "empty").mkdir()
    make_theme(root / "theme", {"404.html": not_found("OWN")}, {})
    (root / "theme/static").mkdir()
    assert run("build", cwd=root).returncode == 0  # site/, which a build replaces
    make_theme(root / "site/look", {}, {"style.css": STYLE})
    make_theme(catalog_dir / "look", {}, {"style.css": STYLE})
    before = snapshot(root / "site")
    for command in ("build", "serve"):
        extra = ("--port", str(free_port())) if command == "serve" else ()
        result = run(command, *args, *extra, cwd=root)
        assert (result.returncode, result.stdout) == (1, ""), result.stderr
        assert result.stderr == f"catalog: {message}\n"
    assert snapshot(root / "site") == before
    assert not (root / "theme/static/site").exists()


def test_a_theme_setting_that_cannot_be_one_is_located_at_its_line(catalog_dir: Path) -> None:
    root = catalog_dir.parent
    set_theme(catalog_dir, "../nowhere")
    result = run("build", cwd=root)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "models/site.yaml:16:8: theme: ../nowhere: no such folder (expected a theme folder "
        "holding templates/ or static/, relative to the models folder)",
        "1 error; nothing was written",
    ]
    assert not (root / "site").exists()


def test_a_site_yaml_the_theme_cannot_be_read_from_is_left_to_the_check(
    catalog_dir: Path,
) -> None:
    # Not text: the theme is the default one, and the check reports the setting, located.
    set_theme(catalog_dir, "[a, b]")
    result = run("build", cwd=catalog_dir.parent)
    assert result.returncode == 1
    assert result.stderr.startswith("models/site.yaml:16:8: theme: ")
    assert result.stderr.endswith("\n1 error(s) in 1 file(s); nothing was written\n")
    # Not YAML: no theme is read, and the YAML error is the one reported.
    (catalog_dir / "site.yaml").write_text("theme: [\n")
    result = run("build", cwd=catalog_dir.parent)
    assert result.returncode == 1
    assert result.stderr.startswith("models/site.yaml:2:1: YAML syntax error: ")


def test_a_template_error_in_an_override_is_located_at_the_override(catalog_dir: Path) -> None:
    root = catalog_dir.parent
    broken = (
        "{% extends 'base.html' %}\n{% block main %}\n<h1>Lost</h1>\n{% if %}\n{% endblock %}\n"
    )
    make_theme(root / "theme", {"404.html": broken}, {})
    result = run("build", "--theme", "theme", cwd=root)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "theme/templates/404.html:4:1: template error: Expected an expression, got 'end of "
        "statement block'",
        "1 error; nothing was written",
    ]
    # A runtime error, reached through the setting (relative to the models folder): the file is
    # named as the user sees it, not as models/../theme/….
    undefined = broken.replace("{% if %}", "{{ nope }}")
    make_theme(root / "theme", {"404.html": undefined}, {})
    set_theme(catalog_dir, "../theme")
    result = run("build", cwd=root)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "theme/templates/404.html:4:1: template error: 'nope' is undefined",
        "1 error; nothing was written",
    ]
    assert not (root / "site").exists()


@pytest.fixture
def served_with_theme(catalog_dir: Path) -> Iterator[Served]:
    root = catalog_dir.parent
    make_theme(root / "theme", {"404.html": not_found("FIRST")}, {"style.css": STYLE})
    with serving(root, "--theme", "theme") as server:
        yield server


def test_serve_rebuilds_after_an_edit_of_an_override(served_with_theme: Served) -> None:
    served = served_with_theme
    theme = served.root / "theme"
    assert "FIRST: no page here" in served.get("404.html")[1]
    assert STYLE.decode() in served.get("static/catalog.css")[1]
    time.sleep(0.5)  # the watcher starts as the server does
    (theme / "templates/404.html").write_text(not_found("SECOND"), encoding="utf-8")
    assert served.wait_for(2)["errors"] == []
    assert "SECOND: no page here" in served.get("404.html")[1]
    (theme / "static/style.css").write_bytes(b"body { margin: 1px; }\n")
    assert served.wait_for(3)["errors"] == []
    stylesheet = served.get("static/catalog.css")[1]
    assert "body { margin: 1px; }\n" in stylesheet and STYLE.decode() not in stylesheet
    # What serve wrote is what a build with the same theme writes.
    fresh = served.root / "fresh"
    pipeline.build(served.root / "models", fresh, Theme.over_default(theme))
    assert snapshot(served.root / "site") == snapshot(fresh)


# An override that adds markup, a style sheet and a script of its own, all as files of the site.
GOOD_NOT_FOUND = """{% extends "base.html" %}
{% block head %}<link rel="stylesheet" href="{{ root }}static/theme.css">{% endblock %}
{% block scripts %}<script src="{{ root }}static/theme.js" defer></script>{% endblock %}
{% block main %}
<h1>Not here</h1>
<p id="theme-note" class="theme-note">This catalog has a theme of its own.</p>
{% endblock %}
"""
THEME_CSS = b".theme-note { color: rgb(1, 2, 3); }\n"
THEME_JS = b'document.getElementById("theme-note").dataset.ran = "yes";\n'
# An override that puts a script in the page: the policy must block it, and say so.
INLINE_NOT_FOUND = """{% extends "base.html" %}
{% block main %}
<h1>Not here</h1>
<script>window.__inline = true;</script>
{% endblock %}
"""


def _build_with(catalog_dir: Path, name: str, template: str, static: dict[str, bytes]) -> Path:
    """The catalog built by ``catalog build --theme`` with an override of 404.html."""
    root = catalog_dir.parent
    make_theme(root / f"theme-{name}", {"404.html": template}, static)
    built(root, f"site-{name}", "--theme", f"theme-{name}")
    return root / f"site-{name}"


@contextlib.contextmanager
def _opened(browser: Browser, out: Path) -> Iterator[tuple[Page, Watched]]:
    """The site's 404 page in Chromium over HTTP, recording policy violations from the start."""
    server, url = serve(out)
    context = browser.new_context(base_url=url)
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    watched = Watched(page, url)
    try:
        page.goto("404.html")
        page.wait_for_load_state("networkidle")
        yield page, watched
    finally:
        context.close()
        server.shutdown()


def _inline_of(out: Path) -> _Inline:
    parser = _Inline()
    parser.feed((out / "404.html").read_text(encoding="utf-8"))
    assert parser.metas == [POLICY]
    assert parser.first_after_charset == CSP_META
    return parser


def test_an_override_works_under_the_policy(browser: Browser, catalog_dir: Path) -> None:
    static = {"theme.css": THEME_CSS, "theme.js": THEME_JS}
    out = _build_with(catalog_dir, "good", GOOD_NOT_FOUND, static)
    assert _inline_of(out).blocked == []
    assert (out / "static/theme.js").read_bytes() == THEME_JS  # a new file is published too
    with _opened(browser, out) as (page, watched):
        page.wait_for_function("document.getElementById('theme-note').dataset.ran === 'yes'")
        note = page.locator("#theme-note")
        expect(note).to_be_visible()
        expect(note).to_have_text("This catalog has a theme of its own.")
        assert note.evaluate("e => getComputedStyle(e).color") == "rgb(1, 2, 3)"
        assert page.evaluate("window.__cspViolations") == []
        watched.assert_clean()


def test_an_inline_script_in_an_override_is_blocked_and_reported(
    browser: Browser, catalog_dir: Path
) -> None:
    out = _build_with(catalog_dir, "inline", INLINE_NOT_FOUND, {})
    assert _inline_of(out).blocked == ["inline <script type=''>"]
    with _opened(browser, out) as (page, watched):
        page.wait_for_function("window.__cspViolations.length > 0", timeout=5000)
        assert page.evaluate("window.__inline === undefined")
        violations = page.evaluate("window.__cspViolations")
        assert len(violations) == 1
        assert violations[0].startswith("script-src-elem inline "), violations
        assert any("Content Security Policy" in e for e in watched.errors), watched.errors


def test_the_starter_site_without_a_theme_is_what_it_was(
    starter_site: Path, tmp_path: Path
) -> None:
    """No option and no setting: the default theme alone, the same bytes as a build with
    ``Theme.default()`` (what the ``starter_site`` fixture is); and a theme that overrides
    nothing changes nothing."""
    models = PROJECT / "models"
    assert resolve(models, None, tmp_path / "site") == Theme.default()
    expected = snapshot(starter_site)
    result = run("build", "--models", str(models), "--out", "site", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert snapshot(tmp_path / "site") == expected
    (tmp_path / "empty/templates").mkdir(parents=True)
    (tmp_path / "empty/static").mkdir()
    options = ("--models", str(models), "--out", "empty-site", "--theme", "empty")
    result = run("build", *options, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert snapshot(tmp_path / "empty-site") == expected


def test_a_theme_setting_outside_the_project_is_refused(tmp_path: Path) -> None:
    # site.yaml arrives through pull requests: its theme (templates that run at build time) may
    # only be a folder of the repository, not one elsewhere on the machine that builds it.
    project = tmp_path / "project"
    shutil.copytree(FIXTURES / "minimal", project / "models")
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "templates").mkdir(parents=True)
    site = project / "models/site.yaml"
    site.write_text(site.read_text() + f"theme: {elsewhere}\n")
    with pytest.raises(CatalogError) as info:
        resolve(project / "models", None)
    assert "is outside" in str(info.value) and "the folder that holds the models folder" in str(
        info.value
    )
    site.write_text(site.read_text().replace(f"theme: {elsewhere}", "theme: ../../elsewhere"))
    with pytest.raises(CatalogError):
        resolve(project / "models", None)

"""Docs that cannot rot: every hook, built-in metric, sink, SKCB_ variable and CLI command is
documented, every link resolves, and the README's and quickstart's examples run."""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from skcb import hookspecs
from skcb.cli import build_parser
from skcb.plugins import BUILTIN_PLUGINS, get_registry

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
PAGES = ["index", "quickstart", "metrics", "sinks", "writing-plugins", "hooks", "environment",
         "cli", "performance"]


def text(page: str) -> str:
    return (DOCS / f"{page}.md").read_text(encoding="utf-8")


def code_blocks(path: Path, lang: str) -> list[str]:
    return re.findall(rf"^```{lang}\n(.*?)^```", path.read_text(encoding="utf-8"), re.M | re.S)


def missing(names: set[str], page: str) -> list[str]:
    body = text(page)
    return sorted(n for n in names if not re.search(rf"`{re.escape(n)}(?!\w)", body))


def test_every_hook_is_in_the_hook_reference():
    hooks = {n for n, f in vars(hookspecs).items() if hasattr(f, f"{hookspecs.PROJECT}_spec")}
    assert hooks and not missing(hooks, "hooks")
    assert all(f"## `{hook}(" in text("hooks") for hook in hooks)


def test_every_builtin_metric_name_and_alias_is_in_the_metrics_reference():
    registry = get_registry()
    names = {key for m in registry.metrics.values() if m.plugin in BUILTIN_PLUGINS
             for key in (m.name, *m.aliases)}
    assert names and not missing(names, "metrics"), "add these to docs/metrics.md"


def test_every_builtin_sink_is_in_the_sinks_page():
    sinks = {n for n, s in get_registry().sinks.items() if s.plugin in BUILTIN_PLUGINS}
    assert sinks and not missing(sinks, "sinks")
    for name in sinks:
        assert not missing(set(get_registry().sinks[name].options), "sinks")


def test_every_environment_variable_is_documented():
    found = {v for path in (ROOT / "src" / "skcb").rglob("*.py")
             for v in re.findall(r"SKCB_[A-Z0-9_]*[A-Z0-9]", path.read_text(encoding="utf-8"))}
    assert found and not missing(found, "environment")


def test_every_cli_command_and_option_is_documented():
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    body = text("cli")
    assert "`skcb --version`" in body
    for command, subparser in sub.choices.items():
        assert f"## `skcb {command}`" in body, f"docs/cli.md lacks a section for {command}"
        section = body.split(f"## `skcb {command}`")[1].split("\n## ")[0]
        options = {o for a in subparser._actions for o in a.option_strings if o.startswith("--")}
        assert not [o for o in options - {"--help"} if f"`{o}" not in section], command


def test_every_page_is_linked_from_the_index_and_every_link_resolves():
    assert set(PAGES) <= {p.stem for p in DOCS.glob("*.md")}
    linked = set(re.findall(r"\]\(([\w-]+)\.md\)", text("index")))
    assert set(PAGES) - {"index"} <= linked
    pages = [*DOCS.glob("*.md"), ROOT / "README.md", *(ROOT / "plugins").rglob("README.md")]
    for page in pages:
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", page.read_text(encoding="utf-8")):
            if not re.match(r"[a-z]+://", target):
                assert (page.parent / target).exists(), f"{page.name} links to missing {target}"


def test_python_snippets_in_docs_compile():
    for page in [*DOCS.glob("*.md"), ROOT / "README.md"]:
        for i, block in enumerate(code_blocks(page, "python")):
            compile(block, f"{page.name}[{i}]", "exec")


@pytest.mark.slow
def test_readme_and_quickstart_examples_run(tmp_path):
    readme = code_blocks(ROOT / "README.md", "python")
    assert readme, "README.md has no ```python example"
    quickstart = code_blocks(DOCS / "quickstart.md", "python")[0]
    runner = "import sys\nfor path in sys.argv[1:]:\n    exec(compile(open(path).read(), path, 'exec'), {})\n"
    paths = []
    for name, block in (("readme.py", readme[0]), ("quickstart.py", quickstart)):
        (tmp_path / name).write_text(block)
        paths.append(name)
    env = {k: v for k, v in os.environ.items() if not k.startswith("SKCB_")}
    done = subprocess.run([sys.executable, "-c", runner, *paths], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    assert (tmp_path / "logs" / "readme" / "validation").is_dir()
    assert (tmp_path / "logs" / "quickstart" / "validation").is_dir()

"""Third-party plugins through real entry points: dist-info directories put on ``sys.path``.

importlib.metadata finds them as it finds any installed distribution; nothing is mocked.
"""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import skcb
from skcb import plugins
from skcb.plugins import PluginWarning, plugin_infos
from skcb.registry import RegistryError

_ids = itertools.count()
METRIC = """
from skcb import hookimpl
def score(y_true, y_pred):
    return 0.5
@hookimpl
def register_metrics(register):
    register({name!r}, score, needs="labels", tasks=("binary",))
"""

RAISING = """
from skcb import hookimpl
@hookimpl
def register_metrics(register):
    raise KeyError("boom")
"""


def make_dist(root: Path, dist: str, entry_points: dict[str, str], version: str = "1.0") -> None:
    """Install ``dist`` under ``root``: each entry point's module holds the given source."""
    info = root / f"{dist.replace('-', '_')}-{version}.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {dist}\nVersion: {version}\n")
    lines = ["[skcb]"]
    for ep_name, source in entry_points.items():
        module = f"skcb_fake_{ep_name.replace('-', '_')}_{next(_ids)}"
        (root / f"{module}.py").write_text(textwrap.dedent(source))
        lines.append(f"{ep_name} = {module}")
    (info / "entry_points.txt").write_text("\n".join(lines) + "\n")


@pytest.fixture
def site(tmp_path, monkeypatch):
    """A directory on sys.path for fake distributions; switches cleared, registry rebuilt."""
    for var in ("SKCB_PLUGINS", "SKCB_DISABLE_PLUGIN_AUTOLOAD", "SKCB_STRICT_PLUGINS"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.syspath_prepend(str(tmp_path))
    plugins.reset()
    yield tmp_path
    plugins.reset()


def info(name: str) -> plugins.PluginInfo:
    return next(i for i in plugin_infos() if i.name == name)


def test_entry_point_plugin_is_loaded_with_its_metadata(site):
    make_dist(site, "skcb-good", {"good": METRIC.format(name="good_metric")}, version="2.3")
    metric = skcb.get_registry().metric("good_metric")
    assert metric.plugin == "good"
    assert (info("good").distribution, info("good").version) == ("skcb-good", "2.3")
    assert info("good").hooks == ("register_metrics",) and info("good").status == "loaded"
    assert info("skcb.builtin.classification").source == "builtin"


def test_plugin_that_fails_to_import_warns_and_is_skipped(site):
    make_dist(site, "skcb-broken", {"broken": "import no_such_module_anywhere\n"})
    make_dist(site, "skcb-good", {"good": METRIC.format(name="good_metric")})
    with pytest.warns(PluginWarning, match=r"plugin 'broken' failed to import.*no_such_module"):
        registry = skcb.get_registry()
    assert "good_metric" in registry.metrics and "accuracy" in registry.metrics
    assert info("broken").status.startswith("failed: failed to import: ModuleNotFoundError")


def test_plugin_whose_hook_raises_is_skipped_whole(site):
    source = METRIC.format(name="half_done") + textwrap.dedent("""
        @hookimpl
        def register_sinks(register):
            raise RuntimeError("sink setup exploded")
    """)
    make_dist(site, "skcb-raising", {"raising": source})
    with pytest.warns(PluginWarning, match=r"'raising' raised in register_sinks.*exploded"):
        registry = skcb.get_registry()
    assert "half_done" not in registry.metrics  # all or nothing
    assert "accuracy" in registry.metrics


def test_strict_mode_reraises(site, monkeypatch):
    monkeypatch.setenv("SKCB_STRICT_PLUGINS", "1")
    make_dist(site, "skcb-broken", {"broken": "import no_such_module_anywhere\n"})
    with pytest.raises(ModuleNotFoundError, match="no_such_module_anywhere"):
        skcb.get_registry()


def test_strict_mode_reraises_from_a_hook(site, monkeypatch):
    monkeypatch.setenv("SKCB_STRICT_PLUGINS", "1")
    make_dist(site, "skcb-raising", {"raising": RAISING})
    with pytest.raises(KeyError, match="boom"):
        skcb.get_registry()


def test_misspelled_hook_is_an_error_naming_plugin_and_hook(site):
    make_dist(site, "skcb-typo", {"typo": METRIC.format(name="x").replace(
        "def register_metrics", "def register_metric")})
    with pytest.raises(RegistryError, match=r"'typo' implements unknown hook 'register_metric'\."
                                            r" Did you mean 'register_metrics'\?"):
        skcb.get_registry()


def test_hook_with_wrong_arguments_is_an_error(site):
    make_dist(site, "skcb-args", {"args": METRIC.format(name="x").replace(
        "def register_metrics(register)", "def register_metrics(registrar)")})
    with pytest.raises(RegistryError, match=r"plugin 'args'.*registrar"):
        skcb.get_registry()


def test_duplicate_name_across_plugins_names_both(site):
    make_dist(site, "skcb-one", {"one": METRIC.format(name="shared")})
    make_dist(site, "skcb-two", {"two": METRIC.format(name="shared")})
    with pytest.raises(RegistryError, match=r"'shared' is registered by two plugins: '(one|two)' "
                                            r"and '(one|two)'") as err:
        skcb.get_registry()
    assert "'one'" in str(err.value) and "'two'" in str(err.value)


def test_clash_with_a_builtin_name(site):
    make_dist(site, "skcb-f1", {"myf1": METRIC.format(name="f1")})
    with pytest.raises(RegistryError, match="'f1' is registered by two plugins: "
                                            "'skcb.builtin.classification' and 'myf1'"):
        skcb.get_registry()


def test_disable_autoload_keeps_only_builtins(site, monkeypatch):
    make_dist(site, "skcb-good", {"good": METRIC.format(name="good_metric")})
    monkeypatch.setenv("SKCB_DISABLE_PLUGIN_AUTOLOAD", "1")
    registry = skcb.get_registry()
    assert {m.plugin for m in registry.metrics.values()} <= set(plugins.BUILTIN_PLUGINS)
    assert {s.plugin for s in registry.sinks.values()} <= set(plugins.BUILTIN_PLUGINS)
    assert info("good").status == "not loaded: SKCB_DISABLE_PLUGIN_AUTOLOAD is set"


@pytest.mark.parametrize("wanted", ["a", "skcb-a", " a , ", "SKCB_A"])
def test_allow_list_by_entry_point_or_distribution_name(site, monkeypatch, wanted):
    make_dist(site, "skcb-a", {"a": METRIC.format(name="metric_a")})
    make_dist(site, "skcb-b", {"b": "raise RuntimeError('must not be imported')\n"})
    monkeypatch.setenv("SKCB_PLUGINS", wanted)
    registry = skcb.get_registry()
    assert registry.metric("metric_a").plugin == "a"
    assert info("b").status == "not loaded: not named in SKCB_PLUGINS"


def test_allow_list_wins_over_disable_autoload(site, monkeypatch):
    make_dist(site, "skcb-a", {"a": METRIC.format(name="metric_a")})
    monkeypatch.setenv("SKCB_DISABLE_PLUGIN_AUTOLOAD", "1")
    monkeypatch.setenv("SKCB_PLUGINS", "a")
    assert skcb.get_registry().metric("metric_a").plugin == "a"


def test_allow_list_with_an_unknown_name_is_an_error(site, monkeypatch):
    make_dist(site, "skcb-alpha", {"alpha": METRIC.format(name="metric_a")})
    monkeypatch.setenv("SKCB_PLUGINS", "alpah")
    with pytest.raises(RegistryError, match=r"SKCB_PLUGINS names 'alpah'.*Did you mean 'alpha'"):
        skcb.get_registry()


@pytest.mark.slow
def test_cli_in_a_fresh_process_reports_a_broken_plugin(site):
    make_dist(site, "skcb-broken", {"broken": "import no_such_module_anywhere\n"}, version="0.9")
    env = {**os.environ, "PYTHONPATH": str(site)}
    env.pop("SKCB_STRICT_PLUGINS", None)
    cmd = [sys.executable, "-m", "skcb.cli", "plugins", "--json"]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "skcb plugin 'broken' failed to import" in done.stderr
    row = next(r for r in json.loads(done.stdout) if r["name"] == "broken")
    assert (row["distribution"], row["version"], row["source"]) == ("skcb-broken", "0.9", "entry point")
    assert row["status"].startswith("failed")
    strict = subprocess.run(cmd, env={**env, "SKCB_STRICT_PLUGINS": "1"}, capture_output=True,
                            text=True, timeout=60)
    assert strict.returncode != 0 and "no_such_module_anywhere" in strict.stderr

"""The registry: duplicates, typos, rollback; and plugins registered in code."""

from __future__ import annotations

import types

import pytest

import skcb
from skcb import Metric, hookimpl
from skcb.registry import Registry, RegistryError


def score(y_true, y_pred):
    return 1.0


def make(name, *aliases):
    return Metric(name=name, fn=score, needs="labels", tasks=("binary",), aliases=aliases)


def test_register_records_the_plugin_and_resolves_aliases():
    registry = Registry()
    spec = registry.metric_registrar("mine")(make("hits", "hit_rate"))
    assert spec.plugin == "mine"
    assert registry.metric("hit_rate") is registry.metric("hits") is spec
    kw = registry.metric_registrar("other")("kw", score, needs="scores", tasks="binary")
    assert (kw.plugin, kw.tasks) == ("other", frozenset({"binary"}))


@pytest.mark.parametrize("second", [make("hits"), make("other", "hits")], ids=["name", "alias"])
def test_duplicate_across_plugins_names_both_plugins(second):
    registry = Registry()
    registry.metric_registrar("first_plugin")(make("hits"))
    with pytest.raises(RegistryError, match="metric name 'hits' is registered by two plugins: "
                                            "'first_plugin' and 'second_plugin'"):
        registry.metric_registrar("second_plugin")(second)


def test_duplicate_within_one_plugin_and_duplicate_sinks():
    registry = Registry()
    registry.metric_registrar("p")(make("hits"))
    with pytest.raises(RegistryError, match="'hits' is registered twice by plugin 'p'"):
        registry.metric_registrar("p")(make("hits"))
    registry.sink_registrar("a")("out", dict)
    with pytest.raises(RegistryError, match="sink name 'out' is registered by two plugins: 'a' and 'b'"):
        registry.sink_registrar("b")("out", dict)
    with pytest.raises(TypeError, match="factory must be callable"):
        registry.sink_registrar("b")("other", None)


def test_unknown_names_suggest_the_closest():
    registry = Registry()
    registry.metric_registrar("p")(make("precision"))
    with pytest.raises(ValueError, match=r"unknown metric 'precison'\. Did you mean 'precision'\? "
                                         r"Available: precision"):
        registry.metric("precison")
    with pytest.raises(ValueError, match=r"unknown sink 'tb'.*Available: \(none\)"):
        registry.sink("tb")


def test_rollback_forgets_everything_since_the_checkpoint():
    registry = Registry()
    registry.metric_registrar("p")(make("kept"))
    snapshot = registry.checkpoint()
    registry.metric_registrar("q")(make("dropped", "dropped_alias"))
    registry.sink_registrar("q")("dropped_sink", dict)
    registry.rollback(snapshot)
    assert list(registry.metrics) == ["kept"] and not registry.sinks
    with pytest.raises(ValueError):
        registry.metric("dropped_alias")
    assert registry.by_plugin("p") == (["kept"], [])


class InCode:
    """A plugin object, as one would write in a notebook."""

    @hookimpl
    def register_metrics(self, register):
        register("in_code_metric", score, needs="labels", tasks=("binary",))


def test_register_plugin_object_then_unregister():
    plugin = InCode()
    name = skcb.register_plugin(plugin)
    try:
        assert name == "InCode"
        assert skcb.get_registry().metric("in_code_metric").plugin == "InCode"
        with pytest.raises(ValueError, match="already registered"):
            skcb.register_plugin(plugin)
    finally:
        skcb.unregister_plugin(plugin)
    assert "in_code_metric" not in skcb.get_registry().metrics


def test_register_plugin_module_errors_surface_at_once_and_leave_nothing():
    before = set(skcb.get_registry().metrics)
    typo = types.ModuleType("typo_plugin")
    typo.register_metric = hookimpl(lambda register: None)  # misspelled hook
    with pytest.raises(RegistryError, match="'typo_plugin' implements unknown hook 'register_metric'"):
        skcb.register_plugin(typo)
    clash = types.ModuleType("clash_plugin")
    clash.register_metrics = hookimpl(lambda register: register(make("accuracy")))
    with pytest.raises(RegistryError, match="'accuracy' is registered by two plugins: "
                                            "'skcb.builtin.classification' and 'clash_plugin'"):
        skcb.register_plugin(clash)
    raising = types.ModuleType("raising_plugin")
    raising.register_metrics = hookimpl(lambda register: 1 / 0)
    with pytest.raises(ZeroDivisionError):  # in-code plugins raise: the caller is right there
        skcb.register_plugin(raising)
    assert set(skcb.get_registry().metrics) == before

"""The ``skcb`` command: list, plugins, --version, --help everywhere, one-line errors."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys

import pytest

import skcb
from skcb.cli import build_parser, main
from skcb.plugins import BUILTIN_PLUGINS


def run(capsys, *argv):
    try:
        rc = main(list(argv))
    except SystemExit as exc:  # argparse exits for --help, --version and bad arguments
        rc = exc.code
    out, err = capsys.readouterr()
    return rc, out, err


def commands() -> list[str]:
    sub = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    return sorted(sub.choices)


def test_list_json_has_every_metric_and_sink_with_metadata(capsys):
    rc, out, _ = run(capsys, "list", "--json")
    data = json.loads(out)
    registry = skcb.get_registry()
    assert rc == 0 and [m["name"] for m in data["metrics"]] == sorted(registry.metrics)
    f1 = next(m for m in data["metrics"] if m["name"] == "log_loss")
    assert f1 == {"name": "log_loss", "plugin": "skcb.builtin.classification", "needs": "scores",
                  "tasks": ["binary", "multiclass"], "direction": "lower", "aliases": [],
                  "description": registry.metric("log_loss").description}
    tb = next(s for s in data["sinks"] if s["name"] == "tensorboard")
    assert tb["plugin"] == "skcb.builtin.tensorboard" and "run" in tb["options"]


def test_list_table(capsys):
    rc, out, _ = run(capsys, "list")
    assert rc == 0
    row = next(line.split() for line in out.splitlines() if line.split()[:1] == ["mcc"])
    assert row == ["mcc", "skcb.builtin.classification", "labels", "binary,multiclass",
                   "higher", "is", "better", "matthews_corrcoef"]
    assert any(line.split()[:2] == ["tensorboard", "skcb.builtin.tensorboard"]
               for line in out.splitlines())


def test_plugins_lists_builtins_with_version_and_hooks(capsys):
    rc, out, _ = run(capsys, "plugins", "--json")
    rows = {r["name"]: r for r in json.loads(out)}
    assert rc == 0 and set(BUILTIN_PLUGINS) <= set(rows)
    tb = rows["skcb.builtin.tensorboard"]
    assert (tb["version"], tb["hooks"], tb["status"]) == (skcb.__version__, ["register_sinks"], "loaded")
    rc, out, _ = run(capsys, "plugins")
    assert rc == 0 and out.splitlines()[0].split() == ["NAME", "SOURCE", "DISTRIBUTION", "HOOKS", "STATUS"]


def test_version(capsys):
    rc, out, _ = run(capsys, "--version")
    assert rc == 0 and out.strip() == f"skcb {skcb.__version__}"


@pytest.mark.parametrize("command", [None, *commands()])
def test_help_on_every_command(capsys, command):
    rc, out, _ = run(capsys, *([command] if command else []), "--help")
    assert rc == 0 and out.startswith(f"usage: skcb{' ' + command if command else ''}")
    assert "--help" in out and len(out.splitlines()) > 4


@pytest.mark.parametrize("argv, message", [
    ([], "the following arguments are required: COMMAND"),
    (["bogus"], "invalid choice: 'bogus'"),
    (["list", "--nope"], "unrecognized arguments: --nope"),
    (["demo", "--epochs", "0"], "argument --epochs: must be >= 1, got 0"),
    (["demo", "--epochs", "ten"], "argument --epochs: expected a whole number, got 'ten'"),
    (["demo", "--metrics", ","], "argument --metrics: give at least one metric name"),
    (["demo", "--metrics", "f1,acuracy"], "unknown metric 'acuracy'. Did you mean 'accuracy'?"),
], ids=["no-command", "bad-command", "bad-option", "zero-epochs", "word-epochs", "no-metrics",
        "unknown-metric"])
def test_bad_arguments_exit_non_zero_with_one_line(capsys, argv, message):
    rc, out, err = run(capsys, *argv)
    assert rc == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and message in err and "error:" in err


@pytest.mark.slow
def test_list_and_plugins_in_a_fresh_process_import_no_keras_or_tensorflow():
    code = (
        "import sys, io, contextlib\n"
        "from skcb.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    assert main(['list']) == 0 and main(['plugins']) == 0\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('keras', 'tensorflow')))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"

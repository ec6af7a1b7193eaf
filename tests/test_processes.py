"""How pmkit ends when the shell ends it: a closed pipe, Ctrl-C at any moment, and an
interrupted demo. Real processes and real signals."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from helpers import invoke

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals and pipes")
SMALL_MODEL = Path(__file__).resolve().parent / "hostile" / "model.yaml"


@pytest.fixture(scope="module")
def ws(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("processes") / "ws"
    assert invoke(["init", str(root), "--model", str(SMALL_MODEL)]).exit_code == 0
    for n in range(3):
        assert invoke(["-w", str(root), "add", f"pm{n}", "--name", f"PM {n}",
                       "--level", "pm"]).exit_code == 0
    return root


def test_output_into_a_closed_pipe_ends_quietly(ws: Path) -> None:
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader has gone, as after `| head -1`
    try:
        for args in (["team"], ["schema", "person"], ["gaps", "pm0", "--format", "json"]):
            done = subprocess.run([sys.executable, "-m", "pmkit", "-w", str(ws), *args],
                                  stdout=write_end, stderr=subprocess.PIPE, check=False)
            assert done.returncode == 141, (args, done.stderr)
            assert done.stderr == b"", (args, done.stderr)
    finally:
        os.close(write_end)


def _interrupted(args: list[str], delay: float, cwd: Path) -> tuple[int, str]:
    proc = subprocess.Popen([sys.executable, "-m", "pmkit", *args], cwd=cwd,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    time.sleep(delay)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    return proc.returncode, err.decode("utf-8", "replace")


@pytest.mark.parametrize("delay", [0.35, 0.7])
def test_ctrl_c_during_start_up_or_a_command_exits_130_without_a_traceback(ws: Path,
                                                                          delay: float) -> None:
    code, err = _interrupted(["-w", str(ws), "team"], delay, ws)
    assert "Traceback" not in err and "KeyboardInterrupt" not in err, err
    assert code in (0, 130, -signal.SIGINT), (code, err)  # 0: it had already finished


def test_an_interrupted_demo_leaves_nothing_behind(tmp_path: Path) -> None:
    outcomes = set()
    for n, delay in enumerate((0.3, 0.6)):
        base = tmp_path / f"run{n}"
        base.mkdir()
        code, err = _interrupted(["demo", "new/deeper/demo"], delay, base)
        assert "Traceback" not in err, err
        if code == 0:
            assert (base / "new" / "deeper" / "demo" / "pmkit.yaml").is_file()
        else:
            assert code in (130, -signal.SIGINT), (code, err)
            built = base / "new" / "deeper" / "demo"
            # Interrupted after the finished demo was moved into place: complete, not half-built.
            if not ((built / "pmkit.yaml").is_file() and (built / ".git").is_dir()):
                assert list(base.iterdir()) == [], list(base.rglob("*"))
        outcomes.add(code == 0)
    assert False in outcomes, "no run was interrupted: make the delays shorter"

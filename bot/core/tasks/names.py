"""The fixed set of checkers a lesson's task may name; the code provides each one.

Kept apart from the checkers themselves so the course schema can validate names without
importing anything that reads a live demo.
"""

from __future__ import annotations

CHECKERS: dict[str, str] = {
    "host-pid-of-main": "the answer is the host PID of the demo's PID 1 (read live, NSpid)",
    "pid-inside-of-main": "the answer is the PID the demo's main process has inside (NSpid)",
    "worker-count": "the answer is how many nginx workers run in the demo now",
    "exec-parent-on-host": "a second process runs in the demo; the answer names its host parent",
    "container-exited-from-inside": "the demo exited (code 0) during the learner's own `sh`",
    "kernel-of-container": "the answer is the kernel release the container reports",
    "shell-pid-in-run-it": "the answer is the PID a `run -it` shell, the container's main "
    "process, has inside: read live from the demo's main process (NSpid)",
}
"""Checker name → what it checks (shown by `lessons check` when a name is unknown)."""

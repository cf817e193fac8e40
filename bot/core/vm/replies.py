"""Neutral replies for the VM and the comparison, before any adapter gives them a shape."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.course import Step
from bot.core.lang import Lang
from bot.core.vm.models import Comparison, VmView

VM_STEPS: tuple[Step, ...] = ("compare", "clean")
COMPARE_STEPS: tuple[Step, ...] = ("quiz", "clean")


@dataclass(frozen=True)
class VmShown:
    """The learner's VM: the guest's own report and the one qemu process the host sees."""

    view: VmView
    lang: Lang = "en"
    steps: tuple[Step, ...] = VM_STEPS


@dataclass(frozen=True)
class CompareShown:
    """Container, VM and maybe gVisor, side by side."""

    comparison: Comparison
    lang: Lang = "en"
    steps: tuple[Step, ...] = COMPARE_STEPS


CompareReply = VmShown | CompareShown

"""Pictures are built from the demo's own numbers, worded in the learner's language."""

from __future__ import annotations

from bot.core.demo.models import Kernel
from bot.core.picture.build import MAX_CROSSINGS, pid_picture, stack_picture
from bot.core.picture.words import MAX_ALT, alt_text
from testkit import picture_samples as samples


def test_the_pid_picture_puts_each_process_on_the_boundary_with_both_pids() -> None:
    picture = pid_picture(samples.views(), "en")
    assert [(p.ns_pid, p.host_pid) for p in picture.processes] == [
        (1, 27895),
        (7, 27923),
        (8, 27924),
    ]
    assert picture.host_label == "host PID namespace pid:[4026531836]"
    assert picture.container_label == "container PID namespace pid:[4026532181]"
    assert picture.shim_pid == samples.SHIM_PID
    assert "containerd-shim-runc-v2" in picture.shim_label
    assert samples.HOST_KERNEL in picture.kernel_label and "shared" in picture.kernel_label
    assert not any(p.by_exec for p in picture.processes)


def test_a_process_started_by_exec_is_marked_as_such() -> None:
    picture = pid_picture(samples.views(exec_pid=28100), "en")
    started = [p for p in picture.processes if p.by_exec]
    assert [(p.ns_pid, p.host_pid, p.command) for p in started] == [(9, 28100, "sleep 300")]
    assert "(started by exec)" in alt_text(picture)


def test_many_workers_are_cut_with_a_count_of_the_rest() -> None:
    picture = pid_picture(samples.views(workers=9), "en")
    assert len(picture.processes) == MAX_CROSSINGS
    assert picture.more == f"+{10 - MAX_CROSSINGS} more"


def test_a_kernel_that_differs_inside_is_said_so() -> None:
    views = samples.views().model_copy(update={"kernel": Kernel(host="6.1.0", container="4.4.0")})
    label = pid_picture(views, "en").kernel_label
    assert "6.1.0" in label and "4.4.0" in label and "shared" not in label


def test_the_stacks_picture_holds_both_kernels_the_qemu_process_and_the_start_times() -> None:
    picture = stack_picture(samples.comparison(), "en")
    container, machine = picture.stacks
    assert [line.tag for line in container.processes] == ["host PID 27895", "host PID 27923"]
    assert container.kernel == "" and container.wrapper is None
    assert container.memory == "they hold 9.4 MB on the host"
    assert "0.24 s" in container.start
    assert machine.kernel == f"guest kernel {samples.GUEST_KERNEL}"
    assert machine.wrapper is not None and machine.wrapper.text == "qemu-system-x86_64"
    assert machine.wrapper.tag == "host PID 31234 · holds 202 MB"
    assert machine.processes[0].words == "init · PID 1"
    assert machine.processes[-1].text.startswith("44 kernel threads: kthreadd")
    assert "4.07 s" in machine.start and "TCG" in machine.start
    assert picture.host_kernel_label == f"host kernel: Linux {samples.HOST_KERNEL}"


def test_a_third_stack_shows_gvisors_own_kernel_only_when_gvisor_ran() -> None:
    assert len(stack_picture(samples.comparison(), "en").stacks) == 2
    gvisor = stack_picture(samples.comparison(gvisor=True), "en").stacks[2]
    assert gvisor.kind == "gvisor"
    assert gvisor.kernel == "Sentry, gVisor's own kernel 4.4.0"
    assert gvisor.wrapper is not None and gvisor.wrapper.text == "runsc-sandbox"


def test_chinese_pictures_are_worded_in_chinese_with_the_same_numbers() -> None:
    pids = pid_picture(samples.views(), "zh")
    assert pids.host_label == "主機的 PID 命名空間 pid:[4026531836]"
    assert pids.inside_label == "容器內 PID"
    stacks = stack_picture(samples.comparison(gvisor=True), "zh")
    assert stacks.stacks[1].kernel == f"客體核心 {samples.GUEST_KERNEL}"
    assert "Sentry：gVisor 自己的核心 4.4.0" in alt_text(stacks)


def test_the_alt_text_says_every_number_the_picture_shows() -> None:
    text = alt_text(pid_picture(samples.views(), "en"))
    for number in ("27895", "27923", "27924", "4026531836", "4026532181", samples.HOST_KERNEL):
        assert number in text
    text = alt_text(stack_picture(samples.comparison(), "en"))
    for number in ("27895", "31234", samples.GUEST_KERNEL, samples.HOST_KERNEL, "4.07", "0.24"):
        assert number in text
    assert len(alt_text(pid_picture(samples.views(workers=40), "zh"))) <= MAX_ALT

"""The sandbox policy, checked against what the engine really created.

`hardened_config` asks for a safe container; this module reads `docker inspect`
back and refuses to start anything that does not match, so a wrong default, an
engine quirk or a future edit cannot quietly weaken a demo.
"""

from __future__ import annotations

from typing import Any

from bot.sandbox.recipes import Recipe

REQUIRED_LABELS = (
    "container-tutor",
    "container-tutor.owner",
    "container-tutor.demo",
    "container-tutor.expires",
)
TMPFS_FLAGS = ("noexec", "nosuid", "size=")
DOCKER_SOCKET = "docker.sock"


def violations(attrs: dict[str, Any], recipe: Recipe) -> list[str]:
    """Every way this container's inspect output breaks the policy; empty when it holds."""
    host = attrs.get("HostConfig") or {}
    config = attrs.get("Config") or {}
    found: list[str] = []

    def need(ok: bool, what: str) -> None:
        if not ok:
            found.append(what)

    need(host.get("NetworkMode") == "none", "network must be none")
    need(host.get("ReadonlyRootfs") is True, "root filesystem must be read-only")
    need(host.get("Privileged") is False, "must not be privileged")
    need(host.get("CapDrop") == ["ALL"], "must drop ALL capabilities")
    added = set(host.get("CapAdd") or [])
    need(added <= set(recipe.cap_add), f"capabilities beyond the recipe's: {sorted(added)}")
    need(
        any(opt.startswith("no-new-privileges") for opt in host.get("SecurityOpt") or []),
        "no-new-privileges must be set",
    )
    need(
        not any(
            "seccomp=unconfined" in opt or "apparmor=unconfined" in opt
            for opt in host.get("SecurityOpt") or []
        ),
        "the default seccomp must stay",
    )
    memory = host.get("Memory") or 0
    need(memory > 0, "a memory limit is required")
    need(host.get("MemorySwap") == memory, "swap must equal the memory limit")
    if recipe.memory_mb is not None:
        need(memory == recipe.memory_mb * 2**20, f"memory must be {recipe.memory_mb} MB")
    if recipe.cpus is not None:
        need(host.get("NanoCpus") == int(recipe.cpus * 1e9), f"CPUs must be {recipe.cpus}")
    need((host.get("NanoCpus") or 0) > 0 or (host.get("CpuQuota") or 0) > 0, "a CPU quota")
    need((host.get("PidsLimit") or 0) > 0, "a pids limit is required")
    need((host.get("RestartPolicy") or {}).get("Name") in ("", "no"), "no restart policy")
    for mode in ("PidMode", "IpcMode", "UTSMode", "UsernsMode", "CgroupnsMode"):
        need(host.get(mode) != "host", f"{mode} must not be host")
    need(not host.get("Binds"), "no bind mounts")
    need(not host.get("VolumesFrom"), "no volumes from other containers")
    for device in host.get("Devices") or []:
        path = device.get("PathOnHost")
        need(path in recipe.devices, f"device {path} is not in the recipe")
        need(device.get("PathInContainer") == path, f"device {path} must keep its path")
        need(device.get("CgroupPermissions") == "rw", f"device {path} must be rw only")
    for mount in attrs.get("Mounts") or []:
        found.append(f"unexpected mount {mount.get('Destination', '?')}")
    for path, options in (host.get("Tmpfs") or {}).items():
        need(path in recipe.tmpfs, f"tmpfs {path} is not in the recipe")
        need(all(flag in options for flag in TMPFS_FLAGS), f"tmpfs {path} needs noexec,nosuid,size")
    labels = config.get("Labels") or {}
    need(all(label in labels for label in REQUIRED_LABELS), "the tutor's labels are required")
    need(config.get("Image") == recipe.tag, f"image must be {recipe.tag}")
    need(
        not config.get("Env")
        or all(not v.startswith(("SLACK_", "DOCKER_")) for v in config.get("Env") or []),
        "no tutor secrets in the environment",
    )
    text = str(attrs)
    need(DOCKER_SOCKET not in text, "the Docker socket must never reach a demo")
    return found

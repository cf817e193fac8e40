"""Settings from the environment, built once by the entry point (never at import)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from platformdirs import user_data_dir
from pydantic import Field, SecretStr, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.content.location import default_lessons_dir

DEFAULT_LESSONS_DIR = default_lessons_dir()


def _default_database_url() -> str:
    return f"sqlite:///{Path(user_data_dir('container-tutor')) / 'tutor.db'}"


class Settings(BaseSettings):
    """Everything the tutor can be told; secrets stay SecretStr so they never print."""

    # env_ignore_empty: `SLACK_APP_TOKEN=` (as compose passes an unset variable) means unset,
    # not an empty token that would switch the bot to Socket Mode.
    model_config = SettingsConfigDict(
        env_prefix="", case_sensitive=False, extra="ignore", env_ignore_empty=True
    )

    slack_bot_token: SecretStr | None = Field(default=None, description="xoxb-… bot token.")
    slack_signing_secret: SecretStr | None = Field(default=None, description="Signing secret.")
    slack_app_token: SecretStr | None = Field(
        default=None, description="xapp-… app token; when set the bot uses Socket Mode."
    )
    slack_api_url: str = Field(
        default="https://slack.com/api/", description="Web API base URL (a stand-in in tests)."
    )
    log_format: Literal["text", "json"] = Field(
        default="text", description="Log lines as text, or as one JSON object a line."
    )
    health_port: int = Field(
        default=3000,
        ge=1,
        le=65535,
        description="Socket Mode only: port of /healthz, /readyz and /metrics.",
    )
    docker_host: str | None = Field(default=None, description="Honoured by the docker SDK.")
    engine_name: str | None = Field(
        default=None,
        description="This replica's Docker engine, as the replicas name it (DOCKER_HOST if unset).",
    )
    shared_state: bool | None = Field(
        default=None,
        description="Several replicas share the database (default: on for PostgreSQL).",
    )
    lessons_dir: Path = Field(default=DEFAULT_LESSONS_DIR)
    database_url: str = Field(default_factory=_default_database_url)
    debian_mirror: str | None = Field(
        default=None, description="Debian mirror for image builds; the host's apt source if unset."
    )
    demo_ttl_seconds: int = Field(default=900, ge=30, le=86_400)
    demo_max_live: int = Field(default=8, ge=1, le=10_000)
    demo_queue_wait_seconds: float = Field(default=60.0, ge=0, le=3600)
    demo_pool_size: int = Field(
        default=2, ge=0, le=50, description="Ready demo containers kept per demo (0: none)."
    )
    demo_pool_max_age: int = Field(
        default=600, ge=5, le=86_400, description="Seconds a pooled container may wait."
    )
    demo_memory_mb: int = Field(default=64, ge=16, le=4096)
    demo_cpus: float = Field(default=0.5, gt=0, le=8)
    demo_pids_limit: int = Field(default=64, ge=8, le=4096)
    vm_max_live: int = Field(
        default=2, ge=1, le=1000, description="VM demos alive at once (each holds ~200 MB, 1 CPU)."
    )
    vm_pool_size: int = Field(
        default=0, ge=0, le=10, description="VMs booted ahead of time (each holds one CPU)."
    )
    public_url: str | None = Field(
        default=None,
        description="The bot's public address (https://…); enables *Open a terminal* links.",
    )
    terminal_idle_seconds: int = Field(
        default=600,
        ge=5,
        le=86_400,
        description="A browser terminal with no key pressed for this long is closed.",
    )
    vm_accel: Literal["auto", "kvm", "tcg"] = Field(
        default="auto", description="qemu's accelerator: KVM where it works (auto), or forced."
    )


def shares_state(settings: Settings) -> bool:
    """Whether replicas share the database: said outright, else PostgreSQL means several."""
    if settings.shared_state is not None:
        return settings.shared_state
    return settings.database_url.strip().lower().startswith("postgres")


def engine_name(settings: Settings) -> str:
    return settings.engine_name or settings.docker_host or "local"


class SettingsError(Exception):
    """One clear line per bad variable, never a traceback."""


def load_settings() -> Settings:
    try:
        return Settings()
    except ValidationError as error:
        lines = []
        for problem in error.errors():
            variable = str(problem["loc"][0]).upper() if problem["loc"] else "setting"
            lines.append(f"{variable}: {problem['msg']}")
        raise SettingsError("; ".join(lines)) from None

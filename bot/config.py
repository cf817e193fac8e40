"""Settings from the environment, built once by the entry point (never at import)."""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_data_dir
from pydantic import Field, SecretStr, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_LESSONS_DIR = Path(__file__).resolve().parent.parent / "lessons"


def _default_database_url() -> str:
    return f"sqlite:///{Path(user_data_dir('container-tutor')) / 'tutor.db'}"


class Settings(BaseSettings):
    """Everything the tutor can be told; secrets stay SecretStr so they never print."""

    model_config = SettingsConfigDict(env_prefix="", case_sensitive=False, extra="ignore")

    slack_bot_token: SecretStr | None = Field(default=None, description="xoxb-… bot token.")
    slack_signing_secret: SecretStr | None = Field(default=None, description="Signing secret.")
    slack_app_token: SecretStr | None = Field(
        default=None, description="xapp-… app token; when set the bot uses Socket Mode."
    )
    slack_api_url: str = Field(
        default="https://slack.com/api/", description="Web API base URL (a stand-in in tests)."
    )
    docker_host: str | None = Field(default=None, description="Honoured by the docker SDK.")
    lessons_dir: Path = Field(default=DEFAULT_LESSONS_DIR)
    database_url: str = Field(default_factory=_default_database_url)
    debian_mirror: str | None = Field(
        default=None, description="Debian mirror for image builds; the host's apt source if unset."
    )
    demo_ttl_seconds: int = Field(default=900, ge=30, le=86_400)
    demo_max_live: int = Field(default=8, ge=1, le=200)
    demo_queue_wait_seconds: float = Field(default=60.0, ge=0, le=3600)
    demo_memory_mb: int = Field(default=64, ge=16, le=4096)
    demo_cpus: float = Field(default=0.5, gt=0, le=8)
    demo_pids_limit: int = Field(default=64, ge=8, le=4096)


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

"""Where the lessons are found: the checkout's folder, or the copy installed with the wheel."""

from __future__ import annotations

from pathlib import Path

from bot.config import DEFAULT_LESSONS_DIR
from bot.content.location import INSTALLED, default_lessons_dir

ROOT = Path(__file__).resolve().parents[3]


def test_a_checkout_uses_its_own_lessons_folder() -> None:
    assert DEFAULT_LESSONS_DIR == ROOT / "lessons"


def test_an_installed_wheel_uses_the_data_files(tmp_path: Path) -> None:
    site_packages = tmp_path / "lib" / "site-packages"
    (site_packages / "bot").mkdir(parents=True)
    (tmp_path / INSTALLED).mkdir(parents=True)
    found = default_lessons_dir(checkout=site_packages, prefixes=[str(tmp_path)])
    assert found == tmp_path / INSTALLED


def test_a_user_install_is_found_after_the_environment(tmp_path: Path) -> None:
    user = tmp_path / "user"
    (user / INSTALLED).mkdir(parents=True)
    found = default_lessons_dir(checkout=tmp_path, prefixes=[str(tmp_path / "venv"), str(user)])
    assert found == user / INSTALLED


def test_nothing_installed_points_at_the_checkout_path(tmp_path: Path) -> None:
    assert default_lessons_dir(checkout=tmp_path, prefixes=[]) == tmp_path / "lessons"

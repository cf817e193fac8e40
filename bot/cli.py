"""The `container-tutor` command: every way in, wired from one Settings object."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from rich.console import Console

from bot.config import Settings, SettingsError, load_settings
from bot.core.course import Lesson
from bot.core.lang import Lang
from bot.db_cli import db_app, open_store
from bot.questions_cli import questions_app

if TYPE_CHECKING:
    from bot.core.reply import Reply
    from bot.wiring import Parts

# pretty_exceptions_show_locals=False: a traceback must never print a token or a password
# that sits in a local variable.
app = typer.Typer(
    no_args_is_help=True,
    add_completion=False,
    help="Teach what a container really is, by showing it live.",
    pretty_exceptions_show_locals=False,
)
lessons_app = typer.Typer(
    no_args_is_help=True,
    help="Check and describe the lesson files.",
    pretty_exceptions_show_locals=False,
)
images_app = typer.Typer(
    no_args_is_help=True,
    help="Build the demo images (no registry).",
    pretty_exceptions_show_locals=False,
)
app.add_typer(lessons_app, name="lessons")
app.add_typer(images_app, name="images")
app.add_typer(db_app, name="db")
app.add_typer(questions_app, name="questions")

out = Console()
err = Console(stderr=True)


def _print_version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        out.print(f"container-tutor {version('container-tutor')}", highlight=False)
        raise typer.Exit()


@app.callback()
def _root(
    _version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_print_version, is_eager=True, help="Print the version."
        ),
    ] = False,
) -> None:
    """Teach what a container really is, by showing it live."""


def fail(message: str, code: int = 1) -> NoReturn:
    """One line (never wrapped to the terminal's width, so logs keep it whole), then exit."""
    err.print(message, style="red", highlight=False, markup=False, soft_wrap=True)
    raise typer.Exit(code)


def settings() -> Settings:
    try:
        return load_settings()
    except SettingsError as error:
        fail(f"configuration: {error}", 2)


@lessons_app.command("check")
def lessons_check(
    directory: Annotated[
        Path | None, typer.Argument(help="Lesson folder (default: LESSONS_DIR)")
    ] = None,
) -> None:
    """Validate every lesson file; print one `file:line: message` per problem."""
    from bot.content.loader import check_directory
    from bot.sandbox.recipes import RECIPES

    folder = directory or settings().lessons_dir
    lessons, problems = check_directory(folder, known_images=RECIPES)
    for problem in problems:
        print(problem)
    if problems:
        err.print(f"{len(problems)} problem(s) in {folder}", style="red", highlight=False)
        raise typer.Exit(1)
    quiz = sum(len(lesson.quiz) for lesson in lessons)
    faq = sum(len(lesson.faq) for lesson in lessons)
    tasks = sum(len(lesson.tasks) for lesson in lessons)
    out.print(
        f"ok: {len(lessons)} lessons, {quiz} quiz questions, {faq} FAQ entries, {tasks} tasks",
        highlight=False,
    )


@lessons_app.command("schema")
def lessons_schema(
    glossary: Annotated[
        bool, typer.Option("--glossary", help="The glossary's schema instead.")
    ] = False,
    beyond: Annotated[
        bool, typer.Option("--beyond", help="The schema of the topics beyond the course.")
    ] = False,
) -> None:
    """Print the JSON Schema of a lesson file (for editors and CI)."""
    from bot.core.beyond import Beyond
    from bot.core.glossary import Glossary

    model: type[Lesson] | type[Glossary] | type[Beyond] = Lesson
    if glossary:
        model = Glossary
    elif beyond:
        model = Beyond
    print(json.dumps(model.model_json_schema(), indent=2, ensure_ascii=False))


@images_app.command("list")
def images_list() -> None:
    """List the image recipes."""
    from bot.sandbox.recipes import RECIPES

    for recipe in RECIPES.values():
        out.print(f"{recipe.name:10} {recipe.tag:28} {recipe.description}", highlight=False)


@images_app.command("build")
def images_build(
    force: Annotated[bool, typer.Option(help="Rebuild even when present.")] = False,
) -> None:
    """Build every image the lessons name, from Debian's packages; skip those present."""

    from bot.sandbox.images import BuildError, ImageBuilder
    from bot.sandbox.recipes import RECIPES, VM
    from bot.sandbox.vm_image import VmImageBuilder

    config = settings()
    client = _engine()
    builder = ImageBuilder(
        client, mirror=config.debian_mirror, log=lambda line: out.print(line, highlight=False)
    )
    vm_builder = VmImageBuilder(
        client, mirror=config.debian_mirror, log=lambda line: out.print(line, highlight=False)
    )
    try:
        for recipe in RECIPES.values():
            (vm_builder if recipe is VM else builder).build(recipe, force=force)
    except BuildError as error:
        fail(f"image build failed: {error}")


@images_app.command("base")
def images_base(
    tag: Annotated[str | None, typer.Option(help="container-tutor/NAME:VERSION")] = None,
    force: Annotated[bool, typer.Option(help="Rebuild even when present.")] = False,
) -> None:
    """Build the base of the bot's own image (Debian's Python 3), for `make image`."""

    from bot.sandbox.base_image import build_base
    from bot.sandbox.images import BuildError

    config = settings()
    client = _engine()
    try:
        build_base(
            client,
            mirror=config.debian_mirror,
            tag=tag,
            force=force,
            log=lambda line: out.print(line, highlight=False),
        )
    except (BuildError, ValueError) as error:
        fail(f"base image build failed: {error}")


@app.command()
def demo(
    name: Annotated[
        str, typer.Argument(help="A demo id from the lessons, e.g. nginx; or vm.")
    ] = "nginx",
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    picture: Annotated[
        Path | None,
        typer.Option(help="Also draw it into this PNG (vm: next to a container, as compare)."),
    ] = None,
    lang: Annotated[str, typer.Option(help="en or zh, for the views and the picture")] = "en",
) -> None:
    """Run one demo start to finish, print its four views, and remove it."""
    from bot.console.jsonview import demo_json
    from bot.console.render import render
    from bot.core.demo.ports import SandboxError
    from bot.core.demo.replies import DemoShown
    from bot.core.demo.service import DemoError
    from bot.core.messages import say

    language = _lang(lang)
    parts = _parts()
    owner = "cli"
    if name.strip().lower() == "vm":
        from bot.console.vm_demo import vm_demo

        problem = vm_demo(
            parts.compare,
            as_json=as_json,
            console=out,
            picture=picture,
            demos=parts.demos,
            lang=language,
        )
        if problem is not None:
            fail(problem)
        return
    try:
        views = parts.demos.run(owner, name)
        demo_spec = parts.demos.demo(views.container.demo)
        shown = DemoShown(demo_spec, views, ("top", "ps", "tree", "pids"), (), language)
        if as_json:
            print(json.dumps(demo_json(views), indent=2, ensure_ascii=False))
        else:
            out.print(render(shown))
        if picture is not None:
            _draw(shown, picture, language)
    except DemoError as error:
        fail(say(error.key, language, **error.params))
    except SandboxError as error:
        fail(str(error))
    finally:
        try:
            parts.demos.clean(owner)
        except SandboxError:
            pass


def _lang(lang: str) -> Lang:
    if lang not in ("en", "zh"):
        fail(f"--lang: en or zh, not {lang!r}", 2)
    return "zh" if lang == "zh" else "en"


def _draw(reply: Reply, path: Path, lang: Lang) -> None:
    """The reply as a PNG at `path`; a picture that cannot be drawn fails the command."""
    from bot.console.picture_file import draw

    drawn = draw(reply, str(path), lang)
    if drawn is None or not drawn.written:
        fail(drawn.message if drawn is not None else "no picture for this reply")
    out.print(drawn.message, highlight=False, markup=False, soft_wrap=True)


@app.command(context_settings={"ignore_unknown_options": True})
def ask(
    words: Annotated[
        list[str],
        typer.Argument(
            help="A question, in English or Chinese; it may start with a dash.",
            metavar="QUESTION",
            show_default=False,
        ),
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Answer a question from the lessons, naming the section and the demo that proves it.

    Anything that is not `--json` or `--help` is the question, so a question that starts
    with a dash is asked as written, and `--` ends the options for the rest.
    """
    from bot.console.ask import AskRefused, answer_json
    from bot.console.ask import ask as answer_question
    from bot.console.render import render
    from bot.content.yaml_source import LessonError
    from bot.wiring import answerer_from, course_from

    config = settings()
    try:
        answerer = answerer_from(config, course_from(config))
    except LessonError as error:
        fail(f"the lessons have problems:\n{error}")
    try:
        answer = answer_question(answerer, " ".join(words))
    except AskRefused as error:
        fail(str(error), 2)
    if as_json:
        print(json.dumps(answer_json(answer), indent=2, ensure_ascii=False))
    else:
        out.print(render(answer))


@app.command()
def console(
    lang: Annotated[
        str | None, typer.Option(help="en or zh (default: your last choice, else en)")
    ] = None,
) -> None:
    """The terminal tutor: the Slack grammar in a REPL, no Slack needed."""
    from bot.console.quiz_input import console_lang
    from bot.console.repl import run_console
    from bot.core.demo.ports import SandboxError
    from bot.wiring import start_reaper, stop_pools

    parts = _parts()
    open_store(parts.store)
    try:
        stop = start_reaper(parts)
    except SandboxError as error:
        err.print(str(error), style="yellow", highlight=False, markup=False)
        stop = None
    try:
        run_console(
            parts.tutor,
            console=out,
            lang=console_lang(parts.tutor, lang),
            terminals=parts.terminals,
        )
    finally:
        if stop is not None:
            stop.set()
        stop_pools(parts)


@app.command()
def serve(
    port: Annotated[int, typer.Option(envvar="PORT", help="HTTP port (HTTP mode).")] = 3000,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "0.0.0.0",  # noqa: S104
    log_level: Annotated[str, typer.Option(help="DEBUG, INFO, WARNING…")] = "INFO",
) -> None:
    """Run the Slack app: Socket Mode when SLACK_APP_TOKEN is set, otherwise HTTP."""
    from bot.core.demo.ports import SandboxError
    from bot.logs import configure, redactor
    from bot.slack.assemble import Credentials, serve_assembled
    from bot.slack.startup import StartupError, check_token_shapes
    from bot.wiring import start_reaper

    config = settings()
    if config.slack_bot_token is None:
        fail("configuration: SLACK_BOT_TOKEN is required to serve Slack", 2)
    if config.slack_app_token is None and config.slack_signing_secret is None:
        fail(
            "configuration: SLACK_SIGNING_SECRET is required in HTTP mode "
            "(or set SLACK_APP_TOKEN for Socket Mode)",
            2,
        )
    token = config.slack_bot_token.get_secret_value()
    app_token = config.slack_app_token.get_secret_value() if config.slack_app_token else None
    try:
        check_token_shapes(token, app_token)
    except StartupError as error:
        fail(f"configuration: {error}", 2)
    secrets = [
        s.get_secret_value()
        for s in (config.slack_bot_token, config.slack_signing_secret, config.slack_app_token)
        if s is not None
    ]
    configure(level=log_level.upper(), secrets=secrets, fmt=config.log_format)
    parts = _parts()
    open_store(parts.store)
    try:
        start_reaper(parts)
    except SandboxError as error:
        err.print(str(error), style="yellow", highlight=False, markup=False)
    signing_secret = config.slack_signing_secret
    signing = signing_secret.get_secret_value() if signing_secret is not None else None
    credentials = Credentials(token=token, signing_secret=signing, app_token=app_token)
    try:
        finished = serve_assembled(config, parts, credentials, host=host, port=port)
    except StartupError as error:
        fail(redactor(secrets)(str(error)))
    if not finished:
        err.print("stopped before every demo in flight had finished", style="yellow")


@app.command()
def cleanup() -> None:
    """Remove every demo container the tutor created, on this engine."""
    from bot.core.demo.ports import SandboxError
    from bot.sandbox.runner import DockerSandbox

    try:
        removed = DockerSandbox().remove_all()
    except SandboxError as error:
        fail(str(error))
    out.print(f"removed {len(removed)} demo container(s)", highlight=False)


def _parts() -> Parts:
    from bot.content.yaml_source import LessonError
    from bot.wiring import build

    try:
        return build(settings())
    except LessonError as error:
        fail(f"the lessons have problems:\n{error}")


def _engine() -> Any:
    """A docker-py client to a live engine, or one clear line and exit 1."""
    import docker

    from bot.sandbox.engine_errors import unreachable

    try:
        client = docker.from_env()
        client.ping()
    except Exception as error:
        fail(str(unreachable(error)))
    return client


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)

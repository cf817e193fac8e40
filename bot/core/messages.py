"""Every sentence the tutor says that is not course content, in both languages.

Course text lives in lessons/*.yaml; this is the interface's own wording, kept in one
place so adapters never write prose of their own.
"""

from __future__ import annotations

from typing import Literal

Lang = Literal["en", "zh"]

MESSAGES: dict[str, dict[Lang, str]] = {
    "no_demo": {
        "en": "You have no live demo. Start one with `run` (for example `run nginx`).",
        "zh": "你目前沒有正在運行的示範。用 `run` 開始一個（例如 `run nginx`）。",
    },
    "demo_exited": {
        "en": "Your demo container has exited (exit code {code}). `run` starts a new one; "
        "`clean` removes it.",
        "zh": "你的示範容器已經退出（退出碼 {code}）。`run` 可以重新開始，`clean` 會把它刪除。",
    },
    "unknown_demo": {
        "en": "There is no demo called '{name}'. Demos: {known}.",
        "zh": "沒有名為「{name}」的示範。可用的示範：{known}。",
    },
    "unknown_command": {
        "en": "I don't know the command '{word}'.{hint} Type `help` for the list.",
        "zh": "我不認得指令「{word}」。{hint}輸入 `help` 查看指令列表。",
    },
    "did_you_mean": {"en": " Did you mean `{closest}`?", "zh": "你是不是想輸入 `{closest}`？"},
    "too_long": {
        "en": "That is {length} characters; commands and questions stay under {limit}. "
        "Nothing was run.",
        "zh": "這段文字有 {length} 個字元，指令和問題請少於 {limit} 個字元。什麼都沒有執行。",
    },
    "busy": {
        "en": "Busy: all {limit} demo slots are in use. You are number {position} in the "
        "queue; your demo starts as soon as one frees up.",
        "zh": "忙碌中：{limit} 個示範名額都在使用。你排在第 {position} 位，一有空位就會開始。",
    },
    "busy_gave_up": {
        "en": "Still busy after waiting: all {limit} demo slots are in use. Please try "
        "again in a few minutes.",
        "zh": "等了一會兒仍然忙碌：{limit} 個示範名額都在使用。請過幾分鐘再試。",
    },
    "cleaned": {
        "en": "Removed your demo container {name}. Nothing of it is left on the host.",
        "zh": "已刪除你的示範容器 {name}，主機上沒有留下任何東西。",
    },
    "nothing_to_clean": {
        "en": "You have no demo container to clean up.",
        "zh": "你沒有需要清理的示範容器。",
    },
    "not_built": {
        "en": "`{verb}` is not available yet in this version of the tutor.",
        "zh": "這個版本的導師還沒有 `{verb}` 功能。",
    },
    "ask_empty": {
        "en": "Ask me something after `ask`, for example `ask why is PID 1 nginx?`",
        "zh": "請在 `ask` 後面寫下問題，例如 `ask 為什麼 PID 1 是 nginx？`",
    },
    "progress_created": {"en": "Creating the container…", "zh": "正在建立容器…"},
    "progress_started": {
        "en": "Started {name}. Reading its processes…",
        "zh": "已啟動 {name}，正在讀取它的進程…",
    },
    "progress_exec": {
        "en": "Starting a process inside with `docker exec`…",
        "zh": "正在用 `docker exec` 在容器裡啟動一個進程…",
    },
    "progress_stop": {
        "en": "Sending the stop signal to the main process (PID 1 inside)…",
        "zh": "正在向主進程（容器內的 PID 1）發送停止信號…",
    },
    "exec_not_seen": {
        "en": "The process started with `exec` did not show up in time. Try `exec` again.",
        "zh": "用 `exec` 啟動的進程沒有及時出現，請再試一次 `exec`。",
    },
    "engine": {"en": "{detail}", "zh": "{detail}"},
}

HELP: tuple[tuple[str, dict[Lang, str]], ...] = (
    (
        "run [DEMO]",
        {
            "en": "start a live demo container (default: nginx)",
            "zh": "啟動一個示範容器（預設 nginx）",
        },
    ),
    (
        "top",
        {
            "en": "the container's processes, as `docker container top` shows them",
            "zh": "容器的進程，如同 `docker container top`",
        },
    ),
    (
        "ps",
        {"en": "the same processes in the host's `ps aux`", "zh": "主機 `ps aux` 裡的同一批進程"},
    ),
    (
        "tree",
        {
            "en": "where they hang in the host's process tree (`pstree -halps`)",
            "zh": "它們在主機進程樹中的位置（`pstree -halps`）",
        },
    ),
    (
        "pids",
        {
            "en": "PID inside ↔ PID on the host, namespaces and kernel",
            "zh": "容器內 PID ↔ 主機 PID、命名空間與核心",
        },
    ),
    (
        "exec",
        {
            "en": "start a process inside, as `docker exec` does, and find it on the host",
            "zh": "像 `docker exec` 一樣在容器內啟動進程，並在主機上找到它",
        },
    ),
    (
        "stop",
        {
            "en": "end the main process and watch the container exit",
            "zh": "結束主進程，看容器隨之退出",
        },
    ),
    ("clean", {"en": "remove your demo container", "zh": "刪除你的示範容器"}),
    ("lessons", {"en": "what the course teaches", "zh": "課程內容"}),
    ("quiz [LESSON]", {"en": "test yourself", "zh": "做個小測驗"}),
    ("progress", {"en": "what you have mastered", "zh": "你的學習進度"}),
    (
        "ask QUESTION",
        {"en": "ask about containers, in English or Chinese", "zh": "用中文或英文提問"},
    ),
    ("help", {"en": "this list", "zh": "這份列表"}),
)


def say(key: str, lang: Lang = "en", **params: object) -> str:
    return MESSAGES[key][lang].format(**params)

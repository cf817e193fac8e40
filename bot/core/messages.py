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
    "progress_working": {"en": "Working on it…", "zh": "處理中…"},
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
    "not_yours": {
        "en": "This demo belongs to <@{owner}>, so only they can drive it. Start your own "
        "with `/container-demo run`.",
        "zh": "這個示範屬於 <@{owner}>，只有他能操作。"
        "用 `/container-demo run` 開始你自己的示範吧。",
    },
    "see_dm": {
        "en": "On it: your demo runs in our direct messages, where I update it live.",
        "zh": "處理中：你的示範在我們的私訊裡進行，我會在那裡即時更新。",
    },
    "cut": {
        "en": "… {more} more lines not shown. *Show all* sends the whole listing as a file.",
        "zh": "… 還有 {more} 行沒有顯示。按 *Show all* 會把完整列表以檔案傳給你。",
    },
    "shared_by": {
        "en": "<@{user}> shared this from a live demo.",
        "zh": "<@{user}> 分享了一個現場示範的畫面。",
    },
    "share_failed": {
        "en": "I could not post in that channel ({error}). Invite me there and try again.",
        "zh": "我無法在那個頻道發文（{error}）。請先邀請我加入再試一次。",
    },
    "sent_file": {
        "en": "Sent the full listing to our direct messages as a file.",
        "zh": "完整列表已經以檔案傳到我們的私訊。",
    },
    "ready": {"en": "ready in {seconds:.2f} s", "zh": "{seconds:.2f} 秒就緒"},
    "expires": {"en": "removed automatically in {minutes} min", "zh": "{minutes} 分鐘後自動刪除"},
    "exec_summary": {
        "en": "`docker exec` started `{command}`: PID *{ns_pid}* inside, PID *{host_pid}* on "
        "the host, a child of `{parent}` ({parent_pid}), not of the main process "
        "(PID {main_ns} inside, {main_host} on the host).",
        "zh": "`docker exec` 啟動了 `{command}`：容器內 PID *{ns_pid}*，主機上 PID *{host_pid}*，"
        "它的父進程是 `{parent}`（{parent_pid}），而不是主進程"
        "（容器內 PID {main_ns}，主機上 {main_host}）。",
    },
    "stop_summary": {
        "en": "Sent *{signal}* to the main process (host PID {pid}). The container went "
        "{before} → *{after}*, exit code *{code}*, in {seconds:.2f} s.",
        "zh": "已向主進程（主機 PID {pid}）發送 *{signal}*。容器狀態 {before} → *{after}*，"
        "退出碼 *{code}*，耗時 {seconds:.2f} 秒。",
    },
    "home_intro": {
        "en": "I teach what a container really is by showing it live: a container is not a "
        "mini virtual machine, it is a process on the host. Start a demo and see the same "
        "processes from inside and from the host.",
        "zh": "我用現場示範來教你容器到底是什麼：容器不是迷你虛擬機，而是主機上的一個進程。"
        "開始一個示範，從容器裡和主機上看同一批進程。",
    },
    "home_start": {
        "en": "Type `/container-demo run` anywhere (or in a DM with me), then try the buttons: "
        "container view, host view, process tree, PID map, exec, stop.",
        "zh": "在任何地方（或在和我的私訊裡）輸入 `/container-demo run`，然後試試按鈕："
        "容器視圖、主機視圖、進程樹、PID 對照、exec、stop。",
    },
    "menu_title": {"en": "What would you like to see?", "zh": "你想看什麼？"},
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


BUTTONS: dict[str, dict[Lang, str]] = {
    "top": {"en": "Container view", "zh": "容器視圖"},
    "ps": {"en": "Host view", "zh": "主機視圖"},
    "tree": {"en": "Process tree", "zh": "進程樹"},
    "pids": {"en": "PID map", "zh": "PID 對照"},
    "exec": {"en": "Exec a process", "zh": "exec 一個進程"},
    "stop": {"en": "Stop the main process", "zh": "停止主進程"},
    "clean": {"en": "Clean up", "zh": "清理"},
    "compare": {"en": "Compare with a VM", "zh": "和虛擬機比較"},
    "quiz": {"en": "Quiz me", "zh": "考考我"},
    "share": {"en": "Share in channel", "zh": "分享到頻道"},
    "show_all": {"en": "Show all", "zh": "顯示全部"},
    "run": {"en": "Run {demo}", "zh": "執行 {demo}"},
}
VIEW_TITLES: dict[str, str] = {
    "top": "docker container top",
    "ps": "ps aux (host)",
    "tree": "pstree -halps (host)",
    "pids": "PID inside ↔ PID on the host",
}


def button(name: str, lang: Lang = "en", **params: object) -> str:
    return BUTTONS[name][lang].format(**params)


def say(key: str, lang: Lang = "en", **params: object) -> str:
    return MESSAGES[key][lang].format(**params)

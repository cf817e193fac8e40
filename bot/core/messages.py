"""Every sentence the tutor says that is not course content, in both languages.

Course text lives in lessons/*.yaml; this is the interface's own wording, kept in one
place so adapters never write prose of their own.
"""

from __future__ import annotations

from bot.core.lang import Lang

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
    "busy_gave_up_after": {
        "en": "Still busy after waiting {seconds} s: all {limit} demo slots are in use. "
        "Press *Try again* to queue again.",
        "zh": "等了 {seconds} 秒仍然忙碌：{limit} 個示範名額都在使用。按「再試一次」重新排隊。",
    },
    "superseded": {
        "en": "Replaced by your newer command `{command}`; only the newest one runs.",
        "zh": "已被你較新的指令 `{command}` 取代；只會執行最新的那一個。",
    },
    "replica_lost": {
        "en": "The tutor server running this stopped twice before it finished, so it was "
        "not completed. Please send it again.",
        "zh": "執行這個指令的導師伺服器在完成前停止了兩次，所以沒有完成。請再送出一次。",
    },
    "replica_unreachable": {
        "en": "The tutor could not reach its database to run this, so it did not run. "
        "Please send it again in a minute.",
        "zh": "導師連不上它的資料庫，所以這個指令沒有執行。請過一分鐘再送出一次。",
    },
    "queue_left": {
        "en": "You left the queue; no demo was started. Press *Try again* to queue again.",
        "zh": "你已離開佇列，沒有開始任何示範。按「再試一次」重新排隊。",
    },
    "queue_closed": {
        "en": "The tutor is restarting, so your place in the queue was given up. "
        "Press *Try again* in a minute.",
        "zh": "導師正在重新啟動，你在佇列中的位置已取消。請一分鐘後按「再試一次」。",
    },
    "interrupted": {
        "en": "The tutor restarted before this finished, so it was not completed. "
        "Nothing of it is left running; type the command again.",
        "zh": "導師在完成前重新啟動了，所以這項操作沒有完成。"
        "沒有留下任何在執行的東西；請再輸入一次指令。",
    },
    "taken_over": {
        "en": "The tutor server running this stopped before it finished; another one runs "
        "it again, and its reply follows below.",
        "zh": "執行這個指令的導師伺服器在完成前停止了；另一台會重新執行，回覆就在下方。",
    },
    "upload_failed": {
        "en": "The full listing could not be uploaded ({error}). Try *Show all* again later.",
        "zh": "完整列表無法上傳（{error}）。請稍後再按「顯示全部」。",
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
    "answer_source": {
        "en": "From the lesson *{lesson}*, section *{section}*.",
        "zh": "出自課程「{lesson}」的「{section}」一節。",
    },
    "answer_see": {
        "en": "See it live: `/container-demo {step}`",
        "zh": "現場看看：`/container-demo {step}`",
    },
    "answer_unknown": {
        "en": "I don't know that one: my lessons don't cover it, and I only answer from them.",
        "zh": "這個我不知道：我的課程沒有教到，而我只根據課程內容回答。",
    },
    "feedback_thanks": {
        "en": "Thanks: the lesson authors will see it.",
        "zh": "謝謝，課程作者會看到。",
    },
    "answer_unsure": {
        "en": "I'm not sure; did you mean one of these?",
        "zh": "我不太確定；你是想問下面哪一個？",
    },
    "answer_closest": {
        "en": "The closest topics I teach: {topics}. Ask about one of them, or type `lessons` "
        "for the whole course.",
        "zh": "我教的主題裡最接近的是：{topics}。可以問問其中一個，或輸入 `lessons` 看完整課程。",
    },
    "answer_courses": {
        "en": "I teach what a container really is: {topics}. Type `lessons` to see them all.",
        "zh": "我教的是容器到底是什麼：{topics}。輸入 `lessons` 看完整課程。",
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
        "zh": "正在向主進程（容器內的 PID 1）發送停止訊號…",
    },
    "exec_not_seen": {
        "en": "The process started with `exec` did not show up in time. Try `exec` again.",
        "zh": "用 `exec` 啟動的進程沒有及時出現，請再試一次 `exec`。",
    },
    "engine": {"en": "{detail}", "zh": "{detail}"},
    "engine_gone": {
        "en": "That demo container is gone (expired or cleaned up).",
        "zh": "那個示範容器已經不在了（過期或已被清理）。",
    },
    "engine_no_recipe": {
        "en": "No recipe builds the image of demo '{demo}'.",
        "zh": "沒有任何配方能建出示範「{demo}」的映像。",
    },
    "engine_image_missing": {
        "en": "The demo image {tag} is not built yet. Build it with "
        "`container-tutor images build` (about a minute, no registry).",
        "zh": "示範映像 {tag} 還沒建好。請用 `container-tutor images build` 建置"
        "（約一分鐘，不需要映像倉庫）。",
    },
    "engine_policy_refused": {
        "en": "Refused to start a demo that breaks the sandbox policy: {broken}.",
        "zh": "這個示範違反了沙盒規則，所以拒絕啟動：{broken}。",
    },
    "engine_inside_failed": {
        "en": "`{command}` failed inside the demo (exit {code}).",
        "zh": "`{command}` 在示範容器裡執行失敗（結束代碼 {code}）。",
    },
    "engine_no_terminal": {
        "en": "The engine did not hand over a terminal socket.",
        "zh": "Docker 引擎沒有交出終端的連線。",
    },
    "engine_refused": {
        "en": "The Docker engine refused: {explanation}",
        "zh": "Docker 引擎拒絕了這個要求：{explanation}",
    },
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
        "zh": "… 還有 {more} 行沒有顯示。按「顯示全部」會把完整列表以檔案傳給你。",
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
    "started_now": {
        "en": "created → running in {seconds:.2f} s (the engine's clock)",
        "zh": "從建立到運行 {seconds:.2f} 秒（引擎的時鐘）",
    },
    "started_ahead": {
        "en": "started ahead of time, {ahead:.1f} s before you asked (a warm pool); its own "
        "create → running took {seconds:.2f} s (the engine's clock)",
        "zh": "這個容器是預先啟動的，在你要求前 {ahead:.1f} 秒（暖池）；它自己從建立到運行花了 "
        "{seconds:.2f} 秒（引擎的時鐘）",
    },
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
        "zh": "已向主進程（主機 PID {pid}）發送 *{signal}*。容器狀態：{before} → *{after}*，"
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
    # ---- the guided walk through a demo, and the headers of its listings
    "walk_insight": {
        "en": "*{program}* is PID 1 inside and PID *{host_pid}* on the host, on the same "
        "kernel {kernel}.",
        "zh": "*{program}* 在容器裡是 PID 1，在主機上是 PID *{host_pid}*，兩邊是同一個核心 "
        "{kernel}。",
    },
    "walk_insight_kernels": {
        "en": "*{program}* is PID 1 inside and PID *{host_pid}* on the host; inside reports "
        "kernel {inside}, the host runs {kernel}.",
        "zh": "*{program}* 在容器裡是 PID 1，在主機上是 PID *{host_pid}*；容器裡回報的核心是 "
        "{inside}，主機跑的是 {kernel}。",
    },
    "walk_step": {
        "en": "Step {number} of {total}: {label}",
        "zh": "第 {number} 步，共 {total} 步：{label}",
    },
    "walk_no_step": {
        "en": "This walk has steps 1 to {count}; `walk 1` starts it again, `walk all` shows "
        "everything.",
        "zh": "這段導覽只有第 1 到第 {count} 步；`walk 1` 從頭開始，`walk all` 顯示全部。",
    },
    "walk_enter": {
        "en": "Press Enter for the next step ({label}), or type a command.",
        "zh": "按 Enter 看下一步（{label}），或輸入指令。",
    },
    "walk_done": {
        "en": "That was the last step. Try next: {steps}.",
        "zh": "這是最後一步。接下來可以試試：{steps}。",
    },
    "next_steps": {"en": "next:", "zh": "下一步："},
    "demo_fallback": {
        "en": "; PID 1 inside is PID {host_pid} on the host",
        "zh": "；容器裡的 PID 1 是主機上的 PID {host_pid}",
    },
    "lines_more": {"en": "… {more} more lines", "zh": "… 還有 {more} 行"},
    "col_inside": {"en": "INSIDE", "zh": "容器內"},
    "col_host": {"en": "HOST", "zh": "主機"},
    "col_command": {"en": "COMMAND", "zh": "指令"},
    "col_container": {"en": "CONTAINER", "zh": "容器"},
    "row_pid_ns": {"en": "PID namespace", "zh": "PID 命名空間"},
    "row_kernel": {"en": "kernel (uname -r)", "zh": "核心（uname -r）"},
    "exec_inside_title": {"en": "ps inside the container", "zh": "容器裡的 ps"},
    "exec_host_title": {"en": "pstree on the host", "zh": "主機上的 pstree"},
    "then": {"en": "{first}, then {second}", "zh": "{first}，接著 {second}"},
    "answer_try": {"en": "try:", "zh": "試試："},
    "quiz_command": {"en": "quiz: {command}", "zh": "測驗：{command}"},
    # ---- the virtual machine and the side-by-side comparison
    "progress_vm_boot_tcg": {
        "en": "Booting a virtual machine: qemu starts Debian's kernel and a busybox userland, "
        "in software emulation (TCG), so it takes a few seconds…",
        "zh": "正在啟動虛擬機：qemu 載入 Debian 的核心和 busybox 使用者空間，"
        "用的是軟體模擬（TCG），要花幾秒鐘…",
    },
    "progress_vm_boot_kvm": {
        "en": "Booting a virtual machine: qemu starts Debian's kernel and a busybox userland "
        "with KVM…",
        "zh": "正在啟動虛擬機：qemu 用 KVM 載入 Debian 的核心和 busybox 使用者空間…",
    },
    "progress_vm_kvm_failed": {
        "en": "KVM did not boot the guest on this host; booting it again in software "
        "emulation (TCG)…",
        "zh": "這台主機的 KVM 沒能啟動客體系統，改用軟體模擬（TCG）重新開機…",
    },
    "progress_gvisor": {
        "en": "Starting the same demo under gVisor (`runsc`)…",
        "zh": "正在用 gVisor（`runsc`）啟動同一個示範…",
    },
    "vm_busy": {
        "en": "Busy: all {limit} virtual machine slots are in use. You are number {position} "
        "in the queue; your VM boots as soon as one frees up.",
        "zh": "忙碌中：{limit} 個虛擬機名額都在使用。你排在第 {position} 位，一有空位就會開機。",
    },
    "vm_busy_gave_up_after": {
        "en": "Still busy after waiting {seconds} s: all {limit} virtual machine slots are in "
        "use. Press *Try again* to queue again.",
        "zh": "等了 {seconds} 秒仍然忙碌：{limit} 個虛擬機名額都在使用。按「再試一次」重新排隊。",
    },
    "vm_busy_gave_up": {
        "en": "Still busy after waiting: all {limit} virtual machine slots are in use. Please "
        "try again in a few minutes.",
        "zh": "等了一會兒仍然忙碌：{limit} 個虛擬機名額都在使用。請過幾分鐘再試。",
    },
    "vm_not_reported": {
        "en": "The virtual machine has not reported yet. Try again in a moment.",
        "zh": "虛擬機還沒有回報。請稍後再試一次。",
    },
    "vm_stopped_early": {
        "en": "The virtual machine stopped before its guest reported (exit {code}): {output}",
        "zh": "虛擬機在客體回報之前就停止了（退出碼 {code}）：{output}",
    },
    "vm_silent": {
        "en": "The virtual machine did not report within {seconds} s, so it was removed. "
        "Try `vm` again in a moment.",
        "zh": "虛擬機在 {seconds} 秒內沒有回報，所以已經把它刪除。請稍後再試一次 `vm`。",
    },
    "cleaned_vm": {
        "en": "Removed {names}. The VM's qemu ended with its container; nothing of them is "
        "left on the host.",
        "zh": "已刪除 {names}。虛擬機的 qemu 隨容器一起結束，主機上沒有留下任何東西。",
    },
    "vm_title": {"en": "A virtual machine, seen from the host", "zh": "從主機看一台虛擬機"},
    "vm_summary": {
        "en": "qemu booted the guest's own kernel *{guest}* in *{seconds:.2f} s* ({accel}); "
        "the host runs *{host}*. For the whole VM the host sees one process, `{qemu}` "
        "(PID {pid}, {threads} threads), under `{shim}`. Inside, the guest has its own "
        "PID 1 (`{pid1}`) and *{kthreads} kernel threads* of its own.",
        "zh": "qemu 用 *{seconds:.2f} 秒* 啟動了客體自己的核心 *{guest}*（{accel}）；主機跑的是 "
        "*{host}*。整台虛擬機在主機上只是一個進程：`{qemu}`（PID {pid}，{threads} 個執行緒），"
        "掛在 `{shim}` 底下。客體裡面有自己的 PID 1（`{pid1}`），還有自己的 "
        "*{kthreads} 個核心執行緒*。",
    },
    "vm_host_title": {
        "en": "the host's processes under containerd-shim",
        "zh": "主機上 containerd-shim 底下的進程",
    },
    "vm_guest_title": {
        "en": "ps inside the guest (its own kernel, its own PID 1)",
        "zh": "客體裡的 ps（自己的核心、自己的 PID 1）",
    },
    "compare_title": {
        "en": "Container vs virtual machine, side by side",
        "zh": "容器和虛擬機，並排比較",
    },
    "compare_summary": {
        "en": "On one host ({host}): the container's PID 1 is `{pid1}` on the host's kernel; "
        "the VM runs its own kernel {guest} and took {boot:.2f} s to boot against "
        "{start:.2f} s for the container.",
        "zh": "同一台主機（{host}）上：容器的 PID 1 是 `{pid1}`，用的是主機的核心；"
        "虛擬機跑自己的核心 {guest}，開機花了 {boot:.2f} 秒，容器只花 {start:.2f} 秒。",
    },
    "compare_host_kernel": {
        "en": "The host's kernel: `{kernel}`",
        "zh": "主機的核心：`{kernel}`",
    },
    "side_container": {"en": "Container (runc)", "zh": "容器（runc）"},
    "side_vm": {"en": "Virtual machine (qemu)", "zh": "虛擬機（qemu）"},
    "side_gvisor": {"en": "gVisor sandbox (runsc)", "zh": "gVisor 沙箱（runsc）"},
    "accel_tcg": {"en": "TCG, software emulation", "zh": "TCG 軟體模擬"},
    "accel_kvm": {"en": "KVM, hardware virtualisation", "zh": "KVM 硬體虛擬化"},
    "cmp_row_host": {"en": "What the host sees", "zh": "主機看到什麼"},
    "cmp_row_kernel": {"en": "Kernel (`uname -r` inside)", "zh": "核心（裡面的 `uname -r`）"},
    "cmp_row_pid1": {"en": "PID 1 and its company", "zh": "PID 1 和它的同伴"},
    "cmp_row_memory": {"en": "Memory", "zh": "記憶體"},
    "cmp_row_start": {"en": "Start", "zh": "啟動"},
    "cmp_host_list": {
        "en": "Under `{shim}` ({shim_pid}):",
        "zh": "`{shim}`（{shim_pid}）底下：",
    },
    "cmp_host_task": {
        "en": "• `{command}` (PID {pid}, threads: {threads})",
        "zh": "• `{command}`（PID {pid}，執行緒：{threads}）",
    },
    "cmp_host_more": {"en": "• … and {more} more", "zh": "• … 還有 {more} 個"},
    "cmp_host_gone": {
        "en": "no processes under a shim (the demo has ended)",
        "zh": "shim 底下沒有進程（示範已經結束）",
    },
    "cmp_host_container": {
        "en": "Each of the container's processes, by name.",
        "zh": "容器的每個進程都看得到，連名字都一樣。",
    },
    "cmp_host_vm": {
        "en": "That one process is the whole VM: none of the guest's processes are in the "
        "host's list.",
        "zh": "這一個進程就是整台虛擬機：客體裡的進程一個都不在主機的列表裡。",
    },
    "cmp_host_gvisor": {
        "en": "gVisor's own processes: the demo's commands are not in the host's list by name.",
        "zh": "只看到 gVisor 自己的進程：示範裡的指令不會以原名出現在主機的列表裡。",
    },
    "cmp_kernel_container": {
        "en": "`{kernel}`: the host's own kernel",
        "zh": "`{kernel}`：就是主機的核心",
    },
    "cmp_kernel_vm": {
        "en": "`{kernel}`: the guest's own kernel, not the host's",
        "zh": "`{kernel}`：客體自己的核心，不是主機的",
    },
    "cmp_kernel_gvisor": {
        "en": "`{kernel}`: gVisor's own kernel, a program running on the host's",
        "zh": "`{kernel}`：gVisor 自己的核心，它是跑在主機核心上的一個程式",
    },
    "cmp_pid1_plain": {
        "en": "PID 1: `{pid1}`. {count} process(es) in all, *no kernel threads*.",
        "zh": "PID 1：`{pid1}`。一共 {count} 個進程，*沒有核心執行緒*。",
    },
    "cmp_pid1_kernel": {
        "en": "PID 1: the guest's `{pid1}`. {count} processes in all, *{kthreads} of them "
        "kernel threads* ({examples}, …).",
        "zh": "PID 1：客體的 `{pid1}`。一共 {count} 個進程，*其中 {kthreads} 個是核心執行緒*"
        "（{examples}…）。",
    },
    "cmp_memory_rss": {
        "en": "{mb:.1f} MB resident on the host (its processes' RSS)",
        "zh": "在主機上常駐 {mb:.1f} MB（它那些進程的 RSS）",
    },
    "cmp_memory_gvisor": {
        "en": "{mb:.1f} MB resident on the host (gVisor's processes)",
        "zh": "在主機上常駐 {mb:.1f} MB（gVisor 那些進程）",
    },
    "cmp_memory_vm": {
        "en": "{mb} MB of guest RAM reserved; qemu holds {rss:.0f} MB on the host",
        "zh": "替客體預留 {mb} MB 記憶體；qemu 在主機上佔了 {rss:.0f} MB",
    },
    "cmp_start_container": {
        "en": "{seconds:.2f} s from create to running",
        "zh": "從建立到運行 {seconds:.2f} 秒",
    },
    "cmp_start_vm": {
        "en": "{seconds:.2f} s from create to the guest's report ({accel})",
        "zh": "從建立到客體回報 {seconds:.2f} 秒（{accel}）",
    },
    "gvisor_absent": {
        "en": "No gVisor column: this engine offers no `runsc` runtime. To add one, install "
        "gVisor (Debian: `apt-get install runsc`), register it with `runsc install` (it adds "
        "the runtime to /etc/docker/daemon.json), restart dockerd, then `compare` again.",
        "zh": "沒有 gVisor 欄：這個引擎沒有 `runsc` 執行環境。要加上的話，先安裝 gVisor"
        "（Debian：`apt-get install runsc`），用 `runsc install` 註冊（它會把執行環境寫進 "
        "/etc/docker/daemon.json），重新啟動 dockerd，再執行一次 `compare`。",
    },
    "gvisor_failed": {
        "en": "The engine offers gVisor, but its sandbox did not start: {detail}",
        "zh": "引擎有 gVisor，但它的沙箱沒有啟動成功：{detail}",
    },
    # ---- quizzes, progress and spaced review
    "quiz_not_yours": {
        "en": "This quiz belongs to <@{owner}>, so only they can answer it. Start your own "
        "with `/container-demo quiz`.",
        "zh": "這份測驗屬於 <@{owner}>，只有他能作答。"
        "用 `/container-demo quiz` 開始你自己的測驗吧。",
    },
    "quiz_stale": {
        "en": "That question is no longer open: its quiz has ended or moved on. "
        "`quiz` starts a new one.",
        "zh": "這一題已經不能作答了：測驗已經結束或往下走了。輸入 `quiz` 重新開始一份。",
    },
    "quiz_unknown_lesson": {
        "en": "There is no lesson '{name}' with a quiz. Lessons: {known}.",
        "zh": "沒有名為「{name}」而且有測驗的課程。可選的課程：{known}。",
    },
    "quiz_no_questions": {
        "en": "That lesson has no quiz questions yet.",
        "zh": "這一課還沒有測驗題目。",
    },
    "quiz_none_open": {
        "en": "You have no quiz open. `quiz` starts one.",
        "zh": "你目前沒有進行中的測驗。輸入 `quiz` 開始一份。",
    },
    "quiz_bad_choice": {
        "en": "Answer with a number from 1 to {count}, for example `answer 1`.",
        "zh": "請用 1 到 {count} 的數字作答，例如 `answer 1`。",
    },
    "quiz_answer_first": {
        "en": "Answer this question first; then the next one comes.",
        "zh": "請先回答這一題，下一題才會出現。",
    },
    "quiz_see_dm": {
        "en": "On it: see our direct messages.",
        "zh": "處理中：請看我們的私訊。",
    },
    "quiz_title": {"en": "Quiz: {lesson}", "zh": "測驗：{lesson}"},
    "review_title": {"en": "Review", "zh": "複習"},
    "quiz_number": {"en": "Question {number} of {total}", "zh": "第 {number} 題，共 {total} 題"},
    "quiz_pick": {
        "en": "Type the number of your answer, e.g. `2`.",
        "zh": "輸入答案的編號，例如 `2`。",
    },
    "quiz_right": {"en": "*Right!*", "zh": "*答對了！*"},
    "quiz_wrong": {
        "en": "*Not quite.* The answer is *{answer}*.",
        "zh": "*不太對。* 正確答案是 *{answer}*。",
    },
    "quiz_score": {
        "en": "*Done: {right} of {total} right.*",
        "zh": "*完成：{total} 題答對 {right} 題。*",
    },
    "quiz_score_missed": {
        "en": "The {missed} you missed come back for review {when}. `review at 09:00` sends "
        "your reviews every day.",
        "zh": "答錯的 {missed} 題會在 {when} 回來讓你複習。輸入 `review at 09:00`，"
        "每天都會收到複習。",
    },
    "quiz_score_all": {
        "en": "Each one comes back later, spaced out so that it sticks.",
        "zh": "這些題目之後會再出現，間隔會越拉越長，讓你記得更牢。",
    },
    "quiz_next_hint": {
        "en": "Type `next` (or press Enter) for the next question.",
        "zh": "輸入 `next`（或直接按 Enter）進入下一題。",
    },
    "review_nothing_due": {
        "en": "Nothing is due for review right now. `quiz` tries new questions; "
        "`progress` shows what comes back when.",
        "zh": "現在沒有需要複習的題目。`quiz` 可以做新題目，`progress` 會告訴你哪些題目何時回來。",
    },
    "review_daily": {
        "en": "Time for your daily review: {count} question(s) are due.",
        "zh": "每日複習時間到了：有 {count} 題該複習了。",
    },
    "review_set": {
        "en": "Daily review set: on days when questions are due, I message you at {time} "
        "({tz}). `review off` stops it.",
        "zh": "每日複習已設定：有題目該複習的日子，我會在 {time}（{tz}）傳私訊給你。"
        "`review off` 可以關掉。",
    },
    "review_off": {"en": "Daily review is off.", "zh": "每日複習已關閉。"},
    "review_was_off": {
        "en": "You had no daily review. `review at 09:00` sets one.",
        "zh": "你本來就沒有設定每日複習。輸入 `review at 09:00` 可以設定。",
    },
    "review_bad_time": {
        "en": "I could not read '{text}' as a time. Use 24-hour HH:MM, for example "
        "`review at 09:00`. Nothing was changed.",
        "zh": "我看不懂「{text}」這個時間。請用 24 小時制 HH:MM，例如 `review at 09:00`。"
        "設定沒有改變。",
    },
    "lang_set": {
        "en": "From now on I speak English with you.",
        "zh": "從現在起我會用中文和你說話。",
    },
    "lang_usage": {
        "en": "Choose `lang en` (English) or `lang zh` (中文). Now: {current}.",
        "zh": "請選 `lang en`（English）或 `lang zh`（中文）。目前：{current}。",
    },
    "store_down": {
        "en": "I cannot reach the progress store right now, so nothing was recorded. "
        "Please try again in a moment.",
        "zh": "目前連不上進度資料庫，所以什麼都沒有記錄。請稍後再試一次。",
    },
    "progress_title": {"en": "Your progress", "zh": "你的學習進度"},
    "progress_lesson": {
        "en": "{mastered} of {total} mastered · {review} to review · {untried} not tried",
        "zh": "{total} 題中已掌握 {mastered} 題 · {review} 題待複習 · {untried} 題還沒做",
    },
    "progress_due": {
        "en": "{count} question(s) due for review now: `review` starts them.",
        "zh": "現在有 {count} 題該複習了：輸入 `review` 開始。",
    },
    "progress_next": {"en": "Next review due {when}.", "zh": "下次複習時間：{when}。"},
    "progress_empty": {
        "en": "No answers yet: `quiz` starts your first quiz.",
        "zh": "還沒有作答紀錄：輸入 `quiz` 開始第一份測驗。",
    },
    "progress_review_at": {
        "en": "Daily review DM at {time} ({tz}); `review off` stops it.",
        "zh": "每日複習私訊時間：{time}（{tz}）；`review off` 可以關掉。",
    },
    "progress_review_unset": {
        "en": "No daily review yet: `review at 09:00` sets one.",
        "zh": "還沒有設定每日複習：輸入 `review at 09:00` 設定。",
    },
}

ENGINE_CAUSES: dict[str, dict[Lang, str]] = {
    "permission": {
        "en": "permission denied (add this user to the docker group, or run as root).",
        "zh": "權限不足（把這個使用者加入 docker 群組，或以 root 執行）。",
    },
    "no_socket": {
        "en": "no engine is running there (no socket).",
        "zh": "那裡沒有執行中的引擎（沒有通訊端）。",
    },
    "refused": {
        "en": "no engine is running there (connection refused).",
        "zh": "那裡沒有執行中的引擎（連線被拒絕）。",
    },
    "other": {"en": "no engine is running there.", "zh": "那裡沒有執行中的引擎。"},
}
"""Why the engine did not answer; `engine_down_*` and `engine_stopped_*` say each."""
for _cause, _why in ENGINE_CAUSES.items():
    MESSAGES[f"engine_down_{_cause}"] = {
        "en": "The Docker engine at {address} is not answering: "
        + _why["en"]
        + " Start it (e.g. `dockerd`, or `systemctl start docker`) and try again.",
        "zh": "位於 {address} 的 Docker 引擎沒有回應："
        + _why["zh"]
        + "請先啟動它（例如 `dockerd` 或 `systemctl start docker`）再試一次。",
    }
    MESSAGES[f"engine_stopped_{_cause}"] = {
        "en": "The Docker engine at {address} stopped answering: "
        + _why["en"]
        + " Try again in a moment.",
        "zh": "位於 {address} 的 Docker 引擎不再回應：" + _why["zh"] + "請稍後再試一次。",
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
    (
        "sh COMMAND",
        {
            "en": "run your own command inside your demo container (`sh ps aux`)",
            "zh": "在你的示範容器裡執行你自己的指令（`sh ps aux`）",
        },
    ),
    (
        "shell / run -it",
        {
            "en": "a real terminal: a shell in your demo (`exec -it`), or a busybox whose PID 1 "
            "is your shell (terminal tutor only)",
            "zh": "真正的終端機：在你的示範裡開 shell（`exec -it`），或一個 PID 1 就是你的 shell "
            "的 busybox（僅限終端導師）",
        },
    ),
    (
        "task [ID] / check [ANSWER]",
        {
            "en": "try it yourself: a task checked against your live demo",
            "zh": "自己動手試試：用你正在運行的示範檢查的任務",
        },
    ),
    ("clean", {"en": "remove your demo container", "zh": "刪除你的示範容器"}),
    (
        "vm",
        {
            "en": "boot a small virtual machine and see what the host sees of it",
            "zh": "啟動一台小虛擬機，看看主機看得到它的什麼",
        },
    ),
    (
        "compare",
        {
            "en": "container and virtual machine side by side, live",
            "zh": "容器和虛擬機並排比較，現場讀取",
        },
    ),
    ("lessons", {"en": "what the course teaches", "zh": "課程內容"}),
    ("quiz [LESSON]", {"en": "test yourself", "zh": "做個小測驗"}),
    ("progress", {"en": "what you have mastered", "zh": "你的學習進度"}),
    (
        "answer N / next",
        {"en": "answer the open quiz question, go on", "zh": "回答進行中的測驗題、進入下一題"},
    ),
    (
        "review [at HH:MM | off]",
        {
            "en": "review what is due now; a daily review DM, or none",
            "zh": "複習該複習的題目；設定或關閉每日複習私訊",
        },
    ),
    ("lang en|zh", {"en": "the language I speak with you", "zh": "我和你說話的語言"}),
    (
        "ask QUESTION",
        {"en": "ask about containers, in English or Chinese", "zh": "用中文或英文提問"},
    ),
    (
        "walk [N | all]",
        {
            "en": "the demo's guided walk: step N, or every view at once",
            "zh": "示範的導覽：跳到某一步，或一次顯示全部",
        },
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
    "vm": {"en": "Boot a VM", "zh": "啟動虛擬機"},
    "walk_next": {"en": "Next: {label}", "zh": "下一步：{label}"},
    "walk_back": {"en": "Back", "zh": "上一步"},
    "walk_all": {"en": "Show everything", "zh": "全部顯示"},
    "walk_jump": {"en": "{number}. {label}", "zh": "{number}. {label}"},
    "walk_more": {"en": "More", "zh": "更多"},
    "quiz": {"en": "Quiz me", "zh": "考考我"},
    "share": {"en": "Share in channel", "zh": "分享到頻道"},
    "show_all": {"en": "Show all", "zh": "顯示全部"},
    "picture": {"en": "Show as a picture", "zh": "以圖片顯示"},
    "try_again": {"en": "Try again", "zh": "再試一次"},
    "run": {"en": "Run {demo}", "zh": "執行 {demo}"},
    "helpful": {"en": "Helpful", "zh": "有幫助"},
    "not_helpful": {"en": "Not helpful", "zh": "沒幫助"},
    "see_live": {"en": "See it live: run {demo}", "zh": "現場看看：執行 {demo}"},
    "quiz_next": {"en": "Next question", "zh": "下一題"},
    "quiz_see": {"en": "See it live: {step}", "zh": "現場看看：{step}"},
}
VIEW_TITLES: dict[str, dict[Lang, str]] = {
    "top": {"en": "`docker container top`", "zh": "`docker container top`"},
    "ps": {"en": "`ps aux` (host)", "zh": "`ps aux`（主機）"},
    "tree": {"en": "`pstree -halps` (host)", "zh": "`pstree -halps`（主機）"},
    "pids": {"en": "PID inside ↔ PID on the host", "zh": "容器內 PID ↔ 主機 PID"},
}
STATES: dict[str, dict[Lang, str]] = {
    "created": {"en": "created", "zh": "已建立"},
    "running": {"en": "running", "zh": "運行中"},
    "paused": {"en": "paused", "zh": "已暫停"},
    "restarting": {"en": "restarting", "zh": "重新啟動中"},
    "removing": {"en": "removing", "zh": "刪除中"},
    "exited": {"en": "exited", "zh": "已退出"},
    "dead": {"en": "dead", "zh": "已失效"},
}
"""The engine's container states, as the learner reads them."""

PICTURE_MESSAGES: dict[str, dict[Lang, str]] = {
    # the PID-namespace picture
    "pic_pids_title": {
        "en": "One kernel, two PID namespaces: {name}",
        "zh": "一個核心，兩個 PID 命名空間：{name}",
    },
    "pic_host_ns": {"en": "host PID namespace {ns}", "zh": "主機的 PID 命名空間 {ns}"},
    "pic_shim": {"en": "{name} · host PID {pid}", "zh": "{name} · 主機 PID {pid}"},
    "pic_container_ns": {
        "en": "container PID namespace {ns}",
        "zh": "容器的 PID 命名空間 {ns}",
    },
    "pic_inside": {"en": "PID inside", "zh": "容器內 PID"},
    "pic_outside": {"en": "PID on the host", "zh": "主機上的 PID"},
    "pic_exec": {"en": "started by exec", "zh": "由 exec 啟動"},
    "pic_more": {"en": "+{more} more", "zh": "另有 {more} 個"},
    "pic_kernel_shared": {
        "en": "one shared kernel: Linux {kernel} (uname -r inside and on the host)",
        "zh": "同一個共用核心：Linux {kernel}（容器內和主機上的 uname -r 都是它）",
    },
    "pic_kernel_differs": {
        "en": "the host's kernel: Linux {kernel} (inside, uname -r says {inside})",
        "zh": "主機的核心：Linux {kernel}（容器內 uname -r 顯示 {inside}）",
    },
    # the container-vs-VM picture
    "pic_stacks_title": {
        "en": "Container vs virtual machine, live on one host",
        "zh": "容器與虛擬機，同一台主機上的現場數字",
    },
    "pic_start_container": {
        "en": "running {seconds:.2f} s after create",
        "zh": "建立後 {seconds:.2f} 秒就在運行",
    },
    "pic_start_vm": {
        "en": "guest up {seconds:.2f} s after create ({accel})",
        "zh": "建立後 {seconds:.2f} 秒客體就緒（{accel}）",
    },
    "pic_host_pid": {"en": "host PID {pid}", "zh": "主機 PID {pid}"},
    "pic_pid": {"en": "PID {pid}", "zh": "PID {pid}"},
    "pic_kthreads": {
        "en": "{count} kernel threads: {examples}",
        "zh": "{count} 個核心執行緒：{examples}",
    },
    "pic_memory_rss": {
        "en": "they hold {mb:.1f} MB on the host",
        "zh": "它們在主機上佔 {mb:.1f} MB",
    },
    "pic_memory_vm": {"en": "guest RAM: {mb} MB", "zh": "客體記憶體：{mb} MB"},
    "pic_memory_gvisor": {
        "en": "gVisor holds {mb:.1f} MB on the host",
        "zh": "gVisor 在主機上佔 {mb:.1f} MB",
    },
    "pic_kernel_guest": {"en": "guest kernel {kernel}", "zh": "客體核心 {kernel}"},
    "pic_kernel_sentry": {
        "en": "Sentry, gVisor's own kernel {kernel}",
        "zh": "Sentry：gVisor 自己的核心 {kernel}",
    },
    "pic_wrapper": {
        "en": "host PID {pid} · holds {mb:.0f} MB",
        "zh": "主機 PID {pid} · 佔 {mb:.0f} MB",
    },
    "pic_host_kernel": {"en": "host kernel: Linux {kernel}", "zh": "主機核心：Linux {kernel}"},
    "pic_hardware": {
        "en": "one machine: its CPUs and memory",
        "zh": "同一台機器：它的 CPU 和記憶體",
    },
    # the same in words, for screen readers (Slack's alt text)
    "pic_alt_pids": {
        "en": "{title}. The host's PID namespace {host_ns} holds {shim}, and inside it the "
        "container's PID namespace {container_ns}. {processes} {kernel}.",
        "zh": "{title}。主機的 PID 命名空間 {host_ns} 裡有 {shim}，它裡面是容器的 PID 命名空間 "
        "{container_ns}。{processes}{kernel}。",
    },
    "pic_alt_process": {
        "en": "{command} is PID {ns_pid} inside and PID {host_pid} on the host{by_exec}.",
        "zh": "{command} 在容器內是 PID {ns_pid}，在主機上是 PID {host_pid}{by_exec}。",
    },
    "pic_alt_stacks": {
        "en": "{title}. {stacks} Under all of them: {kernel}.",
        "zh": "{title}。{stacks}全部都在底下的{kernel}上。",
    },
    "pic_alt_stack": {"en": "{title}: {parts}.", "zh": "{title}：{parts}。"},
    # where pictures go
    "picture_written": {
        "en": "Picture written to {path} ({kb:.0f} KB).",
        "zh": "圖片已寫入 {path}（{kb:.0f} KB）。",
    },
    "picture_failed": {"en": "No picture: {error}", "zh": "沒有產生圖片：{error}"},
    "picture_needs_file": {
        "en": "`--picture` needs a file name, for example `pids --picture pids.png`.",
        "zh": "`--picture` 後面要寫檔名，例如 `pids --picture pids.png`。",
    },
    "picture_sent": {
        "en": "I sent the picture to our direct messages.",
        "zh": "圖片已經傳到我們的私訊。",
    },
}
MESSAGES.update(PICTURE_MESSAGES)


def button(name: str, lang: Lang = "en", **params: object) -> str:
    return BUTTONS[name][lang].format(**params)


def say(key: str, lang: Lang = "en", **params: object) -> str:
    return MESSAGES[key][lang].format(**params)


def view_title(view: str, lang: Lang = "en") -> str:
    return VIEW_TITLES[view][lang]


def state(name: str, lang: Lang = "en") -> str:
    """A container state in the learner's language; one the engine adds later stays as is."""
    return STATES.get(name, {}).get(lang, name)


# `sh COMMAND`: the learner's own command inside their demo (bot.core.shell)
MESSAGES |= {
    "sh_usage": {
        "en": "Type a command after `sh`, for example `sh ps aux | grep nginx`. It runs inside "
        "your own demo container.",
        "zh": "請在 `sh` 後面輸入指令，例如 `sh ps aux | grep nginx`。"
        "它會在你自己的示範容器裡執行。",
    },
    "sh_too_long": {
        "en": "That command is {length} characters; `sh` takes at most {limit}. Nothing was run.",
        "zh": "這個指令有 {length} 個字元，`sh` 最多接受 {limit} 個。什麼都沒有執行。",
    },
    "sh_busy": {
        "en": "Your previous command is still running; one command at a time. It ends within "
        "10 seconds.",
        "zh": "你上一個指令還在執行，一次只能執行一個。它最多 10 秒就會結束。",
    },
    "sh_rate": {
        "en": "That is {limit} commands in a minute, the most `sh` takes. Try again in {wait} s.",
        "zh": "一分鐘內已經執行了 {limit} 個指令，這是 `sh` 的上限。請 {wait} 秒後再試。",
    },
    "sh_exit": {"en": "Exit code {code}.", "zh": "退出碼 {code}。"},
    "sh_timed_out": {
        "en": "Stopped after {seconds} s: the command was killed, with everything it started.",
        "zh": "{seconds} 秒後停止：這個指令和它啟動的一切都被結束了。",
    },
    "sh_killed": {
        "en": "The command was killed before it exited.",
        "zh": "這個指令在退出之前就被結束了。",
    },
    "sh_cut": {
        "en": "Output cut at {kb} KB, and the command was ended there.",
        "zh": "輸出在 {kb} KB 處截斷，指令也在那裡被結束。",
    },
    "sh_leftovers": {
        "en": "{count} process(es) it left running in the background were ended: a command "
        "leaves nothing behind.",
        "zh": "它留在背景執行的 {count} 個進程已被結束：指令不會留下任何東西。",
    },
    "sh_where": {
        "en": "On the host, your `/bin/sh` was PID {pid}, a child of {parent} (PID {parent_pid}): "
        "an ordinary host process.",
        "zh": "在主機上，你的 `/bin/sh` 是 PID {pid}，它的父進程是 {parent}（PID {parent_pid}）："
        "一個普通的主機進程。",
    },
    "sh_modal_title": {"en": "Run a command", "zh": "執行指令"},
    "sh_modal_label": {
        "en": "A command for your demo container (for example ps aux)",
        "zh": "在你的示範容器裡執行的指令（例如 ps aux）",
    },
    "sh_modal_submit": {"en": "Run", "zh": "執行"},
    "sh_modal_failed": {
        "en": "Slack did not open the command box ({error}). Type `/container-demo sh COMMAND` "
        "instead.",
        "zh": "Slack 沒有打開指令框（{error}）。請改用 `/container-demo sh 指令`。",
    },
}
BUTTONS["sh"] = {"en": "Run a command", "zh": "執行指令"}


# Try it yourself: tasks checked against the live demo (bot.core.tasks)
MESSAGES |= {
    "task_offer": {
        "en": "Try it yourself: `task` gives you something to do in this demo, checked live.",
        "zh": "自己動手試試：`task` 會給你一個在這個示範裡做的任務，現場檢查。",
    },
    "task_title": {
        "en": "Try it yourself · task {number} of {total} · {lesson}",
        "zh": "自己動手試試 · 第 {number} 題，共 {total} 題 · {lesson}",
    },
    "task_how_typed": {
        "en": "Look in your live `{demo}` demo (`sh COMMAND`, the views), then answer with "
        "`check ANSWER`.",
        "zh": "在你正在運行的 `{demo}` 示範裡找答案（`sh 指令`、各個視圖），然後這樣回答："
        "`check 答案`。",
    },
    "task_how_state": {
        "en": "Do it in your live `{demo}` demo, then type `check`: I look at what you left.",
        "zh": "在你正在運行的 `{demo}` 示範裡完成它，然後輸入 `check`：我會看你留下的狀態。",
    },
    "task_right": {
        "en": ":white_check_mark: Right: {expected}.",
        "zh": ":white_check_mark: 答對了：{expected}。",
    },
    "task_wrong": {
        "en": ":x: Not quite: you said {given}; your demo says {expected}.",
        "zh": ":x: 不太對：你答的是 {given}，你的示範顯示的是 {expected}。",
    },
    "task_not_yet": {
        "en": ":x: Not yet: I expected {expected}. Try again, then `check`.",
        "zh": ":x: 還沒有：我預期的是 {expected}。再試一次，然後輸入 `check`。",
    },
    "task_none_open": {
        "en": "You have no task open. `task` gives you one.",
        "zh": "你目前沒有進行中的任務。輸入 `task` 領一個。",
    },
    "task_answer_first": {
        "en": "Answer after `check`, for example `check 12345`.",
        "zh": "請在 `check` 後面寫答案，例如 `check 12345`。",
    },
    "task_wrong_demo": {
        "en": "This task is done in the `{demo}` demo: `run {demo}` first.",
        "zh": "這個任務要在 `{demo}` 示範裡做：先輸入 `run {demo}`。",
    },
    "task_needs_exec": {
        "en": "I see no second process in your demo yet. Start one with `exec` (or "
        "`sh sleep 5 &` won't do: `sh` leaves nothing behind), then `check` again.",
        "zh": "你的示範裡還沒有第二個進程。先用 `exec` 啟動一個（`sh sleep 5 &` 不行："
        "`sh` 不會留下任何東西），然後再 `check`。",
    },
    "task_not_visible": {
        "en": "I cannot see your demo's main process from the host just now, so I cannot "
        "check this task. Try `check` again in a moment.",
        "zh": "我現在從主機上看不到你示範的主進程，所以沒辦法檢查這個任務。等一下再 `check` 一次。",
    },
    "task_unknown": {
        "en": "There is no task '{name}'. Tasks: {known}.",
        "zh": "沒有名為「{name}」的任務。任務有：{known}。",
    },
    "task_none": {"en": "The course has no tasks yet.", "zh": "課程還沒有任務。"},
}
BUTTONS["task"] = {"en": "Try it yourself", "zh": "自己動手試試"}
BUTTONS["check"] = {"en": "Check", "zh": "檢查"}


# `shell` and `run -it` in the terminal tutor (bot.core.shell.terminal)
MESSAGES |= {
    "tty_exec": {
        "en": "A shell inside {name}, started with exec: one more process next to nginx. "
        "`exit` (or `Ctrl-D`) brings you back to the tutor.",
        "zh": "用 exec 在 {name} 裡啟動了一個 shell：nginx 旁邊多了一個進程。"
        "`exit`（或 `Ctrl-D`）回到導師。",
    },
    "terminal_ready": {
        "en": "Your terminal: a shell in `{name}`, started with exec, in your browser. "
        "The link opens once, within 10 minutes.",
        "zh": "你的終端機：在瀏覽器裡用 exec 於 `{name}` 啟動的 shell。"
        "這個連結只能打開一次，10 分鐘內有效。",
    },
    "terminal_no_demo": {
        "en": "Your demo is no longer running, so there is nothing to open a terminal in. "
        "Start one with `run`.",
        "zh": "你的示範已經沒有在執行，沒有地方可以打開終端機。先用 `run` 啟動一個。",
    },
    "tty_idle": {
        "en": "No key pressed for {seconds} s: this terminal is closed, and what its shell "
        "left running is ended, so an open tab does not hold your container. Ask the tutor "
        "in Slack for a new terminal.",
        "zh": "已經 {seconds} 秒沒有按鍵：這個終端機關閉了，它的 shell 留下還在跑的東西也一併"
        "結束，免得一個開著的分頁一直佔著你的容器。要新的終端機，請在 Slack 向導師要。",
    },
    "tty_run_it": {
        "en": "A fresh busybox container, {name}, whose PID 1 is your shell. Look with "
        "`echo $$`, then type `exit` and watch what happens to the container.",
        "zh": "一個全新的 busybox 容器 {name}，它的 PID 1 就是你的 shell。用 `echo $$` 看看，"
        "然後輸入 `exit`，看看容器會怎樣。",
    },
    "tty_exited": {
        "en": "The container {name} has exited (exit code {code}): its main process was your "
        "shell, and a container lives exactly as long as its main process. It has been removed.",
        "zh": "容器 {name} 已經退出（退出碼 {code}）：它的主進程就是你的 shell，而容器的壽命"
        "就是主進程的壽命。它已被刪除。",
    },
    "tty_left_running": {
        "en": "You left the shell; {name} is still {state}: exec added a process, and the main "
        "process never stopped.",
        "zh": "你離開了 shell；{name} 仍然是 {state}：exec 只是多加了一個進程，主進程從未停止。",
    },
    "tty_console_only": {
        "en": "`{verb}` opens a real terminal, so it works in the terminal tutor "
        "(`container-tutor console`). Here, use `sh COMMAND`.",
        "zh": "`{verb}` 會打開真正的終端機，所以只能在終端導師（`container-tutor console`）"
        "裡用。在這裡請用 `sh 指令`。",
    },
}
BUTTONS["terminal"] = {"en": "Open a terminal", "zh": "打開終端機"}

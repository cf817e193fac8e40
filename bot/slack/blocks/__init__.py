"""Block Kit for every message: `kit` (building blocks, limits, button values), one module
per feature (`demo`, `quiz`, `answer`, `compare`, `menu`), and `dispatch`, which picks one."""

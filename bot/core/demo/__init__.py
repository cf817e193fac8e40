"""The container demo: one per learner, its four views, exec, stop and clean."""

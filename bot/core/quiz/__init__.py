"""Quizzes, mastery, spaced review and the daily review DM."""

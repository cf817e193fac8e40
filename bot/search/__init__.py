"""Adapters for question answering: Chinese script conversion (and other retrievers)."""

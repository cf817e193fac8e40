"""Benchmarks for container-tutor; run each as `python -m bench.NAME`, never by pytest."""

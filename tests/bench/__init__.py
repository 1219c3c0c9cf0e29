"""Benchmark and load run against gunicorn with production settings: `python -m tests.bench`.

Every figure is a ratio of two measurements taken in the same run, so it holds on another
machine. Loopback only; every step is bounded in time.
"""

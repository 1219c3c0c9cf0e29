"""Benchmark, load and slow-client runs against the planner with production settings (gunicorn
alone, or nginx in front of it as `make serve` runs them): `python -m tests.bench`.

Each of the four figures is a ratio of two measurements taken in the same run, so it holds on
another machine. Loopback only; every step is bounded in time.
"""

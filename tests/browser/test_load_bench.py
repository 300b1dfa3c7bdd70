"""The load benchmark (python -m ibok_app.bench load) against a real portal: a few
customers log in over the websocket protocol and open customer pages, so the
benchmark cannot silently drift from the protocol or the pages it measures."""
from __future__ import annotations

import argparse

from reflex_client import run

import ibok_app.ibok_app  # noqa: F401  (states registered here, in the main thread's context)
from ibok_app.bench import load


def test_load_benchmark_logs_customers_in_and_loads_their_pages(portal):
    portal.cli("seed-demo", "--customers", "0", "--accounts", "3", "--quiet")
    parser = argparse.ArgumentParser()
    load.add_arguments(parser)
    args = parser.parse_args(["--url", portal.url, "--users", "3",
                              "--duration", "4", "--ramp", "1", "--think", "0.3-0.6",
                              "--database-url", portal.database_url])
    report = run(load.run_load(args))

    assert report["errors"] == {}
    assert report["logins"]["n"] == 3
    assert report["page_loads"] >= 6  # the Panel after each login, then more every ~0.5 s
    assert set(report["pages"]) <= set(load.PAGES) and "/panel" in report["pages"]
    assert 0 < report["pages"]["/panel"]["p50_ms"] < 30_000
    assert report["server_rss_mb"]["before"] > 0  # the server was found by its port and measured

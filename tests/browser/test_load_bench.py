"""The load benchmark (python -m ibok_app.bench load) against a real portal: a few
customers log in over the websocket protocol and open customer pages, so the
benchmark cannot silently drift from the protocol or the pages it measures."""
from __future__ import annotations

import argparse
import json
import subprocess
import sys

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


def test_first_load_benchmark_measures_downloads_and_loads_chart_code_only_where_a_chart_is(portal):
    from ibok_app.demo.bench_accounts import BENCH_PASSWORD, bench_logins

    portal.cli("seed-demo", "--customers", "0", "--accounts", "1", "--quiet")
    with portal.session() as session:
        login = bench_logins(session, 1)[0]
    out = subprocess.run([sys.executable, "-m", "ibok_app.bench", "first-load", "--url", portal.url, "--json",
                          "--login", login, "--password", BENCH_PASSWORD],
                         capture_output=True, text=True, timeout=180, check=True).stdout
    report = json.loads(out)

    first = report["/logowanie"]
    assert first["files"] >= 3 and first["css_bytes"] > 0
    # What a first visit costs, gzip as sent (167.8 KB of JS and 6.0 KB of CSS on 2026-12-03):
    # a budget with a little room, so a heavy new dependency on every page is noticed.
    assert first["js_bytes"] + first["css_bytes"] <= 190_000
    assert not first["chart_code"] and not report["/panel (after login)"]["chart_code"]
    assert not report["/faktury"]["chart_code"]
    assert report["/odczyty"]["chart_code"]  # the consumption chart: fetched when first needed

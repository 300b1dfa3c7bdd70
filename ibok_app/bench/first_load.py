"""What a browser downloads on its first visit: the JavaScript and CSS of /logowanie
(gzip, as transferred), then what each customer page adds, and which of them fetch
the chart library. Real Chromium with an empty cache, through Playwright.

    python -m ibok_app.bench first-load --url http://127.0.0.1:3000
    python -m ibok_app.bench first-load --login 100001 --password …   # the customer pages too

Playwright and Chromium are test tools (`make test-deps`): this benchmark needs them.
"""
from __future__ import annotations

import argparse
import json
import os
import sys

CHROMIUM = os.environ.get("IBOK_CHROMIUM", "/usr/bin/chromium")
CUSTOMER_PAGES = ("/panel", "/faktury", "/odczyty", "/platnosci")
CHART_MARK = b"recharts"  # in the chunk that holds the chart library


class Downloads:
    """JS and CSS responses of one page: transferred bytes and whether the chart code came."""

    def __init__(self) -> None:
        self.responses: list = []

    def seen(self, response) -> None:
        if response.request.resource_type in ("script", "stylesheet"):
            self.responses.append(response)

    def report(self) -> dict:
        """Read after the page went idle (a body cannot be read inside the event callback)."""
        js = css = 0
        charts = False
        for response in self.responses:
            size = response.request.sizes().get("responseBodySize", 0)
            if response.request.resource_type == "script":
                js += size
                charts = charts or CHART_MARK in response.body()
            else:
                css += size
        return {"js_bytes": js, "css_bytes": css, "total_bytes": js + css,
                "files": len(self.responses), "chart_code": charts}


def measure(url: str, login: str = "", password: str = "") -> dict:
    from playwright.sync_api import sync_playwright

    from ibok_app import strings

    results: dict[str, dict] = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_context().new_page()
        current = Downloads()
        page.on("response", lambda r: current.seen(r))  # `current`: the page being measured
        page.goto(f"{url}/logowanie", wait_until="networkidle")
        results["/logowanie"] = current.report()
        if login:
            page.get_by_label(strings.LOGIN_FIELD, exact=True).fill(login)
            page.get_by_label(strings.PASSWORD_FIELD, exact=True).fill(password)
            current = Downloads()
            page.get_by_role("button", name=strings.LOGIN_BUTTON, exact=True).click()
            page.wait_for_url("**/panel**")
            page.wait_for_load_state("networkidle")
            results["/panel (after login)"] = current.report()
            for path in CUSTOMER_PAGES[1:]:
                current = Downloads()
                page.get_by_role("link", name={"/faktury": "Faktury", "/odczyty": "Odczyty",
                                               "/platnosci": "Płatności"}[path], exact=True).first.click()
                page.wait_for_url(f"**{path}**")
                page.wait_for_load_state("networkidle")
                results[path] = current.report()
        browser.close()
    return results


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m ibok_app.bench first-load", description=__doc__.split("\n")[0])
    p.add_argument("--url", default=os.environ.get("IBOK_PUBLIC_URL", "http://localhost:3000"))
    p.add_argument("--login", default="", help="a customer login: also measure the customer pages")
    p.add_argument("--password", default="")
    p.add_argument("--json", action="store_true")
    args = p.parse_args(argv)
    results = measure(args.url.rstrip("/"), args.login, args.password)
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    print(f"{'page':<22}{'JS gzip':>10}{'CSS gzip':>10}{'files':>7}  chart code")
    for page, r in results.items():
        print(f"{page:<22}{r['js_bytes']:>10,}{r['css_bytes']:>10,}{r['files']:>7}  {'yes' if r['chart_code'] else 'no'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""`python -m ibok_app.bench load …` (the load benchmark), `… pages …` (a page load's
server work alone), `… first-load …` (what a first visit downloads), `… state …` (what a tab keeps on
the server, per page) or `… search …`
(the desk's customer search); see docs/benchmarks.md."""
from __future__ import annotations

import argparse
import sys


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["search"]:
        from ibok_app.bench import search

        return search.main(argv[1:])
    if argv[:1] == ["first-load"]:
        from ibok_app.bench import first_load

        return first_load.main(argv[1:])
    if argv[:1] == ["state"]:
        from ibok_app.bench import state_size

        return state_size.main(argv[1:])
    if argv[:1] == ["pages"]:
        from ibok_app.bench import pages

        return pages.main(argv[1:])
    from ibok_app.bench import load

    parser = argparse.ArgumentParser(prog="python -m ibok_app.bench", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    load.add_arguments(sub.add_parser("load", help="customers in browser tabs over the websocket protocol"))
    sub.add_parser("first-load", help="JS and CSS a first visit downloads (… first-load --help)")
    sub.add_parser("pages", help="a page load's session check and data alone (… pages --help)")
    sub.add_parser("state", help="a tab's state size per page and memory per idle session (… state --help)")
    sub.add_parser("search", help="the desk's customer search (python -m ibok_app.bench search --help)")
    return load.main(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())

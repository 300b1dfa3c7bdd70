"""Demo data: tooling for demonstrations, tests and benchmarks, not the domain.

`seed_demo` loads deterministic customers with three years of history;
`demo_accounts` lists the ready logins. Never load it into a production database.
"""
from ibok_app.demo.seeding import (  # noqa: F401  (the package's API)
    SeedReport,
    demo_accounts,
    demo_accounts_in,
    demo_password,
    seed_demo,
    seed_into,
)

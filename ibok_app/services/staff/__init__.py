"""The back office's staff (issue 10, /admin): accounts and roles (admin, operator,
auditor), login with a password and a TOTP second factor with one-time recovery
codes, staff sessions, the settings an administrator switches, and `authorize`, the
one check every admin handler starts from.

Must not: know about Reflex, pages or HTTP; let a customer session open anything
here; change anything without an audit entry (who, what, before/after).
"""

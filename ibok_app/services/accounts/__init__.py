"""Customer accounts (§4, §7, §8 of the terms): registration against an invoice,
activation, login and the known-browser cookie, temporary passwords and password
changes, the password policy, server-side sessions, the customer context every
customer-zone call starts from (portal_access), terms acceptance, contact data and
preferences, data export, account closure and erasure.

Must not: know about Reflex, pages or HTTP; send anything itself (e-mails go through
notifications.outbox); read another customer's data (every query is scoped by the
id from the session).
"""

"""Everything that leaves the portal for a person: the outbox (e-mail and SMS rows
written in the same transaction as the change they report), its delivery with
backoff, the e-mail templates, and the announcements shown on the Panel.

Must not: send from inside a customer's transaction (delivery runs apart, so a slow
SMTP server never holds a customer's request).
"""

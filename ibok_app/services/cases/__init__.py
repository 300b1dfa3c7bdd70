"""Operational tickets (§9 h) and complaints (§5): forms, numbering, the timeline,
the 14-day answer deadline, the limit per customer and hour, and what both share
(case numbers, text clean-up, notifying the customer).

Must not: let a customer see or change another customer's case, or staff-only notes.
"""

"""What the customer owes and has paid (§9 c–f): documents (invoices, corrections,
notes) with their status, balance, payments, contracts and annexes, the dashboard,
KSeF numbers.

Must not: change documents or payments issued by the billing system; render PDFs
itself (integrations/ does, from the view dataclasses in ibok_app/views/).
"""

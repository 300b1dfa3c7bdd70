"""Online payments (§9 g) through the Autopay gateway: what a customer may pay, the
transaction that is started, the gateway's notifications (ITN) that credit it, and
the expiry of transactions the gateway never reported on.

Owns: OnlinePayment and OnlinePaymentDocument rows, and the Payment row (with its
allocations) that a successful ITN records. Never a double charge: one active
transaction per choice and per document is enforced by the database, and the
transition to SUCCESS is one conditional UPDATE, so a repeated or concurrent ITN
credits once. Must not: talk HTTP (the API layer does) or import Reflex.
"""

"""Meter readings (§9 a, b): the rules of a reported reading, the reading window and
billing periods, submission with its confirmation of unusual readings and same-day
corrections, what a service point's meters bill as water and sewage (a garden
sub-meter's water only once: billing_volumes.py), the estimate of the billing
period's invoice, and the history with the consumption series. Each module is
imported from where it is defined.

Must not: trust a meter id from the browser without checking that the meter is the
session customer's; save anything unless every rule passes.
"""

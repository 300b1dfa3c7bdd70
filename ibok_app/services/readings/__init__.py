"""Meter readings (§9 a, b): the rules of a reported reading, the reading window,
submission with its confirmation of unusual readings, the invoice estimate (with
whether the meter's water bears a sewage charge), and the history with the
consumption series. Each module is imported from where it is defined.

Must not: trust a meter id from the browser without checking that the meter is the
session customer's; save anything unless every rule passes.
"""

"""Meter readings (§9 a, b): the rules of a reported reading, the reading window,
submission with its confirmation of unusual readings and the invoice estimate, and
the history with the consumption series.

Must not: trust a meter id from the browser without checking that the meter is the
session customer's; save anything unless every rule passes.
"""

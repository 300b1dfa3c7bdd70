"""The Panel: what a customer wants to know first, gathered from the other packages —
what they owe and when, the latest invoice, the last reading and the reading window,
their open tickets and complaints, and the announcements.

Owns no tables; reads only, scoped by the customer id from the session. It sits above
every other services package (it may call them all; none calls it).
"""

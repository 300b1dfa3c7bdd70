"""Rows the tests need, made directly with the models and flushed so ids exist.

One builder of customers and service points (customers.py, one counter for
numbers and codes, so builders used together never collide); accounts, billing,
cases and readings build on it. Import style: `from tests.factories import billing as f`
or `from tests.factories.accounts import make_account`.
"""

"""Small parts every subdomain uses, one of each: Polish formats (money, dates,
m³), the audit log, throttling buckets, stored customer photos.

Must not: import any other services package (everything else may import this).
"""

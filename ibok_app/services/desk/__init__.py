"""The office's desk (/admin, issue 10): counts of the work queues, the customer search
and card, the account actions, the readings to verify and the audit log. Plain Python
like every service; the caller checks the role with staff.authorization.authorize and
commits. See docs/desk.md."""

"""iCalendar (RFC 5545): the plan as events and reminders.

`plan` builds the calendar, `writer` writes its content lines, `folding` folds them as RFC 5545 says.
"""

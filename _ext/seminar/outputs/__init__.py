"""The site-wide files: iCalendar calendars, Atom feeds, ``talks.json``, and when they are written."""

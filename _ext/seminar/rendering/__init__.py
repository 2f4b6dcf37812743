"""Docutils nodes for everything the extension shows: talk headers and footers, cards and compact
lists, listings, indexes, speaker pages, the video slot and calendar links.
"""

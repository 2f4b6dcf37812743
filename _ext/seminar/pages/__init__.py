"""What each kind of page shows, built from the blocks of :mod:`seminar.rendering`: talk headers and
footers, series headers, the featured talk, the indexes and topic pages, the talks index with its
filters, and the bodies of generated pages.
"""

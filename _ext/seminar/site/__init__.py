"""The site as read, without Sphinx: each page's entry, the indexes over every talk, series,
speaker and tag, talk times, the query behind listings, URLs and ids, wording, and the catalogue
of generated files and pages.
"""

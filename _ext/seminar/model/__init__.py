"""What contributors write: the front-matter model and its validation, the front-matter reader,
slugs, page kinds, settings, warning subtypes, the ``talks.json`` format and the JSON Schemas,
and the scanner of source files.  No Sphinx: the command-line tools use this layer alone.
"""

"""What contributors write: the front-matter model and its validation, the front-matter reader,
slugs, page kinds, settings, warning subtypes, the ``talks.json`` format and the JSON Schemas,
the scanner of source files, and the wording of the problems the build and the tools both report.
No Sphinx: the command-line tools use this layer alone.
"""

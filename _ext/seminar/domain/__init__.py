"""The Sphinx side of reading: the ``seminar`` domain (its data, writes, checks and roles), the
front-matter reader and page transforms, the directives, the doctree nodes, the configuration
values, warnings, the source codec, and the state of one build.
"""

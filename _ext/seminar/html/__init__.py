"""What the HTML builders get: generated pages, filled placeholders, the sidebar navigation, the
search index, page metadata (JSON-LD, descriptions, OpenGraph, sitemap) and the CSS and JavaScript.
"""

"""Incremental builds equal to clean ones: fingerprints of what each page and file shows, the
plan of what a rebuild writes, cached serialized pieces, the related-talk index kept between
builds, and the garbage-collector settings.
"""

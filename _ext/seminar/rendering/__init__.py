"""The blocks pages are made of, as docutils nodes: links and the renderer that makes them, speaker
names and pictures, cards and compact lists, listings and schedules, the video slot and calendar links.
"""

"""A test site of what pages may show and read: the shared configuration, with sphinx-design."""

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform

from rootconf import *  # noqa: F403
from rootconf import extensions

extensions = [*extensions, "sphinx_design"]  # the real site loads it: its buttons, cards and badges link


class LateLink(SphinxPostTransform):
    """A link made when references are resolved, as an extension's resolver might: after the read-time checks."""

    default_priority = 15

    def run(self, **kwargs: Any) -> None:
        if self.env.docname == "talks/2023/links":
            paragraph = nodes.paragraph("", "A ")
            paragraph.line = 35
            paragraph += nodes.reference("late link", "late link", refuri="javascript:alert(10)")
            self.document.children[-1] += paragraph


def setup(app: Sphinx) -> None:
    app.add_post_transform(LateLink)

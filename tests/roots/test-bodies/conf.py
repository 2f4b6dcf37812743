import sys
from pathlib import Path

# In the repository the extension is three levels up; a temporary copy made by the tests finds
# it through pytest's ``pythonpath = ["_ext"]`` instead.
for parent in Path(__file__).resolve().parents:
    if (parent / "_ext" / "seminar").is_dir():
        sys.path.insert(0, str(parent / "_ext"))
        break

extensions = ["myst_parser", "seminar"]
myst_enable_extensions = ["colon_fence", "dollarmath", "linkify"]
exclude_patterns = ["_build"]
html_theme = "furo"
seminar_timezone = "America/Los_Angeles"
seminar_mailing_list = "https://lists.example.org/join"

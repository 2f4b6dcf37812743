import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "_ext"))

extensions = ["myst_parser", "seminar"]
myst_enable_extensions = ["colon_fence", "dollarmath", "linkify"]
exclude_patterns = ["_build"]
html_theme = "furo"
seminar_timezone = "America/Los_Angeles"
seminar_mailing_list = "https://lists.example.org/join"

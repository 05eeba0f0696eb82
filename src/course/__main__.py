"""``python -m course``: run one of the course's commands (see ``course.cli``)."""

import sys

from .cli import main

sys.exit(main())

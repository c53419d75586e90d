"""Form schemas (data/forms/): well-formed, and every text in every language."""
from __future__ import annotations

import yaml

from ..forms.schema import FORMS, FormError, load_form, structure_problems, translation_problems
from . import Problem


def check(folder=FORMS) -> list[Problem]:
    problems = []
    for path in sorted(folder.glob("*.yml")):
        form_id = path.stem
        try:
            form = load_form(form_id, folder)
        except (FormError, OSError, ValueError, yaml.YAMLError) as e:
            problems.append(Problem(path, 1, str(e)))
            continue
        problems += [Problem(path, 1, message) for message in structure_problems(form)]
        problems += [Problem(folder / "translations", 1, message)
                     for message in translation_problems(form_id, folder)]
    return problems

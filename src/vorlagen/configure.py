"""Checking a Vorlage against the plugins that will render it.

The model alone cannot know which kinds of paper and which plugin blocks exist: plugins
register them. This step checks ``art``, the Beschlussvorschlag it implies, and every
``plugins`` block with its plugin's own pydantic model.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

import pluggy
from pydantic import BaseModel, ValidationError

from vorlagen.errors import InputError, PluginError, Problem, VorlagenError
from vorlagen.inputs import ALLOW_OUTSIDE
from vorlagen.messages import Loc, problems
from vorlagen.model import Vorlage
from vorlagen.plugins import config_models, document_types, plugin_manager


def configure(
    vorlage: Vorlage,
    plugins: pluggy.PluginManager | None = None,
    base_dir: Path | None = None,
    *,
    line_of: Callable[[Loc], int | None] | None = None,
    allow_outside: bool = False,
) -> Vorlage:
    """The Vorlage with its plugin blocks validated, or an InputError listing every problem.

    Blocks already validated (a Vorlage configured before) are kept as they are. Files
    they name must lie in ``base_dir`` unless ``allow_outside``.
    """
    manager = plugins or plugin_manager()
    line: Callable[[Loc], int | None] = line_of or (lambda loc: None)
    found: list[Problem] = _check_art(vorlage, manager, line)
    models = config_models(manager)
    configs: dict[str, BaseModel] = {}
    for name, block in vorlage.plugins.items():
        owner, model = models.get(name, ("", None))
        if model is None:
            installed = ", ".join(sorted(models)) or "keins"
            found.append(Problem(f"plugins.{name}",
                                 f"kein Plugin {name!r} installiert (installiert: {installed})",
                                 line(("plugins", name))))
            continue
        if isinstance(block, model):
            configs[name] = block
            continue
        if block is not None and not isinstance(block, Mapping):
            found.append(Problem(f"plugins.{name}", "muss eine Zuordnung 'Schlüssel: Wert' sein",
                                 line(("plugins", name))))
            continue
        context = {"base_dir": base_dir or Path.cwd(), ALLOW_OUTSIDE: allow_outside}
        try:
            configs[name] = model.model_validate(block or {}, context=context)
        except ValidationError as error:
            found += problems(error, model, ("plugins", name), line)
        except VorlagenError:
            raise
        except Exception as error:  # a bug in the plugin's model, not in the Vorlage
            raise PluginError(owner, "vorlagen_config", error) from error
    if found:
        raise InputError(vorlage.quelle, found)
    return vorlage.model_copy(update={"plugins": configs})  # keeps quelle


def _check_art(
    vorlage: Vorlage, manager: pluggy.PluginManager, line: Callable[[Loc], int | None]
) -> list[Problem]:
    types = document_types(manager)
    document_type = types.get(vorlage.art)
    if document_type is None:
        known = list(types) or ["(keine Vorlagenart installiert)"]
        expected = ", ".join(known[:-1]) + (" oder " if len(known) > 1 else "") + known[-1]
        return [Problem("art", f"{vorlage.art!r} ist nicht erlaubt, erwartet: {expected}",
                        line(("art",)))]
    if document_type.beschlussvorschlag and not vorlage.beschlussvorschlag:
        return [Problem("beschlussvorschlag",
                        f"fehlt: eine {vorlage.art} braucht einen beschlussvorschlag",
                        line(("art",)))]
    if not document_type.beschlussvorschlag and vorlage.beschlussvorschlag:
        with_one = " oder ".join(name for name, kind in types.items() if kind.beschlussvorschlag)
        return [Problem("beschlussvorschlag",
                        f"eine {vorlage.art} hat keinen beschlussvorschlag "
                        f"(nur eine {with_one} hat einen)", line(("beschlussvorschlag",)))]
    return []

"""A Vorlage as loaded for a run: the input as written, and what loading found for it.

The ``Vorlage`` model is the administrator's input and nothing else. Where it came from
(its file, its folder, the line of each value), its Hausformat, kind of paper and Design
and its validated plugin blocks are found once, by ``load_vorlage`` (or ``configure``
for a Vorlage made in Python), and travel with it in a ``LoadedVorlage``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vorlagen.inputs import inside
from vorlagen.model import Anlage, ConfigModel, Vorlage

if TYPE_CHECKING:
    from vorlagen.configure import ChosenHausformat
    from vorlagen.hausformat import Vorlagenart


@dataclass(frozen=True, slots=True)
class LoadedVorlage:
    """A Vorlage checked against its Hausformat and plugins, with where it came from.

    The Vorlage's fields read through it as through the model (``loaded.titel``), so
    that code written for the model keeps working; ``vorlage`` is the model itself, as
    the hooks of plugins receive it (its ``plugins`` blocks validated)."""

    vorlage: Vorlage
    hausformat: ChosenHausformat
    """Its Hausformat, the file it was read from, and its kind of paper."""
    ordner: Path
    """The folder the files the Vorlage names are read from, and must lie in: the
    Vorlage file's folder, else the current folder."""
    quelle: str = "Vorlage"
    """Where the Vorlage came from, for messages: its file, or ``<dict>``."""
    design: Path | None = None
    """The Design's folder the Hausformat chooses; None: the standard one."""
    plugins: Mapping[str, Any] = field(default_factory=dict)
    """Each ``plugins`` block, validated by its plugin's model (a pydantic model)."""
    allow_outside: bool = False
    """Whether whoever loaded the Vorlage allowed files outside ``ordner``."""
    zeilen: Callable[[str, int], int | None] | None = None
    """The line lookup of the Vorlage's file (``zeile``); None: no file, no lines."""

    @property
    def vorlagenart(self) -> Vorlagenart | None:
        """The kind of paper as the Hausformat (or a plugin) describes it."""
        return self.hausformat.art

    def zeile(self, where: str, line_in_text: int) -> int | None:
        """The line of the Vorlage file on which line ``line_in_text`` (from 1) of the
        text field ``where`` (e.g. ``sachverhalt[0].text``) stands, where the file says."""
        return self.zeilen(where, line_in_text) if self.zeilen is not None else None

    def datei(self, path: Path) -> Path:
        """A file the Vorlage names (as its model holds it, already resolved against
        ``ordner`` by ``load_vorlage``), checked to lie inside ``ordner`` (unless
        allowed): the check is made where files are read."""
        return inside(path, self.ordner, self.allow_outside)

    def plugin_config(self, name: str, model: type[ConfigModel]) -> ConfigModel | None:
        """The validated block ``plugins.<name>``, or None if the Vorlage has none."""
        return self.vorlage.plugin_config(name, model)

    def nummerierte_anlagen(self) -> list[tuple[int, Anlage]]:
        """The Anlagen with their numbers (``Vorlage.nummerierte_anlagen``)."""
        return self.vorlage.nummerierte_anlagen()

    def __getattr__(self, name: str) -> Any:
        """The Vorlage's fields, read through the context as from the model."""
        if name.startswith("__") or name == "vorlage":
            raise AttributeError(name)
        return getattr(self.vorlage, name)

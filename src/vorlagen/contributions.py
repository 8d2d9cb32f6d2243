"""What plugins hand to the core: document types, configuration, content and Anlagen.

These are plain values. A plugin builds them from its own data with the document tree
(``vorlagen.tree``) and never touches DOCX or ODT; the core decides where they go.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel

from vorlagen.tree import Block

if TYPE_CHECKING:
    from vorlagen.draft import Draft

Section = Callable[["Draft"], list[Block]]
"""A named part of a paper: blocks made from the draft (Vorlage, variables, content)."""


@dataclass(frozen=True, slots=True)
class DocumentType:
    """A kind of paper (``art`` in the Vorlage): which sections, in which order."""

    name: str
    """The value of ``art``, e.g. ``"Beschlussvorlage"``."""
    sections: tuple[str, ...]
    """Section names, each registered through ``vorlagen_sections``."""
    beschlussvorschlag: bool = False
    """Whether this kind of paper asks for a decision: it then needs a
    ``beschlussvorschlag``, and a paper of another kind must not have one."""


@dataclass(frozen=True, slots=True)
class PluginConfig:
    """The block a plugin reads from the Vorlage file: ``plugins: {name: {...}}``.

    The block is validated with ``model`` when the Vorlage is loaded. A field typed
    ``vorlagen.daten.DataFile`` is a path relative to the Vorlage file that must exist;
    the Vorlage's folder is also in the validation context as ``base_dir``.
    """

    name: str
    model: type[BaseModel]


Place = Literal["sachverhalt", "finanzielle_auswirkungen"]


@dataclass(frozen=True, slots=True)
class Content:
    """Blocks a plugin puts into a named place of the paper.

    ``"sachverhalt"`` adds a numbered subsection at the end of the Sachverhalt, headed
    by ``ueberschrift``; ``"finanzielle_auswirkungen"`` adds the blocks after the text of
    that section (and makes the section appear if the Vorlage has no text for it).
    """

    place: Place
    blocks: tuple[Block, ...]
    ueberschrift: str | None = None
    nichtoeffentlich: bool = False
    """Left out of the version for publication."""


@dataclass(frozen=True, slots=True)
class GeneratedAnlage:
    """An Anlage a plugin makes from its data: listed under Anlagen, and written as a
    document of its own in every format the paper is written in."""

    titel: str
    body: tuple[Block, ...]
    nichtoeffentlich: bool = False
    """Neither listed nor written in the version for publication; its number stays, so
    return it in both versions, marked, rather than leaving it out."""
    querformat: bool = False
    """Written in landscape (the template's page turned), for a wide table."""


@dataclass(frozen=True, slots=True)
class Blocks:
    """A text variable whose value is whole blocks (a list, a table).

    Written alone in a paragraph of a text field, ``{{ verteiler.empfaenger }}`` puts
    the blocks there.
    """

    blocks: tuple[Block, ...] = field(default_factory=tuple)

"""A yes/no field of a Vorlage, a Hausformat or a plugin block: ja/nein or true/false.

German administrators write ``nichtoeffentlich: ja``; YAML, JSON and TOML only know
``true`` and ``false``. Both are read, in any case (``Ja``, ``NEIN``), and the JSON
Schema allows both, so an editor does not flag ``ja``. Nothing else is guessed at: a
data file's lenient cells (``x``, empty) are ``vorlagen.daten.JaNein``.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BeforeValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

_WORTE = {"ja": True, "true": True, "nein": False, "false": False}

JA_NEIN_SCHEMA: dict[str, Any] = {"anyOf": [
    {"type": "boolean"},
    {"type": "string", "enum": ["ja", "nein", "Ja", "Nein", "JA", "NEIN"]},
]}
"""The JSON Schema of a yes/no field (``vorlagen serve`` draws it as a ja/nein choice)."""


def ja_oder_nein(value: Any) -> Any:
    """``True``/``False`` for true/false and ja/nein (any case); None passes (to be
    reported as missing, or allowed where the field is optional). Other values raise
    pydantic's bool errors, which ``vorlagen.messages`` words with the allowed values."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str):
        word = _WORTE.get(value.strip().lower())
        if word is None:
            raise PydanticCustomError("bool_parsing", "Input should be ja, nein, true or false")
        return word
    raise PydanticCustomError("bool_type", "Input should be ja, nein, true or false")


JaOderNein = Annotated[bool, BeforeValidator(ja_oder_nein), WithJsonSchema(JA_NEIN_SCHEMA)]
"""A yes/no field: ``true``/``false`` or ``ja``/``nein`` (any case)."""

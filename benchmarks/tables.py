"""How the writers' cost grows with the rows of a table: seconds per format and size.

Run: .venv/bin/python benchmarks/tables.py [ROWS ...]   (default 1000 5000 10000)
"""

from __future__ import annotations

import statistics
import sys
import time

from vorlagen import render_document
from vorlagen.tree import Cell, Document, Metadata, Paragraph, ParagraphRole, Table, Text


def table_document(rows: int, columns: int = 6) -> Document:
    def cell(text: str, role: ParagraphRole) -> Cell:
        return Cell((Paragraph((Text(text),), role=role),))

    header = tuple(cell(f"Spalte {c}", "table-header") for c in range(columns))
    body = tuple(
        tuple(cell(f"Zeile {r} Feld {c} & <Text>", "table-cell") for c in range(columns))
        for r in range(rows)
    )
    table = Table(rows=(header, *body), widths=(1,) * columns, header_rows=1)
    return Document(metadata=Metadata(title="Tabelle"), body=(table,))


def seconds(document: Document, format: str, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        render_document(document, format)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    sizes = [int(arg) for arg in sys.argv[1:]] or [1000, 5000, 10000]
    print("rows\tdocx s\todt s")
    for rows in sizes:
        document = table_document(rows)
        print(f"{rows}\t{seconds(document, 'docx'):.3f}\t{seconds(document, 'odt'):.3f}")


if __name__ == "__main__":
    main()

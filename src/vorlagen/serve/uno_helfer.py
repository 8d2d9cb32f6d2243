"""Keeps one LibreOffice running and converts files to PDF on request, through UNO.

Run by the system's Python (which has LibreOffice's ``uno`` module, Debian package
``python3-uno``), not by the one vorlagen runs in: ``python3 uno_helfer.py SOFFICE
PROFILE_URL PIPE``. It starts LibreOffice headless with its own profile, then reads one
request per line on standard input, ``{"in": path, "out": path}``, and answers each on
standard output with ``{"ok": true}`` or ``{"error": text}``. A LibreOffice start costs
seconds; a conversion in the running one a fraction of a second, which is what the
preview of ``vorlagen serve`` needs. End of input ends LibreOffice.
"""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import uno  # type: ignore[import-not-found]
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]


def _props(**values: Any) -> tuple[Any, ...]:
    result = []
    for name, value in values.items():
        prop = PropertyValue()
        prop.Name, prop.Value = name, value
        result.append(prop)
    return tuple(result)


def _connect(pipe: str, process: subprocess.Popen[bytes]) -> Any:
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + 120
    while True:
        try:
            context = resolver.resolve(
                f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            return context.ServiceManager.createInstanceWithContext(
                "com.sun.star.frame.Desktop", context)
        except Exception:
            if process.poll() is not None or time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def main() -> None:
    soffice, profile, pipe = sys.argv[1:4]
    process = subprocess.Popen(
        [soffice, f"-env:UserInstallation={profile}", "--headless", "--invisible",
         "--nologo", "--norestore", "--nodefault", "--nolockcheck",
         f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext"],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    desktop: Any = None
    try:
        desktop = _connect(pipe, process)
        print(json.dumps({"ok": True, "ready": True}), flush=True)
        for line in sys.stdin:
            request = json.loads(line)
            try:
                document = desktop.loadComponentFromURL(
                    Path(request["in"]).as_uri(), "_blank", 0, _props(Hidden=True))
                try:
                    document.storeToURL(Path(request["out"]).as_uri(),
                                        _props(FilterName="writer_pdf_Export"))
                finally:
                    document.close(True)
                answer: dict[str, Any] = {"ok": True}
            except Exception as error:  # the caller reports it; the helper goes on
                answer = {"error": f"{type(error).__name__}: {error}"}
            print(json.dumps(answer), flush=True)
    finally:
        if desktop is not None:
            with contextlib.suppress(Exception):  # already gone
                desktop.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


if __name__ == "__main__":
    main()

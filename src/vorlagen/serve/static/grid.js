// Tables and lists in a Markdown text field without Markdown syntax.
//
// Under each Markdown text field (a textarea with data-markdown) a small toolbar, one tab
// stop (arrow keys move inside it): "Tabelle bearbeiten" opens the pipe table at the
// cursor as a grid of text fields, "Tabelle einfügen" an empty one, "Liste beginnen" and
// "Nummerierte Liste beginnen" put "- " or "1. " at the start of the cursor's lines, and
// Enter in a list goes on with the next item as in Word. The
// field keeps holding Markdown: the grid writes a GitHub pipe table in place of the old
// one, the rest of the text untouched, and a table taken over unchanged gives back the
// same text. Without JavaScript the plain field stays as it is.
//
// Tables are found as markdown-it (the paper's Markdown reader) finds them at the top
// level of a text; tests/test_serve_grid.py compares the two.
(function () {
  "use strict";

  // ---- Markdown pipe tables, by markdown-it's rules (GitHub's tables) ----

  var TRIM = /^[ \t\n\v\f\r]+|[ \t\n\v\f\r]+$/g;

  function trim(text) { return text.replace(TRIM, ""); }

  function splitLines(text) {
    var lines = [], start = 0;
    while (true) {
      var end = text.indexOf("\n", start);
      if (end < 0) { lines.push({ text: text.slice(start), start: start, end: text.length }); break; }
      lines.push({ text: text.slice(start, end), start: start, end: end });
      start = end + 1;
    }
    return lines;
  }

  // The indentation of a line in columns, a tab going to the next multiple of 4.
  function indent(line) {
    var columns = 0;
    for (var i = 0; i < line.length; i++) {
      if (line[i] === " ") { columns += 1; }
      else if (line[i] === "\t") { columns += 4 - columns % 4; }
      else { break; }
    }
    return columns;
  }

  function isBlank(line) { return trim(line) === ""; }

  var FENCE = /^ {0,3}(`{3,}|~{3,})/;
  var BLOCK_START = [
    /^ {0,3}>/,                          // blockquote
    /^ {0,3}(`{3,}|~{3,})/,              // fence
    /^ {0,3}([-*_])([ \t]*\1){2,}[ \t]*$/, // thematic break
    /^ {0,3}([-*+]|\d{1,9}[.)])([ \t]|$)/, // list item
    /^ {0,3}#{1,6}([ \t]|$)/             // heading
  ];

  // Whether a template expression ({{, {% or {#) that is closed later starts at ``i``.
  function opensTemplate(text, i) {
    var second = text.charAt(i + 1);
    if (text[i] !== "{" || "{%#".indexOf(second) < 0 || second === "") { return false; }
    return text.indexOf((second === "{" ? "}" : second) + "}", i + 2) >= 0;
  }

  // The cells of a table row: split at pipes that are neither escaped (\|) nor inside a
  // template expression ({{ … }}, {% … %}, {# … #}, which the paper fills in before it
  // reads the Markdown); the backslash of an escaped pipe goes, as markdown-it drops it.
  function splitRow(line) {
    var text = trim(line), cells = [], current = "", close = null, escaped = false;
    for (var i = 0; i < text.length; i++) {
      var ch = text[i];
      if (close) {
        current += ch;
        if (text.startsWith(close, i)) {
          current += close.slice(1);
          i += close.length - 1;
          close = null;
        }
        escaped = false;
        continue;
      }
      if (opensTemplate(text, i)) {
        close = (text[i + 1] === "{" ? "}" : text[i + 1]) + "}";
        current += ch + text[i + 1];
        i += 1;
        escaped = false;
        continue;
      }
      if (ch === "|") {
        if (escaped) { current = current.slice(0, -1) + "|"; }
        else { cells.push(current); current = ""; }
      } else {
        current += ch;
      }
      escaped = ch === "\\";
    }
    cells.push(current);
    if (cells.length && cells[0] === "") { cells.shift(); }
    if (cells.length && cells[cells.length - 1] === "") { cells.pop(); }
    return cells.map(trim);
  }

  // The alignments of a delimiter row ("", "left", "center", "right"), or null.
  function delimiterRow(line) {
    if (indent(line) >= 4) { return null; }
    var text = line.replace(/^[ \t]+/, "");
    if (text.length < 2 || "|-:".indexOf(text[0]) < 0) { return null; }
    if ("|-: \t".indexOf(text[1]) < 0 || (text[0] === "-" && /[ \t]/.test(text[1]))) { return null; }
    if (/[^|\-: \t]/.test(text)) { return null; }
    var columns = text.replace(/[ \t]+$/, "").split("|"), aligns = [];
    for (var i = 0; i < columns.length; i++) {
      var cell = trim(columns[i]);
      if (!cell) {
        if (i === 0 || i === columns.length - 1) { continue; }
        return null;
      }
      if (!/^:?-+:?$/.test(cell)) { return null; }
      var right = cell[cell.length - 1] === ":", left = cell[0] === ":";
      aligns.push(right ? (left ? "center" : "right") : (left ? "left" : ""));
    }
    return aligns;
  }

  function isHeader(line) {
    return indent(line) < 4 && trim(line).indexOf("|") >= 0;
  }

  function isBodyRow(line) {
    return !isBlank(line) && indent(line) < 4 &&
      !BLOCK_START.some(function (pattern) { return pattern.test(line); });
  }

  var CONTAINER = /^( {0,3})(>|([-*+]|\d{1,9}[.)])([ \t]+|$))/;

  // Whether line ``i`` continues the paragraph of a list item or quote above it without
  // being indented into it: markdown-it then reads it as part of that paragraph.
  function lazy(lines, i) {
    for (var k = i - 1; k >= 0 && !isBlank(lines[k].text); k--) {
      var start = lines[k].text.match(CONTAINER);
      if (start) { return start[2] === ">" || indent(lines[i].text) < start[0].length; }
    }
    return false;
  }

  // The pipe tables of a text at its top level: for each, its first and last line and
  // where it starts and ends in the text (the end before the last line's line break).
  function findTables(text) {
    var lines = splitLines(text), tables = [], fence = null;
    for (var i = 0; i < lines.length; i++) {
      var line = lines[i].text;
      if (fence) {
        var closing = line.match(FENCE);
        if (closing && closing[1][0] === fence[0] && closing[1].length >= fence.length &&
            isBlank(line.slice(line.indexOf(closing[1]) + closing[1].length))) { fence = null; }
        continue;
      }
      var opening = line.match(FENCE);
      if (opening && !(opening[1][0] === "`" && line.slice(line.indexOf(opening[1]) +
          opening[1].length).indexOf("`") >= 0)) {
        fence = opening[1];
        continue;
      }
      if (i + 1 >= lines.length || !isHeader(line) || lazy(lines, i)) { continue; }
      var aligns = delimiterRow(lines[i + 1].text);
      if (!aligns || aligns.length === 0 || splitRow(line).length !== aligns.length) { continue; }
      var last = i + 1;
      while (last + 1 < lines.length && isBodyRow(lines[last + 1].text)) { last += 1; }
      tables.push({ first: i, last: last, start: lines[i].start, end: lines[last].end });
      i = last;
    }
    return tables;
  }

  // A table of the text as the grid holds it: the header row first, every row as wide as
  // the widest (no cell's text is dropped), the alignment of each column.
  function readTable(text, table) {
    var lines = splitLines(text).slice(table.first, table.last + 1);
    var rows = [splitRow(lines[0].text)].concat(lines.slice(2).map(function (line) {
      return splitRow(line.text);
    }));
    var aligns = delimiterRow(lines[1].text);
    var width = Math.max.apply(null, rows.map(function (row) { return row.length; }));
    rows.forEach(function (row) { while (row.length < width) { row.push(""); } });
    while (aligns.length < width) { aligns.push(""); }
    return { rows: rows, aligns: aligns, indent: lines[0].text.match(/^[ \t]*/)[0] };
  }

  // A cell as Markdown: every pipe escaped, except inside a template expression.
  function escapeCell(text) {
    var out = "", close = null;
    text = trim(text).replace(/[\r\n]+/g, " ");
    for (var i = 0; i < text.length; i++) {
      var ch = text[i];
      if (close) {
        if (text.startsWith(close, i)) { out += close; i += close.length - 1; close = null; }
        else { out += ch; }
        continue;
      }
      if (opensTemplate(text, i)) {
        close = (text[i + 1] === "{" ? "}" : text[i + 1]) + "}";
        out += ch + text[i + 1];
        i += 1;
        continue;
      }
      out += ch === "|" ? "\\|" : ch;
    }
    return out;
  }

  function delimiter(align, width) {
    if (align === "left") { return ":" + "-".repeat(width - 1); }
    if (align === "right") { return "-".repeat(width - 1) + ":"; }
    if (align === "center") { return ":" + "-".repeat(width - 2) + ":"; }
    return "-".repeat(width);
  }

  // The table as a GitHub pipe table, its columns padded to one width.
  function writeTable(model) {
    var rows = model.rows.map(function (row) { return row.map(escapeCell); });
    var widths = model.aligns.map(function (_, column) {
      return Math.max(3, Math.max.apply(null, rows.map(function (row) { return row[column].length; })));
    });
    function line(cells) {
      return (model.indent || "") + "| " + cells.map(function (cell, column) {
        return cell + " ".repeat(widths[column] - cell.length);
      }).join(" | ") + " |";
    }
    var lines = [line(rows[0]), line(model.aligns.map(function (align, column) {
      return delimiter(align, widths[column]);
    }))];
    rows.slice(1).forEach(function (row) { lines.push(line(row)); });
    return lines.join("\n");
  }

  function sameTable(a, b) {
    return JSON.stringify([a.rows.map(function (row) { return row.map(trim); }), a.aligns]) ===
      JSON.stringify([b.rows.map(function (row) { return row.map(trim); }), b.aligns]);
  }

  // The text with the table written in place of the old one (or the same text when the
  // grid holds the table unchanged), and where the table now ends.
  function replaceTable(text, table, model, original) {
    if (original && sameTable(model, original)) {
      return { text: text, start: table.start, end: table.end };
    }
    var written = writeTable(model);
    return { text: text.slice(0, table.start) + written + text.slice(table.end),
             start: table.start, end: table.start + written.length };
  }

  // Where a new table goes for a cursor at ``position``: a blank line is replaced, else
  // the table comes after the cursor's line; blank lines keep it apart from the text.
  function insertTable(text, position, model) {
    var lineStart = text.lastIndexOf("\n", position - 1) + 1;
    var lineEnd = text.indexOf("\n", position);
    if (lineEnd < 0) { lineEnd = text.length; }
    var blank = isBlank(text.slice(lineStart, lineEnd));
    var before = text.slice(0, blank ? lineStart : lineEnd), after = text.slice(lineEnd);
    var prefix = before === "" || /\n\n$/.test(before) ? "" : (/\n$/.test(before) ? "\n" : "\n\n");
    var suffix;
    if (/^\s*$/.test(after)) { suffix = after.charAt(0) === "\n" ? "" : "\n"; }
    else { suffix = /^\n\n/.test(after) ? "" : (/^\n/.test(after) ? "\n" : "\n\n"); }
    var written = writeTable(model), start = before.length + prefix.length;
    return { text: before + prefix + written + suffix + after, start: start,
             end: start + written.length, replaced: [before.length, lineEnd] };
  }

  var ITEM = /^([ \t]*)([-*+]|\d{1,9}[.)])([ \t]+|$)/;

  // The lines from the cursor's (or the selection's first) to the selection's last, each
  // made an item of a bulleted ("- ") or numbered ("1. ") list; a line that is already an
  // item of that kind stays. A paragraph line right after the last item is moved apart
  // by a blank line, so it does not become part of the item.
  function startList(text, selectionStart, selectionEnd, numbered) {
    var from = text.lastIndexOf("\n", selectionStart - 1) + 1;
    var lastPosition = selectionEnd > selectionStart && text[selectionEnd - 1] === "\n"
      ? selectionEnd - 1 : selectionEnd;
    var to = text.indexOf("\n", lastPosition);
    if (to < 0) { to = text.length; }
    var lines = text.slice(from, to).split("\n");
    var previous = text.slice(0, Math.max(from - 1, 0)).split("\n").pop();
    var previousNumber = from > 0 && previous.match(/^[ \t]*(\d{1,9})[.)][ \t]/);
    var number = numbered && previousNumber ? parseInt(previousNumber[1], 10) + 1 : 1;
    var changed = lines.map(function (line) {
      if (lines.length > 1 && isBlank(line)) { return line; }
      var item = line.match(ITEM), lead = line.match(/^[ \t]*/)[0];
      var isNumbered = item && /\d/.test(item[2]);
      if (item && isNumbered === numbered) {
        if (numbered) { number = parseInt(item[2], 10) + 1; }
        return line;
      }
      var rest = item ? line.slice(item[0].length) : line.slice(lead.length);
      var marker = numbered ? (number++) + ". " : "- ";
      return lead + marker + rest;
    });
    var replacement = changed.join("\n"), after = text.slice(to);
    var next = after.slice(1).split("\n")[0];
    if (after !== "" && !isBlank(next) && !ITEM.test(next) && indent(next) < 4) {
      replacement += "\n";
    }
    var single = lines.length === 1;
    var caret = from + changed.join("\n").length;
    if (single && selectionStart === selectionEnd) {  // the cursor keeps its place in the text
      var content = changed[0].match(ITEM);
      caret = Math.max(from + (content ? content[0].length : 0),
                       Math.min(selectionStart + changed[0].length - lines[0].length, caret));
    }
    return { from: from, to: to, text: replacement,
             selection: single ? [caret, caret] : [from, caret] };
  }

  var ENTRY = /^([ \t]*)([-*+]|(\d{1,9})([.)]))([ \t]+)/;

  // The marker of the item after ``entry`` (a match of ENTRY): the same bullet, or the
  // next number with the same delimiter, at the same indentation.
  function nextMarker(entry) {
    return entry[1] + (entry[3] ? (parseInt(entry[3], 10) + 1) + entry[4] : entry[2]) + " ";
  }

  // What Enter does at ``position`` (no selection) as a word processor does it in a list,
  // or null where it is a plain line break: at the end of an item (or inside its text) the
  // next item starts; an empty item ends the list (its marker goes, a blank line stays),
  // an empty indented item becomes the next item of the list around it. The change is
  // from..to replaced by ``text``; ``marker`` is the marker it wrote, if any.
  function enterInList(text, position) {
    var lineStart = text.lastIndexOf("\n", position - 1) + 1;
    var lineEnd = text.indexOf("\n", position);
    if (lineEnd < 0) { lineEnd = text.length; }
    var line = text.slice(lineStart, lineEnd), entry = line.match(ENTRY);
    if (!entry || position - lineStart < entry[0].length || BLOCK_START[2].test(line)) {
      return null;  // not an item, the cursor in its marker, or a rule ("- - -")
    }
    if (!isBlank(line.slice(entry[0].length))) {
      var marker = nextMarker(entry);
      return { from: position, to: position, text: "\n" + marker, marker: marker };
    }
    var lines = text.slice(0, lineStart).split("\n");
    lines.pop();
    var depth = indent(entry[1]);
    for (var i = lines.length - 1; depth > 0 && i >= 0 && !isBlank(lines[i]); i--) {
      var outer = lines[i].match(ENTRY);
      if (outer && indent(outer[1]) < depth) {
        var outerMarker = nextMarker(outer);
        return { from: lineStart, to: lineEnd, text: outerMarker, marker: outerMarker };
      }
    }
    var blankBefore = lineStart === 0 || isBlank(lines[lines.length - 1]);
    return { from: lineStart, to: lineEnd, text: blankBefore ? "" : "\n", marker: "" };
  }

  // ---- The field, its toolbar and the grid ----

  // Put ``replacement`` in place of start..end as typing would: the browser's undo
  // takes it back, and the input event tells the live check (htmx) and others.
  function replaceRange(textarea, start, end, replacement) {
    var expected = textarea.value.slice(0, start) + replacement + textarea.value.slice(end);
    textarea.focus();
    textarea.setSelectionRange(start, end);
    var done = false;
    try {
      done = document.execCommand("insertText", false, replacement);
    } catch (error) {
      done = false;
    }
    if (!done || textarea.value !== expected) {
      textarea.value = expected;
      textarea.dispatchEvent(new Event("input", { bubbles: true }));
    }
  }

  function fieldName(textarea) {
    var label = document.querySelector("label[for='" + textarea.id + "']");
    var name = label ? label.cloneNode(true) : null;
    if (name) { name.querySelectorAll(".required").forEach(function (part) { part.remove(); }); }
    var text = name ? name.textContent.trim() : "Text";
    var group = textarea.closest("fieldset.group");
    var legend = group && group.querySelector("legend");
    return legend ? legend.textContent.trim() + " – " + text : text;
  }

  function element(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (key) {
      node.setAttribute(key, attributes[key]);
    });
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  var counter = 0;

  function enhance(textarea) {
    if (textarea.dataset.gridReady) { return; }
    textarea.dataset.gridReady = "1";
    var old = textarea.nextElementSibling;
    if (old && old.classList.contains("grid-toolbar")) { old.remove(); }
    var name = fieldName(textarea);
    var bar = element("div", { role: "toolbar", "class": "grid-toolbar",
                               "aria-label": "Tabelle und Liste: " + name,
                               "aria-controls": textarea.id });
    var tableButton = element("button", { type: "button", "data-grid": "tabelle" },
                              "Tabelle einfügen");
    var listButton = element("button", { type: "button", "data-grid": "liste" },
                             "Liste beginnen");
    var numberButton = element("button", { type: "button", "data-grid": "nummern" },
                               "Nummerierte Liste beginnen");
    var buttons = [tableButton, listButton, numberButton];
    buttons.forEach(function (button, index) {
      button.tabIndex = index === 0 ? 0 : -1;
      bar.appendChild(button);
    });
    textarea.insertAdjacentElement("afterend", bar);

    // Whether someone put the cursor in the field (passing through by Tab does not):
    // until then the table button works on the first table, or adds one at the end.
    var touched = false;
    textarea.addEventListener("mousedown", function () { touched = true; });
    textarea.addEventListener("keydown", function (event) {
      if (event.key !== "Tab" && event.key !== "Shift") { touched = true; }
    });
    ["input", "keyup", "mouseup", "select", "focus"].forEach(function (type) {
      textarea.addEventListener(type, refresh);
    });
    bar.addEventListener("focusin", refresh);

    // The table the table button works on: the one at the cursor, or on the line right
    // before or after a blank line the cursor is on; before the field was ever entered,
    // its first table.
    function current() {
      var text = textarea.value, tables = findTables(text);
      if (!tables.length) { return null; }
      if (!touched) { return tables[0]; }
      var position = textarea.selectionStart;
      var lineStart = text.lastIndexOf("\n", position - 1) + 1;
      var lineEnd = text.indexOf("\n", position);
      if (lineEnd < 0) { lineEnd = text.length; }
      var blank = isBlank(text.slice(lineStart, lineEnd));
      for (var i = 0; i < tables.length; i++) {
        var table = tables[i];
        if (position >= table.start && position <= table.end) { return table; }
        if (blank && (lineEnd + 1 === table.start || table.end + 1 === lineStart)) { return table; }
      }
      return null;
    }

    function refresh() {
      tableButton.textContent = current() ? "Tabelle bearbeiten" : "Tabelle einfügen";
    }

    bar.addEventListener("keydown", function (event) {
      var index = buttons.indexOf(document.activeElement);
      if (index < 0) { return; }
      var next = { ArrowRight: index + 1, ArrowDown: index + 1, ArrowLeft: index - 1,
                   ArrowUp: index - 1, Home: 0, End: buttons.length - 1 }[event.key];
      if (next === undefined) { return; }
      event.preventDefault();
      next = (next + buttons.length) % buttons.length;
      buttons.forEach(function (button, i) { button.tabIndex = i === next ? 0 : -1; });
      buttons[next].focus();
    });

    tableButton.addEventListener("click", function () {
      var table = current();
      var text = textarea.value;
      var position = touched ? textarea.selectionStart : text.length;
      openGrid({
        title: table ? "Tabelle bearbeiten" : "Tabelle einfügen",
        name: name,
        model: table ? readTable(text, table)
          : { rows: [["", ""], ["", ""]], aligns: ["", ""], indent: "" },
        opener: tableButton,
        done: function (model, original) {
          var now = textarea.value;
          if (table && now !== text) {  // changed meanwhile (by another script): find it again
            var moved = now.indexOf(text.slice(table.start, table.end));
            table = moved < 0 ? null : findTables(now).filter(function (found) {
              return found.start === moved;
            })[0] || null;
            if (!table) { original = null; }
          }
          if (table) {
            var result = replaceTable(now, table, model, original);
            if (result.text !== now) {
              replaceRange(textarea, table.start, table.end,
                           result.text.slice(table.start, result.end));
            } else {
              textarea.focus();
            }
            textarea.setSelectionRange(result.end, result.end);
          } else if (model.rows.every(function (row) { return row.every(isBlank); })) {
            textarea.focus();  // a new table left empty: nothing to add
            textarea.setSelectionRange(Math.min(position, now.length), Math.min(position, now.length));
          } else {
            var inserted = insertTable(now, Math.min(position, now.length), model);
            var from = inserted.replaced[0], upto = inserted.replaced[1];
            replaceRange(textarea, from, upto,
                         inserted.text.slice(from, inserted.text.length - (now.length - upto)));
            textarea.setSelectionRange(inserted.end, inserted.end);
          }
          touched = true;
          refresh();
        }
      });
    });

    function list(numbered) {
      var change = startList(textarea.value, touched ? textarea.selectionStart : textarea.value.length,
                             touched ? textarea.selectionEnd : textarea.value.length, numbered);
      var inTable = findTables(textarea.value).some(function (table) {
        return change.from <= table.end && change.to >= table.start;
      });
      if (!inTable && textarea.value.slice(change.from, change.to) !== change.text) {
        replaceRange(textarea, change.from, change.to, change.text);
      } else {
        textarea.focus();
      }
      if (!inTable) { textarea.setSelectionRange(change.selection[0], change.selection[1]); }
      touched = true;
      refresh();
    }
    listButton.addEventListener("click", function () { list(false); });
    numberButton.addEventListener("click", function () { list(true); });

    // Enter in a list as in a word processor (enterInList); Shift+Enter, Enter with a
    // selection, outside a list or while an input method composes stays a line break.
    // The line break and the marker go in one after the other as typed text, so that
    // undo takes the marker back first.
    var auto = null;  // the marker Enter wrote last: where its line starts, its text
    textarea.addEventListener("keydown", function (event) {
      if (event.key !== "Enter" || event.shiftKey || event.ctrlKey || event.altKey ||
          event.metaKey || event.isComposing || event.keyCode === 229 ||
          textarea.selectionStart !== textarea.selectionEnd) { return; }
      var change = enterInList(textarea.value, textarea.selectionStart);
      if (!change) { return; }
      event.preventDefault();
      auto = null;
      var start = change.from;
      if (change.from === change.to && change.text.charAt(0) === "\n") {
        replaceRange(textarea, start, start, "\n");
        start += 1;
        textarea.setSelectionRange(start, start);
        replaceRange(textarea, start, start, change.marker);
      } else {
        replaceRange(textarea, change.from, change.to, change.text);
      }
      var end = change.from + change.text.length;
      textarea.setSelectionRange(end, end);
      if (change.marker) { auto = { start: start, marker: change.marker }; }
    });
    // A marker typed right after the one Enter wrote ("- " on "- ", "  - " for an indented
    // item) takes its place, so Markdown typed as it is comes out as typed.
    textarea.addEventListener("input", function (event) {
      if (!auto || event.isComposing) { return; }
      var text = textarea.value, caret = textarea.selectionStart;
      var after = auto.start + auto.marker.length, typed = text.slice(after, caret);
      if (text.slice(auto.start, after) !== auto.marker || caret < after ||
          textarea.selectionEnd !== caret) { auto = null; return; }
      if (/^[ \t]*([-*+]|\d{1,9}[.)]) $/.test(typed)) {
        var start = auto.start;
        auto = null;
        replaceRange(textarea, start, caret, typed);
        textarea.setSelectionRange(start + typed.length, start + typed.length);
      } else if (!/^[ \t]*([-*+]|\d{1,9}[.)]?)?$/.test(typed)) {
        auto = null;
      }
    });
    refresh();
  }

  // The grid in a modal dialog: the header row and the body rows as text fields, a
  // button to remove each row and column, buttons to add them; "Übernehmen" hands the
  // table to ``options.done``, "Abbrechen" and Escape leave the text as it was.
  function openGrid(options) {
    var original = options.model;
    var model = { rows: original.rows.map(function (row) { return row.slice(); }),
                  aligns: original.aligns.slice(), indent: original.indent };
    var id = "grid-" + (++counter);
    var dialog = element("dialog", { "class": "grid-dialog", "aria-labelledby": id + "-titel",
                                     "aria-describedby": id + "-hilfe" });
    dialog.appendChild(element("h2", { id: id + "-titel" }, options.title + ": " + options.name));
    dialog.appendChild(element("p", { id: id + "-hilfe", "class": "hint" },
      "Die erste Zeile ist die Kopfzeile der Tabelle. Enter springt in die Zeile darunter, " +
      "in der letzten Zeile legt Enter eine neue an. Escape bricht ab, ohne etwas zu ändern."));
    var scroll = element("div", { "class": "grid-scroll" });
    dialog.appendChild(scroll);
    var status = element("p", { role: "status", "class": "grid-status" });
    var adding = element("div", { "class": "grid-buttons" });
    var addRow = element("button", { type: "button", "data-grid": "zeile-neu" }, "Zeile hinzufügen");
    var addColumn = element("button", { type: "button", "data-grid": "spalte-neu" },
                            "Spalte hinzufügen");
    adding.appendChild(addRow);
    adding.appendChild(addColumn);
    dialog.appendChild(adding);
    dialog.appendChild(status);
    var closing = element("div", { "class": "grid-buttons" });
    var take = element("button", { type: "button", "data-grid": "uebernehmen" }, "Übernehmen");
    var cancel = element("button", { type: "button", "data-grid": "abbrechen" }, "Abbrechen");
    closing.appendChild(take);
    closing.appendChild(cancel);
    dialog.appendChild(closing);

    function rowName(row) { return row === 0 ? "Kopfzeile" : "Zeile " + row; }
    function columnName(column) {
      var header = trim(model.rows[0][column] || "");
      return "Spalte " + (column + 1) + (header ? " (" + header + ")" : "");
    }
    function cell(row, column) {
      return scroll.querySelector("input[data-row='" + row + "'][data-column='" + column + "']");
    }

    function name() {
      for (var row = 1; row < model.rows.length; row++) {
        for (var column = 0; column < model.aligns.length; column++) {
          cell(row, column).setAttribute("aria-label", rowName(row) + ", " + columnName(column));
        }
      }
    }

    function draw() {
      scroll.textContent = "";
      var table = element("table", { "class": "grid-table" });
      var head = element("thead"), top = element("tr");
      top.appendChild(element("td"));
      model.aligns.forEach(function (_, column) {
        top.appendChild(element("th", { scope: "col" }, "Spalte " + (column + 1)));
      });
      top.appendChild(element("td"));
      head.appendChild(top);
      table.appendChild(head);
      var body = element("tbody");
      model.rows.forEach(function (cells, row) {
        var tr = element("tr", row === 0 ? { "class": "grid-head" } : {});
        tr.appendChild(element("th", { scope: "row" }, rowName(row)));
        cells.forEach(function (value, column) {
          var td = element("td");
          var input = element("input", { type: "text", "data-row": String(row),
                                         "data-column": String(column), autocomplete: "off",
                                         "aria-label": rowName(row) + ", Spalte " + (column + 1) });
          input.value = value;
          input.addEventListener("input", function () {
            model.rows[row][column] = input.value;
            if (row === 0) { name(); }
          });
          input.addEventListener("keydown", function (event) {
            if (event.key === "Enter" && !event.shiftKey && !event.ctrlKey && !event.altKey &&
                !event.metaKey) {
              event.preventDefault();
              var below = cell(row + 1, column);
              if (below) { below.focus(); } else { newRow(column); }
            }
          });
          td.appendChild(input);
          tr.appendChild(td);
        });
        var end = element("td");
        if (row > 0) {
          var remove = element("button", { type: "button", "data-grid": "zeile-weg",
                                            "aria-label": "Zeile " + row + " entfernen" }, "Entfernen");
          remove.addEventListener("click", function () { removeRow(row); });
          end.appendChild(remove);
        }
        tr.appendChild(end);
        body.appendChild(tr);
      });
      table.appendChild(body);
      var foot = element("tfoot"), bottom = element("tr");
      bottom.appendChild(element("th", { scope: "row" }, "Spalte"));
      model.aligns.forEach(function (_, column) {
        var td = element("td");
        var remove = element("button", { type: "button", "data-grid": "spalte-weg",
                                          "aria-label": "Spalte " + (column + 1) + " entfernen" },
                               "Entfernen");
        remove.disabled = model.aligns.length === 1;
        remove.addEventListener("click", function () { removeColumn(column); });
        td.appendChild(remove);
        bottom.appendChild(td);
      });
      bottom.appendChild(element("td"));
      foot.appendChild(bottom);
      table.appendChild(foot);
      scroll.appendChild(table);
      name();
    }

    function removeRow(row) {
      model.rows.splice(row, 1);
      draw();
      var place = Math.min(row, model.rows.length - 1);
      (place > 0 ? cell(place, 0) : addRow).focus();
      status.textContent = "Zeile " + row + " entfernt.";
    }
    function removeColumn(column) {
      if (model.aligns.length === 1) { return; }
      model.rows.forEach(function (cells) { cells.splice(column, 1); });
      model.aligns.splice(column, 1);
      draw();
      cell(0, Math.min(column, model.aligns.length - 1)).focus();
      status.textContent = "Spalte " + (column + 1) + " entfernt.";
    }
    // A new last row, the cursor in its ``column`` (by the button: its first).
    function newRow(column) {
      model.rows.push(model.aligns.map(function () { return ""; }));
      draw();
      cell(model.rows.length - 1, column).focus();
      status.textContent = "Zeile " + (model.rows.length - 1) + " hinzugefügt.";
    }
    addRow.addEventListener("click", function () { newRow(0); });
    addColumn.addEventListener("click", function () {
      model.rows.forEach(function (cells) { cells.push(""); });
      model.aligns.push("");
      draw();
      cell(0, model.aligns.length - 1).focus();
      status.textContent = "Spalte " + model.aligns.length + " hinzugefügt.";
    });

    var taken = false;
    function finish() {
      dialog.close();
      dialog.remove();
    }
    take.addEventListener("click", function () {
      taken = true;
      finish();
      options.done(model, original);
    });
    cancel.addEventListener("click", function () { finish(); options.opener.focus(); });
    dialog.addEventListener("cancel", function (event) {
      event.preventDefault();
      finish();
      options.opener.focus();
    });
    dialog.addEventListener("close", function () {
      if (dialog.isConnected) { dialog.remove(); }
      if (!taken && document.activeElement === document.body) { options.opener.focus(); }
    });

    draw();
    document.body.appendChild(dialog);
    dialog.showModal();
    cell(0, 0).focus();
  }

  function enhanceAll(root) {
    var scope = root && root.querySelectorAll ? root : document;
    if (scope.matches && scope.matches("textarea[data-markdown]")) { enhance(scope); }
    scope.querySelectorAll("textarea[data-markdown]").forEach(enhance);
  }

  window.vorlagenGrid = { findTables: findTables, readTable: readTable, writeTable: writeTable,
                          replaceTable: replaceTable, insertTable: insertTable, startList: startList,
                          enterInList: enterInList, splitRow: splitRow };
  enhanceAll(document);
  document.addEventListener("htmx:load", function (event) { enhanceAll(event.target); });
})();

// A golden file's field escaping (read back by tests/tools/golden_tsv.h): backslash as \\, tab
// \t, CR \r, LF \n, other control and non-ASCII bytes as \xHH, so that a row stays one line.
"use strict";

module.exports = (s) =>
  s
    .replace(/\\/g, "\\\\")
    .replace(/\r/g, "\\r")
    .replace(/\n/g, "\\n")
    .replace(/\t/g, "\\t")
    .replace(/[\x00-\x1f\x7f-\xff]/g, (c) => "\\x" + c.charCodeAt(0).toString(16).padStart(2, "0"));

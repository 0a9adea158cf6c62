#pragma once
// Escaping of text taken from result files (statements, notes, labels) before it is placed
// in HTML, SVG or a Markdown table: a claim reading "L < 2/eta | k" must not become markup.
#include <string>
#include <string_view>

namespace ratebench {

// For HTML and SVG text and attribute values: & < > " '.
std::string html_escape(std::string_view text);

// For one cell of a Markdown table: backslash-escapes the characters that would end the cell
// or start markup (| * ` < > [ ] ~ \), and turns line breaks into spaces.
std::string markdown_cell(std::string_view text);

}  // namespace ratebench

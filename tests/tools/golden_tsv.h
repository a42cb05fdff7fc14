// Reading the golden files the reference JavaScript code writes (tools/validate/*/generate.js):
// tab-separated fields, escaped so that a line stays one line — backslash as \\, tab \t, LF \n,
// CR \r, other control bytes as \xHH.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace netsim::testing {

inline std::string unescape_golden(std::string_view field) {
  std::string out;
  for (std::size_t i = 0; i < field.size(); ++i) {
    if (field[i] != '\\' || i + 1 >= field.size()) {
      out.push_back(field[i]);
      continue;
    }
    const char e = field[++i];
    if (e == 't') {
      out.push_back('\t');
    } else if (e == 'n') {
      out.push_back('\n');
    } else if (e == 'r') {
      out.push_back('\r');
    } else if (e == 'x' && i + 2 < field.size()) {
      out.push_back(static_cast<char>(std::stoi(std::string(field.substr(i + 1, 2)), nullptr, 16)));
      i += 2;
    } else {
      out.push_back(e);  // "\\"
    }
  }
  return out;
}

inline std::vector<std::string> split(std::string_view text, char separator) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    const std::size_t end = text.find(separator, start);
    parts.emplace_back(text.substr(start, end == std::string_view::npos ? end : end - start));
    if (end == std::string_view::npos) return parts;
    start = end + 1;
  }
}

// A golden line's fields, unescaped.
inline std::vector<std::string> golden_fields(std::string_view line) {
  std::vector<std::string> fields = split(line, '\t');
  for (std::string& field : fields) field = unescape_golden(field);
  return fields;
}

}  // namespace netsim::testing

#include "tools/report/csv.h"

#include <fmt/format.h>

#include <cmath>

namespace netsim::report {

void CsvRow::separate() {
  if (!first_) line_ += ',';
  first_ = false;
}

CsvRow& CsvRow::add(std::string_view field) {
  separate();
  if (field.find_first_of(",\"\r\n") == std::string_view::npos) {
    line_ += field;
    return *this;
  }
  line_ += '"';
  for (const char c : field) {
    if (c == '"') line_ += '"';
    line_ += c;
  }
  line_ += '"';
  return *this;
}

CsvRow& CsvRow::add(std::int64_t value) {
  separate();
  fmt::format_to(std::back_inserter(line_), "{}", value);
  return *this;
}

CsvRow& CsvRow::add(std::uint64_t value) {
  separate();
  fmt::format_to(std::back_inserter(line_), "{}", value);
  return *this;
}

CsvRow& CsvRow::add_fixed(double value, int decimals) {
  separate();
  if (!std::isnan(value)) fmt::format_to(std::back_inserter(line_), "{:.{}f}", value, decimals);
  return *this;
}

CsvRow& CsvRow::add_number(double value) {
  separate();
  if (!std::isnan(value)) fmt::format_to(std::back_inserter(line_), "{:.10g}", value);
  return *this;
}

CsvRow& CsvRow::add_empty() {
  separate();
  return *this;
}

void CsvRow::write_to(std::ostream& out) {
  line_ += '\n';
  out.write(line_.data(), static_cast<std::streamsize>(line_.size()));
  line_.clear();
  first_ = true;
}

}  // namespace netsim::report

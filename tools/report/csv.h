// CSV output: a header row, comma separators, LF line ends, and RFC 4180 §2 quoting (a field
// holding a comma, a double quote or a line break is wrapped in double quotes, inner quotes
// doubled). Rows are built in one string and written in one call; the stream's buffer does the
// rest, with no flush per row.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>

namespace netsim::report {

class CsvRow {
 public:
  CsvRow& add(std::string_view field);
  CsvRow& add(std::int64_t value);
  CsvRow& add(std::uint64_t value);
  // Fixed-point with `decimals` digits; NaN is written as an empty field (an undefined value).
  CsvRow& add_fixed(double value, int decimals);
  // Ten significant digits, shortest form (12.5, 0.000125, 1.5e+12); NaN as an empty field.
  CsvRow& add_number(double value);
  CsvRow& add_empty();

  void write_to(std::ostream& out);

 private:
  void separate();
  std::string line_;
  bool first_ = true;
};

}  // namespace netsim::report

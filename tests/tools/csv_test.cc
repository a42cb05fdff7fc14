#include "tools/report/csv.h"

#include <gtest/gtest.h>

#include <cmath>
#include <sstream>

namespace netsim::report {
namespace {

TEST(Csv, Rfc4180QuotingOnlyWhereNeeded) {
  std::ostringstream out;
  CsvRow row;
  row.add("plain").add("a,b").add("say \"hi\"").add("two\nlines").add("").write_to(out);
  EXPECT_EQ(out.str(), "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\n");
}

TEST(Csv, NumbersAndUndefinedValues) {
  std::ostringstream out;
  CsvRow row;
  row.add(std::int64_t{-5})
      .add(std::uint64_t{18446744073709551615ULL})
      .add_fixed(20.1824, 6)
      .add_fixed(std::nan(""), 3)
      .add_empty()
      .write_to(out);
  EXPECT_EQ(out.str(), "-5,18446744073709551615,20.182400,,\n");
}

TEST(Csv, RowIsReusableAfterWriting) {
  std::ostringstream out;
  CsvRow row;
  row.add("a").write_to(out);
  row.add("b").add("c").write_to(out);
  EXPECT_EQ(out.str(), "a\nb,c\n");
}

}  // namespace
}  // namespace netsim::report

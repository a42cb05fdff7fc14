#include "tools/report/json.h"

#include <gtest/gtest.h>

#include <cmath>

namespace netsim::report {
namespace {

TEST(Json, EscapesPerRfc8259) {
  EXPECT_EQ(json_quote("a\"b\\c\nd\te\x01"), "\"a\\\"b\\\\c\\nd\\te\\u0001\"");
}

TEST(Json, ObjectKeepsInsertionOrder) {
  JsonObject o;
  o.add("z", "last?").add("a", std::int64_t{-1}).add("n", std::nan("")).add("ok", true);
  o.add("list", std::vector<std::string>{"x", "y"});
  EXPECT_EQ(o.str(),
            "{\n  \"z\": \"last?\",\n  \"a\": -1,\n  \"n\": null,\n  \"ok\": true,\n"
            "  \"list\": [\"x\", \"y\"]\n}\n");
}

}  // namespace
}  // namespace netsim::report

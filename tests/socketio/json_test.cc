// The JSON scanner (RFC 8259 as JSON.parse / JSON.stringify see it).
#include "models/engineio/json.h"

#include <gtest/gtest.h>

#include <string>

namespace netsim::engineio::json {
namespace {

// --- quote: JSON.stringify(string), byte for byte ---------------------------------------------

TEST(JsonQuote, NonAsciiIsNotEscaped) {
  // é (2 bytes) € (3) 😀 (4) + 2 quotes.
  EXPECT_EQ(quote("é€😀"), "\"é€😀\"");
  EXPECT_EQ(quote("é€😀").size(), 11u);
  EXPECT_EQ(quote("\u2028\u2029"), "\"\u2028\u2029\"");
}

TEST(JsonQuote, QuotesAndBackslashes) {
  EXPECT_EQ(quote("say \"hi\""), R"("say \"hi\"")");
  EXPECT_EQ(quote("say \"hi\"").size(), 12u);
  EXPECT_EQ(quote("back\\slash"), R"("back\\slash")");
  EXPECT_EQ(quote("a/b"), R"("a/b")");  // '/' is not escaped
}

TEST(JsonQuote, ControlCharactersShortFormsThenU00xx) {
  EXPECT_EQ(quote("\b\f\n\r\t"), R"("\b\f\n\r\t")");
  EXPECT_EQ(quote(std::string("\x00\x01\x1e\x1f\x7f", 5)), "\"\\u0000\\u0001\\u001e\\u001f\x7f\"");
  EXPECT_EQ(quote(std::string("\x00\x01\x1f\x7f", 4)).size(), 21u);  // DEL stays raw
}

// --- read_string --------------------------------------------------------------------------------

TEST(JsonReadString, Escapes) {
  EXPECT_EQ(read_string(R"("\"\\\/\b\f\n\r\t")"), "\"\\/\b\f\n\r\t");
  EXPECT_EQ(read_string(R"("\u00e9\u20AC")"), "é€");
  EXPECT_EQ(read_string(R"("\u0000")"), std::string(1, '\0'));
  EXPECT_EQ(read_string(R"(  "x"  )"), "x");
}

TEST(JsonReadString, SurrogatePairIsOneFourByteSequence) {
  EXPECT_EQ(read_string(R"("\ud83d\ude00")"), "😀");
  EXPECT_EQ(read_string(R"("\uD83D\uDE00")"), "\xF0\x9F\x98\x80");
}

TEST(JsonReadString, LoneSurrogateBecomesReplacementCharacter) {
  EXPECT_EQ(read_string(R"("\ud83d")"), "\uFFFD");
  EXPECT_EQ(read_string(R"("\ude00x")"), "\uFFFDx");
  EXPECT_EQ(read_string(R"("\ud83d\u0041")"), "\uFFFDA");
}

TEST(JsonReadString, RejectsInvalidLiterals) {
  EXPECT_EQ(read_string(R"("abc)"), std::nullopt);
  EXPECT_EQ(read_string(R"("\x")"), std::nullopt);
  EXPECT_EQ(read_string(R"("\u00G0")"), std::nullopt);
  EXPECT_EQ(read_string("\"a\tb\""), std::nullopt);  // raw control character
  EXPECT_EQ(read_string(R"("a"b)"), std::nullopt);
  EXPECT_EQ(read_string("abc"), std::nullopt);
  EXPECT_EQ(read_string(""), std::nullopt);
}

// Socket.IO's event decoder reads the event name this way once ArrayReader has validated it.
TEST(JsonReadString, ValidLiteralDecodesAsReadStringDoes) {
  for (const char* literal : {R"("")", R"("chat")", R"("\"\\\/\b\f\n\r\t")", R"("\u00e9\u20AC")",
                              R"("\ud83d\ude00")", R"("\ud83d")", R"("a\u0041b")"}) {
    EXPECT_EQ(read_valid_string(literal), read_string(literal).value()) << literal;
  }
}

// --- skip_value / parse_kind ------------------------------------------------------------------

TEST(JsonSkipValue, ReportsTheExtentOfOneValue) {
  EXPECT_EQ(skip_value(R"(["a",{"b":[1,2]}],"rest")", 0), 17u);
  EXPECT_EQ(skip_value(R"({ "a" : "}" } x)", 0), 13u);
  EXPECT_EQ(skip_value("-12.5e+3,", 0), 8u);
  EXPECT_EQ(skip_value("truex", 0), 4u);
  EXPECT_EQ(skip_value("x[1]", 1), 4u);
  EXPECT_EQ(skip_value(" 1", 0), std::nullopt);  // no leading whitespace skipped
  EXPECT_EQ(skip_value("[1,]", 0), std::nullopt);
}

// Strings are scanned 16 bytes at a time (SSE2), then 8, then byte by byte, until a quote, a
// backslash or a control character: each of those must stop the scan wherever it falls relative
// to those steps (up to 34 bytes in: two 16-byte blocks, then the 8-byte and byte steps).
TEST(JsonSkipValue, StringEndsAndEscapesAreFoundAtEveryOffset) {
  for (std::size_t before = 0; before < 35; ++before) {
    const std::string run(before, 'x');
    const std::string plain = "\"" + run + "\",1";
    EXPECT_EQ(skip_value(plain, 0), before + 2) << plain;
    const std::string escaped = "\"" + run + "\\\"" + run + "\"]";
    EXPECT_EQ(skip_value(escaped, 0), 2 * before + 4) << escaped;
    EXPECT_EQ(read_string(escaped.substr(0, 2 * before + 4)), run + "\"" + run);
    const std::string control = "\"" + run + "\n" + run + "\"";
    EXPECT_EQ(skip_value(control, 0), std::nullopt) << "raw LF after " << before;
    const std::string unicode = "\"" + run + "\xc3\xa9" + run + "\"";  // non-ASCII passes
    EXPECT_EQ(skip_value(unicode, 0), unicode.size());
    // The edges of "control character": U+001F must be escaped; space, DEL and any byte from
    // 0x80 on (compared unsigned) need not.
    EXPECT_EQ(skip_value("\"" + run + "\x1f" + run + "\"", 0), std::nullopt) << before;
    EXPECT_EQ(skip_value("\"" + run + std::string(1, '\0') + run + "\"", 0), std::nullopt);
    for (const char* fine : {" ", "\x7f", "\xff", "\x80"}) {
      const std::string text = "\"" + run + fine + run + "\"";
      EXPECT_EQ(skip_value(text, 0), text.size()) << before;
    }
  }
}

TEST(JsonSkipValue, DeepNestingNeedsNoRecursion) {
  const std::string deep = std::string(200000, '[') + std::string(200000, ']');
  EXPECT_EQ(skip_value(deep, 0), deep.size());
  const std::string unclosed = std::string(200000, '[');
  EXPECT_EQ(skip_value(unclosed, 0), std::nullopt);
  std::string objects;
  for (int i = 0; i < 50000; ++i) objects += R"({"a":)";
  objects += "1" + std::string(50000, '}');
  EXPECT_EQ(parse_kind(objects), Kind::Object);
}

TEST(JsonParseKind, AcceptsWhatJsonParseAccepts) {
  EXPECT_EQ(parse_kind(R"({"a":1})"), Kind::Object);
  EXPECT_EQ(parse_kind(" \r\n\t[ 1 , 2 ]\t"), Kind::Array);
  EXPECT_EQ(parse_kind(R"("s")"), Kind::String);
  EXPECT_EQ(parse_kind("-0"), Kind::Number);
  EXPECT_EQ(parse_kind("1e400"), Kind::Number);
  EXPECT_EQ(parse_kind("true"), Kind::True);
  EXPECT_EQ(parse_kind("false"), Kind::False);
  EXPECT_EQ(parse_kind("null"), Kind::Null);
  EXPECT_EQ(parse_kind(R"("\ud800")"), Kind::String);  // lone surrogates parse
}

TEST(JsonParseKind, RejectsWhatJsonParseRejects) {
  for (const char* bad : {"",
                          " ",
                          "{\"a\":1,}",
                          "{a:1}",
                          "[1,]",
                          "01",
                          "1.",
                          ".5",
                          "+1",
                          "- 1",
                          "1e",
                          "nul",
                          "tRue",
                          "NaN",
                          "Infinity",
                          "[1]]",
                          "[\"a\"] [\"b\"]",
                          "\v[1]",
                          "[1]\u00a0",
                          "{\"a\":1 \"b\":2}",
                          "'a'",
                          "\"\\'\""}) {
    EXPECT_EQ(parse_kind(bad), std::nullopt) << bad;
  }
}

// --- split_array / object members -------------------------------------------------------------

TEST(JsonSplitArray, RawElementTextsWithoutSurroundingWhitespace) {
  const auto items = split_array(R"( [ "a,b" , {"c":[1,2]} ,3 ,"]"] )");
  ASSERT_TRUE(items);
  EXPECT_EQ(*items, (std::vector<std::string_view>{R"("a,b")", R"({"c":[1,2]})", "3", R"("]")"}));
  EXPECT_EQ(split_array("[]"), std::vector<std::string_view>{});
  EXPECT_EQ(split_array("[ ]"), std::vector<std::string_view>{});
}

TEST(JsonArrayReader, ReadsElementsOneAtATimeAndJudgesTheWhole) {
  ArrayReader reader(R"( ["news", "17:xx" , {"a":[1]}] )");
  EXPECT_EQ(reader.next(), R"("news")");
  EXPECT_EQ(reader.next(), R"("17:xx")");
  EXPECT_EQ(reader.next(), R"({"a":[1]})");
  EXPECT_EQ(reader.next(), std::nullopt);
  EXPECT_TRUE(reader.valid());

  ArrayReader empty("[ ]");
  EXPECT_EQ(empty.next(), std::nullopt);
  EXPECT_TRUE(empty.valid());

  // A bad separator after an element: that element is not returned.
  ArrayReader bad(R"(["a" "b"])");
  EXPECT_EQ(bad.next(), std::nullopt);
  EXPECT_FALSE(bad.valid());

  ArrayReader trailing(R"(["a"] x)");
  EXPECT_EQ(trailing.next(), std::nullopt);
  EXPECT_FALSE(trailing.valid());

  ArrayReader not_array(R"({"a":1})");
  EXPECT_EQ(not_array.next(), std::nullopt);
  EXPECT_FALSE(not_array.valid());
}

TEST(JsonSplitArray, RejectsNonArrays) {
  EXPECT_EQ(split_array("{}"), std::nullopt);
  EXPECT_EQ(split_array("[1,]"), std::nullopt);
  EXPECT_EQ(split_array("[1 2]"), std::nullopt);
  EXPECT_EQ(split_array("[1]x"), std::nullopt);
  EXPECT_EQ(split_array("["), std::nullopt);
}

TEST(JsonObjectMembers, KeysDecodedValuesRawLastDuplicateWins) {
  const auto members = object_members(R"({"sid":"x","n":{"a":1},"\u0073id":"y"})");
  ASSERT_TRUE(members);
  ASSERT_EQ(members->size(), 3u);
  EXPECT_EQ((*members)[1].key, "n");
  EXPECT_EQ((*members)[1].value, R"({"a":1})");
  EXPECT_EQ(find_member(*members, "sid"), R"("y")");
  EXPECT_EQ(find_member(*members, "pid"), std::nullopt);
  EXPECT_EQ(object_members("{}")->size(), 0u);
}

TEST(JsonObjectMembers, StringMember) {
  constexpr std::string_view ack = R"({"sid":"GNpWD7LbGCBNCr8GAAAB","pid":"YHcX2sdAF1z452-HAAAW"})";
  EXPECT_EQ(string_member(ack, "pid"), "YHcX2sdAF1z452-HAAAW");
  EXPECT_EQ(string_member(R"({"offset":1})", "offset"), std::nullopt);  // not a string
  EXPECT_EQ(string_member("[]", "sid"), std::nullopt);
  EXPECT_EQ(object_members(R"({"a":1,})"), std::nullopt);
  EXPECT_EQ(object_members(R"({1:2})"), std::nullopt);
}

TEST(JsonReadInteger, IntegralNumbersOnly) {
  EXPECT_EQ(read_integer("25000"), 25000);
  EXPECT_EQ(read_integer("1e6"), 1000000);
  EXPECT_EQ(read_integer("-2.0"), -2);
  EXPECT_EQ(read_integer("1e-400"), 0);  // underflows to 0, as in JavaScript
  EXPECT_EQ(read_integer("1.5"), std::nullopt);
  EXPECT_EQ(read_integer("1e19"), std::nullopt);  // beyond int64
  EXPECT_EQ(read_integer("\"1\""), std::nullopt);
  EXPECT_EQ(read_integer(" 1"), std::nullopt);
}

}  // namespace
}  // namespace netsim::engineio::json

// Session ids: base64id generateId() (PROTOCOLS.md §7.2, §8.4, §10.2).
#include "models/engineio/ids.h"

#include <gtest/gtest.h>

#include <limits>
#include <set>

namespace netsim::engineio {
namespace {

bool is_url_safe_base64(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_';
}

TEST(Base64Id, IdsAre20UrlSafeCharacters) {
  sim::Rng rng(1);
  IdGenerator ids;
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    const std::string id = ids.next(rng);
    ASSERT_EQ(id.size(), kIdLength);
    for (const char c : id) EXPECT_TRUE(is_url_safe_base64(c)) << id;
    seen.insert(id);
  }
  EXPECT_EQ(seen.size(), 1000u);
}

TEST(Base64Id, SequenceCountsUpInTheLastFourCharacters) {
  // The spec's example sid lv_VI97HAXpY6yYWAAAC is a server's third id.
  sim::Rng rng(2);
  IdGenerator ids;
  EXPECT_EQ(ids.next_sequence(), 0);
  EXPECT_TRUE(ids.next(rng).ends_with("AAAA"));
  EXPECT_TRUE(ids.next(rng).ends_with("AAAB"));
  EXPECT_TRUE(ids.next(rng).ends_with("AAAC"));
  EXPECT_EQ(ids.next_sequence(), 3);
}

TEST(Base64Id, RandomBytesComeFromTheRngLeastSignificantFirst) {
  sim::Rng rng(3);
  sim::Rng copy = rng;
  const std::uint64_t a = copy.next_u64();
  const std::uint64_t b = copy.next_u64();
  std::array<std::uint8_t, 12> bytes{};
  for (int i = 0; i < 8; ++i) bytes[i] = static_cast<std::uint8_t>(a >> (8 * i));
  for (int i = 0; i < 4; ++i) bytes[8 + i] = static_cast<std::uint8_t>(b >> (8 * i));
  EXPECT_EQ(generate_id(rng, 5), encode_id(bytes, 5));
}

TEST(Base64Id, OnlyTheLow24BitsOfTheSequenceShow) {
  const std::array<std::uint8_t, 12> zeros{};
  EXPECT_EQ(encode_id(zeros, 0), "AAAAAAAAAAAAAAAAAAAA");
  EXPECT_EQ(encode_id(zeros, 1 << 24), "AAAAAAAAAAAAAAAAAAAA");
  EXPECT_EQ(encode_id(zeros, std::numeric_limits<std::int32_t>::max()), "AAAAAAAAAAAAAAAA____");
  EXPECT_EQ(encode_id(zeros, -1), "AAAAAAAAAAAAAAAA____");
}

TEST(Base64Id, SameSeedSameIds) {
  sim::Rng a(9);
  sim::Rng b(9);
  IdGenerator ids_a;
  IdGenerator ids_b;
  for (int i = 0; i < 10; ++i) EXPECT_EQ(ids_a.next(a), ids_b.next(b));
}

}  // namespace
}  // namespace netsim::engineio

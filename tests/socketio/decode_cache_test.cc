// The decode cache: the same text gives what decode() gives, decoded once; a different text,
// an invalid one, or a decode made while a result is in use is decoded on its own.
#include "models/socketio/decode_cache.h"

#include <gtest/gtest.h>

#include <string>

namespace netsim::socketio {
namespace {

// What the uncached decoder makes of `text`.
DecodeCache::Decoded direct(std::string_view text) {
  DecodeCache::Decoded d;
  d.packet = decode(text, kMaxAttachments, &d.event);
  return d;
}

void expect_same(const DecodeCache::Decoded& got, std::string_view text) {
  const DecodeCache::Decoded want = direct(text);
  EXPECT_EQ(got.packet, want.packet) << text;
  // The event is decode()'s output only for an EVENT (other packets leave it alone).
  if (want.packet && want.packet->type == PacketType::Event) {
    EXPECT_EQ(got.event.name, want.event.name) << text;
    EXPECT_EQ(got.event.args, want.event.args) << text;
  }
}

TEST(DecodeCache, ABroadcastTextIsDecodedOnceForEveryReceiver) {
  DecodeCache cache;
  const std::string broadcast = R"(2["news","7:hello",{"n":1}])";
  for (int receiver = 0; receiver < 5; ++receiver) {
    const DecodeCache::Use decoded(cache, broadcast);
    expect_same(*decoded, broadcast);
    ASSERT_TRUE(decoded->packet.has_value());
    EXPECT_EQ(decoded->event.name, "news");
    ASSERT_EQ(decoded->event.args.size(), 2u);
    EXPECT_EQ(decoded->event.args[1], R"({"n":1})");
  }
  EXPECT_EQ(cache.decodes(), 1u);
  EXPECT_EQ(cache.hits(), 4u);
}

TEST(DecodeCache, EachNewTextIsDecodedAgain) {
  DecodeCache cache;
  const std::string texts[] = {R"(2["a",1])", R"(2["b",2])",    R"(2/admin,["a",1])",
                               "0",           R"(3/admin,7[])", R"(2["a",1])"};
  for (const std::string& text : texts) {
    const DecodeCache::Use decoded(cache, text);
    expect_same(*decoded, text);
  }
  EXPECT_EQ(cache.decodes(), 6u);
  EXPECT_EQ(cache.hits(), 0u);
}

TEST(DecodeCache, AnInvalidTextStaysInvalidWhenRepeated) {
  DecodeCache cache;
  // A reserved event name fails isPayloadValid; the repeat must not reuse a stale success.
  for (const std::string text :
       {R"(2["chat","hi"])", R"(2["connect","x"])", R"(2["connect","x"])"}) {
    const DecodeCache::Use decoded(cache, text);
    expect_same(*decoded, text);
  }
  const DecodeCache::Use decoded(cache, R"(2["connect","x"])");
  EXPECT_FALSE(decoded->packet.has_value());
}

TEST(DecodeCache, ADecodeInsideAHandlerLeavesTheOuterResultAlone) {
  DecodeCache cache;
  const std::string outer_text = R"(2["outer","o"])";
  const DecodeCache::Use outer(cache, outer_text);
  {
    // A handler of the outer event pumps and decodes another message meanwhile.
    const DecodeCache::Use inner(cache, R"(2["inner","i"])");
    expect_same(*inner, R"(2["inner","i"])");
  }
  expect_same(*outer, outer_text);
  EXPECT_EQ(outer->event.name, "outer");
}

}  // namespace
}  // namespace netsim::socketio

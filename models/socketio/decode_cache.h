// The last Socket.IO packet decoded, kept for the next client that receives the same text. A
// broadcast sends one encoded packet to every socket of a room (socket.io-adapter `broadcast`
// encodes once), so thousands of clients decode identical text one after another; decode() is
// a pure function of the text, so the first decoding serves them all. For speed only: a
// simulation with or without a cache produces the same results.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "models/socketio/packet.h"

namespace netsim::socketio {

class DecodeCache {
 public:
  struct Decoded {
    std::optional<Packet> packet;  // decode(text, kMaxAttachments, &event)
    EventPayload event;            // an EVENT's name and arguments; meaningless for other packets
  };

  // What decode() makes of `text`, for as long as the Use lives. A Use made while another is
  // alive (a handler that decodes again) decodes into a result of its own and leaves the cached
  // one alone.
  class Use {
   public:
    Use(DecodeCache& cache, std::string_view text);
    ~Use();
    Use(const Use&) = delete;
    Use& operator=(const Use&) = delete;
    const Decoded& operator*() const { return *decoded_; }
    const Decoded* operator->() const { return decoded_; }

   private:
    DecodeCache& cache_;
    bool nested_;
    Decoded own_;  // the nested call's result
    const Decoded* decoded_;
  };

  std::uint64_t decodes() const { return decodes_; }  // misses: texts actually decoded
  std::uint64_t hits() const { return hits_; }

 private:
  std::string text_;
  bool valid_ = false;
  bool in_use_ = false;
  Decoded decoded_;
  std::uint64_t decodes_ = 0;
  std::uint64_t hits_ = 0;
};

}  // namespace netsim::socketio

#include "models/socketio/decode_cache.h"

namespace netsim::socketio {

DecodeCache::Use::Use(DecodeCache& cache, std::string_view text)
    : cache_(cache), nested_(cache.in_use_) {
  if (nested_) {
    own_.packet = decode(text, kMaxAttachments, &own_.event);
    decoded_ = &own_;
    return;
  }
  cache_.in_use_ = true;
  decoded_ = &cache_.decoded_;
  if (cache_.valid_ && text == cache_.text_) {
    ++cache_.hits_;
    return;
  }
  ++cache_.decodes_;
  // Invalid while decoding: decode() fills `event` as it goes, and a failed decode leaves it
  // holding nothing meaningful (the packet says so).
  // The event's strings are reused, not cleared: a run whose messages all differ (no broadcast)
  // decodes into them without allocating, as the Manager's own spare strings did.
  cache_.valid_ = false;
  cache_.decoded_.packet = decode(text, kMaxAttachments, &cache_.decoded_.event);
  cache_.text_.assign(text);
  cache_.valid_ = true;
}

DecodeCache::Use::~Use() {
  if (!nested_) cache_.in_use_ = false;
}

}  // namespace netsim::socketio

#include "models/socketio/yeast.h"

#include <algorithm>
#include <cassert>
#include <string_view>

namespace netsim::socketio {

std::string yeast_encode(std::int64_t num) {
  assert(num >= 0 && "yeast_encode: negative number");
  static constexpr std::string_view kAlphabet =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";
  std::string digits;
  do {
    digits.push_back(kAlphabet[static_cast<std::size_t>(num % 64)]);
    num /= 64;
  } while (num > 0);
  std::reverse(digits.begin(), digits.end());
  return digits;
}

std::string Yeast::next(std::int64_t unix_ms) {
  std::string now = yeast_encode(unix_ms);
  // `if (now !== prev) return seed = 0, prev = now;` It compares with the last bare timestamp
  // only, so a clock that steps back to an earlier millisecond restarts that millisecond at
  // ".0" and can repeat an offset; simulated time never steps back.
  if (now != prev_) {
    seed_ = 0;
    prev_ = now;
    return now;
  }
  return now + "." + yeast_encode(seed_++);
}

}  // namespace netsim::socketio

// The sender's SACK scoreboard (RFC 6675 §3-4): which bytes above the cumulative ACK the
// receiver has reported holding (RFC 2018 SACK blocks), and from it IsLost(), the pipe estimate
// and NextSeg()'s candidates. Kept as sorted, merged byte ranges.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "models/net/headers.h"
#include "models/tcp/seq.h"

namespace netsim::tcp {

struct SeqRange {
  SeqNum begin;
  SeqNum end;  // exclusive
  std::uint32_t length() const { return seq_distance(begin, end); }
  bool operator==(const SeqRange&) const = default;
};

class SackScoreboard {
 public:
  void clear() { ranges_.clear(); }
  bool empty() const { return ranges_.empty(); }
  const std::vector<SeqRange>& ranges() const { return ranges_; }

  // Drops what the cumulative ACK covers and records the blocks inside (snd_una, snd_max].
  void update(SeqNum snd_una, SeqNum snd_max, std::span<const net::SackBlock> blocks);

  bool is_sacked(SeqNum seq) const;
  // The highest byte any SACK block covers (+1), or nullopt.
  std::optional<SeqNum> highest_sacked() const;

  // RFC 6675 IsLost() for every byte at once: unsacked bytes below the returned boundary are
  // lost, those at or above it are not. A byte is lost when at least DupThresh discontiguous
  // SACKed ranges lie above it, or more than (DupThresh − 1)·SMSS SACKed bytes do.
  SeqNum lost_boundary(SeqNum snd_una, std::uint32_t dupthresh, std::uint32_t mss) const;

  // RFC 6675 SetPipe(): bytes presumed in the network — unsacked bytes not presumed lost, plus
  // bytes retransmitted (up to high_rxt) and not sacked.
  std::uint32_t pipe(SeqNum snd_una, SeqNum snd_max, SeqNum high_rxt, std::uint32_t dupthresh,
                     std::uint32_t mss) const;

  // The first unsacked byte at or after `from` and below `limit`, with the hole's end.
  std::optional<SeqRange> first_hole(SeqNum from, SeqNum limit) const;

 private:
  std::vector<SeqRange> ranges_;
};

}  // namespace netsim::tcp

// The demultiplexing table of a TCP layer (RFC 9293 §3.10.7: a segment goes to the connection
// named by its address pair): a 64-bit key packing remote address, remote port and local port,
// mapped to the socket.
//
// Open addressing with linear probing over one array of (key, socket) slots, at most half full,
// indexed by Fibonacci hashing (the key times 2^64/φ, top bits). A lookup reads one slot, usually
// in one cache line; a node-based hash map chases a pointer per entry, and with 60,000
// connections (the realtime benchmark) that miss was a tenth of the whole run. Entries are never
// removed one by one — a layer keeps its sockets until it goes — only all at once; a closed
// connection's entry is taken over by the next connection on the same address pair (replace).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace netsim::tcp {

class TcpSocket;

class SocketTable {
 public:
  TcpSocket* find(std::uint64_t key) const {
    const Slot* slot = slot_of(key);
    return slot == nullptr ? nullptr : slot->socket;
  }

  // False, and nothing changes, if the key is present already.
  bool insert(std::uint64_t key, TcpSocket* socket);
  // Points a present key at another socket. False, and nothing changes, if the key is absent.
  bool replace(std::uint64_t key, TcpSocket* socket);

  void clear() {
    slots_.clear();
    size_ = 0;
  }
  std::size_t size() const { return size_; }
  // Where `key`'s slot lies (nullptr if absent), and where all slots do: they move when the
  // table grows (for prefetching only, TcpSocket::list_table_slot).
  const void* slot_address(std::uint64_t key) const { return slot_of(key); }
  const void* storage() const { return slots_.data(); }
  static constexpr std::size_t kSlotBytes = 16;

 private:
  struct Slot {
    std::uint64_t key = 0;
    TcpSocket* socket = nullptr;  // nullptr: empty
  };
  // The slot holding `key`, or nullptr: linear probing from its home slot to an empty one.
  const Slot* slot_of(std::uint64_t key) const {
    if (slots_.empty()) return nullptr;
    for (std::size_t i = home(key);; i = (i + 1) & mask()) {
      const Slot& slot = slots_[i];
      if (slot.socket == nullptr) return nullptr;
      if (slot.key == key) return &slot;
    }
  }
  std::size_t mask() const { return slots_.size() - 1; }
  std::size_t home(std::uint64_t key) const {
    return static_cast<std::size_t>((key * 0x9E3779B97F4A7C15ULL) >> shift_);
  }
  void grow();
  static_assert(sizeof(Slot) == kSlotBytes);

  std::vector<Slot> slots_;  // a power of two in size
  std::size_t size_ = 0;
  int shift_ = 64;  // 64 − log2(slots_.size())
};

}  // namespace netsim::tcp

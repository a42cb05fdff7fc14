#include "models/tcp/socket_table.h"

namespace netsim::tcp {

bool SocketTable::insert(std::uint64_t key, TcpSocket* socket) {
  if (find(key) != nullptr) return false;
  if (2 * (size_ + 1) > slots_.size()) grow();
  std::size_t i = home(key);
  while (slots_[i].socket != nullptr) i = (i + 1) & mask();
  slots_[i] = Slot{key, socket};
  ++size_;
  return true;
}

bool SocketTable::replace(std::uint64_t key, TcpSocket* socket) {
  const Slot* slot = slot_of(key);
  if (slot == nullptr) return false;
  slots_[static_cast<std::size_t>(slot - slots_.data())].socket = socket;
  return true;
}

void SocketTable::grow() {
  std::vector<Slot> old;
  old.swap(slots_);
  slots_.resize(old.empty() ? 16 : 2 * old.size());
  shift_ = 64;
  for (std::size_t n = slots_.size(); n > 1; n >>= 1) --shift_;
  for (const Slot& slot : old) {
    if (slot.socket == nullptr) continue;
    std::size_t i = home(slot.key);
    while (slots_[i].socket != nullptr) i = (i + 1) & mask();
    slots_[i] = slot;
  }
}

}  // namespace netsim::tcp

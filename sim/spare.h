// Capacity a function keeps between calls for a scratch container, so that the steady state
// does not allocate, safe when the function runs again from inside itself:
//
//   std::vector<Event> events = spare_.borrow();  // empty, with the capacity kept so far
//   ...fill and use events (a nested call borrows an empty vector and allocates its own)...
//   spare_.give_back(std::move(events));          // kept, cleared, if it is the larger one
#pragma once

#include <utility>

namespace netsim::sim {

template <typename Container>
class Spare {
 public:
  Container borrow() {
    Container c;
    c.swap(kept_);
    return c;
  }
  void give_back(Container&& c) {
    c.clear();
    if (c.capacity() > kept_.capacity()) kept_.swap(c);
  }
  const Container& kept() const { return kept_; }

 private:
  Container kept_;  // always empty
};

}  // namespace netsim::sim

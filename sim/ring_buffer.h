// A FIFO on a power-of-two circular array: no allocation once it has grown to its working size,
// unlike std::deque, which allocates and frees blocks as it slides. Used for packet queues.
#pragma once

#include <cstddef>
#include <utility>
#include <vector>

#include "sim/assert.h"

namespace netsim::sim {

template <class T>
class RingBuffer {
 public:
  bool empty() const { return size_ == 0; }
  std::size_t size() const { return size_; }

  void push_back(const T& value) {
    if (size_ == data_.size()) grow();
    data_[(head_ + size_) & (data_.size() - 1)] = value;
    ++size_;
  }

  T& front() {
    NETSIM_ASSERT(size_ > 0, "front() of an empty ring buffer");
    return data_[head_];
  }

  T& back() {
    NETSIM_ASSERT(size_ > 0, "back() of an empty ring buffer");
    return data_[(head_ + size_ - 1) & (data_.size() - 1)];
  }

  // The i-th element from the front.
  T& operator[](std::size_t i) {
    NETSIM_ASSERT(i < size_, "ring buffer index out of range");
    return data_[(head_ + i) & (data_.size() - 1)];
  }
  const T& operator[](std::size_t i) const {
    NETSIM_ASSERT(i < size_, "ring buffer index out of range");
    return data_[(head_ + i) & (data_.size() - 1)];
  }

  void clear() {
    head_ = 0;
    size_ = 0;
  }

  T pop_front() {
    NETSIM_ASSERT(size_ > 0, "pop_front() of an empty ring buffer");
    T value = std::move(data_[head_]);
    head_ = (head_ + 1) & (data_.size() - 1);
    --size_;
    return value;
  }

 private:
  void grow() {
    std::vector<T> bigger(data_.empty() ? 16 : data_.size() * 2);
    for (std::size_t i = 0; i < size_; ++i)
      bigger[i] = std::move(data_[(head_ + i) & (data_.size() - 1)]);
    data_ = std::move(bigger);
    head_ = 0;
  }

  std::vector<T> data_;
  std::size_t head_ = 0;
  std::size_t size_ = 0;
};

}  // namespace netsim::sim

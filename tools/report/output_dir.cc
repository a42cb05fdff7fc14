#include "tools/report/output_dir.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <system_error>

namespace netsim::report {

namespace fs = std::filesystem;

OutputDir::OutputDir(fs::path destination) : destination_(std::move(destination)) {
  if (destination_.filename().empty()) destination_ = destination_.parent_path();
  const fs::path parent =
      destination_.has_parent_path() ? destination_.parent_path() : fs::path(".");
  fs::create_directories(parent);
  staging_ =
      parent / ("." + destination_.filename().string() + ".partial-" + std::to_string(::getpid()));
  fs::remove_all(staging_);
  fs::create_directory(staging_);
}

OutputDir::~OutputDir() {
  if (committed_) return;
  std::error_code ignored;
  fs::remove_all(staging_, ignored);
}

std::ofstream OutputDir::create(const std::string& name) const {
  std::ofstream out(staging_ / name, std::ios::binary | std::ios::trunc);
  if (!out) throw std::runtime_error("cannot write " + (staging_ / name).string());
  return out;
}

fs::path OutputDir::create_directory(const std::string& name) const {
  const fs::path path = staging_ / name;
  fs::create_directories(path);
  return path;
}

void OutputDir::commit() {
  if (!fs::exists(destination_)) {
    fs::rename(staging_, destination_);
  } else if (::renameat2(AT_FDCWD, staging_.c_str(), AT_FDCWD, destination_.c_str(),
                         RENAME_EXCHANGE) == 0) {
    // The staging path now holds the previous results.
    fs::remove_all(staging_);
  } else {
    // Filesystems without RENAME_EXCHANGE: move the old folder aside, then the new one in.
    const fs::path old = staging_.string() + ".old";
    fs::rename(destination_, old);
    fs::rename(staging_, destination_);
    fs::remove_all(old);
  }
  committed_ = true;
}

}  // namespace netsim::report

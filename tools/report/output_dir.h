// A results folder that appears complete or not at all. Files are written into a hidden staging
// folder next to the destination; commit() swaps it into place with one atomic rename (Linux
// renameat2 RENAME_EXCHANGE when the destination already exists). If the run fails or is
// interrupted before commit(), the previous results are untouched and the staging folder is
// removed (or, after a hard kill, left under its hidden name, never looking like results).
#pragma once

#include <filesystem>
#include <fstream>
#include <string>

namespace netsim::report {

class OutputDir {
 public:
  explicit OutputDir(std::filesystem::path destination);
  OutputDir(const OutputDir&) = delete;
  OutputDir& operator=(const OutputDir&) = delete;
  ~OutputDir();

  // Opens `name` for writing in the staging folder; throws std::runtime_error on failure.
  std::ofstream create(const std::string& name) const;
  // Creates a subfolder of the staging folder and returns its path.
  std::filesystem::path create_directory(const std::string& name) const;
  // Publishes the staging folder as the destination, replacing any previous one.
  void commit();

  const std::filesystem::path& destination() const { return destination_; }
  // The staging folder, for files written while the run goes on.
  const std::filesystem::path& staging() const { return staging_; }

 private:
  std::filesystem::path destination_;
  std::filesystem::path staging_;
  bool committed_ = false;
};

}  // namespace netsim::report

// Runs the netsim program as a user would, capturing its exit status and output.
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "tests/tools/csv_reader.h"

namespace netsim::testing {

struct ProcessResult {
  int status;  // exit status; 128 + N if killed by signal N
  std::string out;
  std::string err;
};

// Runs `netsim ARGS` (ARGS shell-quoted by the caller).
inline ProcessResult run_netsim(const std::string& args) {
  namespace fs = std::filesystem;
  const fs::path tmp = fs::temp_directory_path() / ("netsim-process-" + std::to_string(::getpid()));
  fs::create_directories(tmp);
  const std::string command = std::string(NETSIM_BINARY) + " " + args + " >" +
                              (tmp / "out").string() + " 2>" + (tmp / "err").string();
  const int raw = std::system(command.c_str());
  ProcessResult r{WIFEXITED(raw) ? WEXITSTATUS(raw) : 128 + WTERMSIG(raw),
                  read_file((tmp / "out").string()), read_file((tmp / "err").string())};
  fs::remove_all(tmp);
  return r;
}

}  // namespace netsim::testing

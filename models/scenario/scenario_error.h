// A mistake in a scenario (or a command-line override of one): where it is, which key, what is
// wrong. Rendered as "FILE:LINE:COLUMN: key.path: message", the form compilers use, so editors
// and terminals can jump to it. The netsim command exits with status 2 on one.
#pragma once

#include <stdexcept>
#include <string>

namespace netsim::scenario {

struct SourceLocation {
  std::string file;
  int line = 0;    // 1-based; 0 when unknown (e.g. the file could not be read)
  int column = 0;  // 1-based
};

class ScenarioError : public std::runtime_error {
 public:
  ScenarioError(SourceLocation where, std::string key_path, std::string message);

  const SourceLocation& where() const { return where_; }
  const std::string& key_path() const { return key_path_; }
  const std::string& message() const { return message_; }

 private:
  SourceLocation where_;
  std::string key_path_;
  std::string message_;
};

}  // namespace netsim::scenario

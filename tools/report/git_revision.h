// The git revision netsim was built from (`git describe --always --dirty`), for run.json.
#pragma once

namespace netsim::report {

const char* git_revision();

}  // namespace netsim::report

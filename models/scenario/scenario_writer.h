// Writes a loaded configuration back as a scenario document, in the keys and units the loader
// reads (docs/scenarios.md), so a run can record exactly what it ran and be run again from that.
#pragma once

#include "models/scenario/document.h"
#include "models/scenario/scenario_config.h"

namespace netsim::scenario {

// The configuration as a scenario document with every value explicit, defaults included: what
// run.json records as "the resolved scenario". Loading it gives back the same configuration.
//
// Imported topologies come out as plain `nodes` and `links`, and each TCP flow carries its whole
// `tcp` map (no preset); a top-level `tcp` appears only to give UDP flows back TCP defaults other
// than the rfc preset, which they carry unused. Unset values are written by leaving the key out,
// as the loader has no word for them: an MTU, TCP's `time_wait` (2·MSL), netem's reorder gap 0, a
// bulk size, a request interval. Gilbert-Elliott `r` and 4-state `p31` are also left out when they
// are the loader's 1 − p and that double is no whole number of 10^-12 (the finest percentage read).
// Not written, so loaded back as defaults, because the loader cannot set them there: the sampling
// interval behind `timeseries: off` or `on_change`, and the parameters of a queue discipline not in
// use (RED's in a CoDel queue). `source` is the loader's argument, not part of the document.
DocPtr describe(const ScenarioConfig& config);

}  // namespace netsim::scenario

// Fuzz target: the experiment reader (src/app/experiment.h, Qt Core only) on
// arbitrary JSON. Only ExperimentError may leave it.
#include "fuzz_entry.h"

#include "experiment.h"

namespace rnnlab::fuzz {

void experimentInput(std::string_view bytes)
{
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(bytes);
    } catch (const nlohmann::json::exception &) {
        return; // loadExperiment turns these into ExperimentError (see its tests)
    }
    try {
        experimentFromJson(j, "fuzz.json");
    } catch (const ExperimentError &) {
    }
}

} // namespace rnnlab::fuzz

RNNLAB_FUZZ_TARGET(experimentInput)

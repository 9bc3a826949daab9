// Fuzz target: the model file reader (io/model_file.h) on arbitrary JSON, then the
// data settings it carries (data/windows.h fromJson), as `forecast` reads them.
#include "fuzz_entry.h"

#include "data/windows.h"
#include "io/model_file.h"

namespace rnnlab::fuzz {

void modelFileInput(std::string_view bytes)
{
    const nlohmann::json j = nlohmann::json::parse(bytes, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded()) {
        return;
    }
    ModelFile file;
    try {
        file = modelFromJson(j, "fuzz.json");
    } catch (const ModelFileError &) {
        return;
    }
    if (file.extra.contains("data")) {
        DataConfig dc;
        Windows w;
        try {
            fromJson(file.extra["data"], dc, w);
        } catch (const std::invalid_argument &) {
        }
    }
}

} // namespace rnnlab::fuzz

RNNLAB_FUZZ_TARGET(modelFileInput)

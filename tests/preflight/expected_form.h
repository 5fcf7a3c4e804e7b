// The findings of a preflight report in the form the test corpora keep them (JSON files of
// expected findings): what a change of behaviour would change, without the wording of `why`.
#pragma once

#include <nlohmann/json.hpp>

#include "preflight/preflight.h"

namespace plaquette::preflight::test {

inline nlohmann::ordered_json expected_form(const Report& r) {
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const Finding& f : r.findings)
    list.push_back({{"rule", f.check},
                    {"severity", f.severity == Severity::error     ? "error"
                                 : f.severity == Severity::warning ? "warning"
                                                                   : "note"},
                    {"page", f.page},
                    {"object", f.object},
                    {"what", f.what}});
  return list;
}

}  // namespace plaquette::preflight::test

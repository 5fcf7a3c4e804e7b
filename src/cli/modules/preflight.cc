// The preflight module (plaquette-preflight.so): qpdf, loaded by `preflight` only.
#include "cli/modules.h"

extern "C" __attribute__((visibility("default"))) const plaquette::cli::PreflightModule*
plaquette_preflight_module() {
  namespace pf = plaquette::preflight;
  static const plaquette::cli::PreflightModule table{plaquette::cli::kModuleAbi,
                                                     &pf::preflight_memory, &pf::exit_status,
                                                     &pf::format_text, &pf::format_json};
  return &table;
}

// The proof module (plaquette-proof.so): the Cairo backend, loaded by `proof` only.
#include "cli/modules.h"

extern "C" __attribute__((visibility("default"))) const plaquette::cli::ProofModule*
plaquette_proof_module() {
  static const plaquette::cli::ProofModule table{plaquette::cli::kModuleAbi,
                                                 &plaquette::render::cairo::render};
  return &table;
}

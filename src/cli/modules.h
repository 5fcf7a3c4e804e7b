// Commands load what they use: the proof backend (Cairo, with pixman, fontconfig, X11's
// libraries) and preflight (qpdf, with GnuTLS and its own) are modules loaded on demand
// from beside the executable, so that `build`, `check` and `--version` start without the
// thirty shared libraries those bring. Each module is one entry point returning a table of
// functions; src/cli/modules/ holds their sources.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "base/diag.h"
#include "display/display.h"
#include "preflight/preflight.h"
#include "render/cairo/cairo.h"

namespace plaquette::cli {

/// A module missing or from another build: an installation problem (exit status 3), not a
/// bug of plaquette's.
struct ModuleMissing : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// Changes whenever a table below changes: a module from another build is refused.
inline constexpr int kModuleAbi = 1;

/// The proof module's table (plaquette-proof.so).
struct ProofModule {
  int abi = kModuleAbi;
  /// render::cairo::render.
  bool (*render)(const display::Document& doc, const render::cairo::Options& options,
                 std::vector<std::string>& out_files, Diagnostics& diags) = nullptr;
};

/// The preflight module's table (plaquette-preflight.so).
struct PreflightModule {
  int abi = kModuleAbi;
  bool (*preflight_memory)(std::string_view bytes, const std::string& name,
                           const preflight::Options& options, preflight::Report& report,
                           std::string& error) = nullptr;
  int (*exit_status)(const preflight::Report& report) = nullptr;
  std::string (*format_text)(const preflight::Report& report) = nullptr;
  std::string (*format_json)(const preflight::Report& report) = nullptr;
};

/// The proof module, loaded on first use; nullptr with the reason in `error` when it cannot
/// be loaded (a broken installation: the CLI's internal error).
const ProofModule* proof_module(std::string& error);

/// The preflight module, likewise.
const PreflightModule* preflight_module(std::string& error);

}  // namespace plaquette::cli

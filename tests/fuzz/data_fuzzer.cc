// Fuzz target: a data file, loaded and validated, then its figures computed and bound.
#include <cstddef>
#include <cstdint>
#include <sstream>

#include "fuzz/fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace plaquette;
  Diagnostics diags;
  auto edition = model::load_edition_string(fuzz::as_text(data, size), "fuzz.yaml", diags);
  if (edition) {
    figures::Figures figs = figures::compute_figures(*edition, diags);
    figures::make_bindings(*edition, figs, edition->source_locale.value, diags, {});
  }
  // Printing is part of what users see: it must cope with any message.
  std::ostringstream out;
  diags.print(out);
  diags.print_json(out);
  return 0;
}

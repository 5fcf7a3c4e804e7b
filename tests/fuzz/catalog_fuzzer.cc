// Fuzz target: a catalog file, loaded and validated; a valid one lays out the repository's
// data with the real layout, so that its messages are expanded (references between
// messages, bindings, formats) under the expansion budget.
#include <cstddef>
#include <cstdint>
#include <sstream>

#include "fuzz/fuzz_util.h"
#include "layout/engine.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace plaquette;
  fuzz::Brochure& b = fuzz::brochure();
  Diagnostics diags;
  auto catalog = layout::load_catalog_string(
      fuzz::as_text(data, size), PLAQUETTE_SOURCE_DIR "/layouts/fuzz.fr.yaml", "fr", diags);
  if (catalog) {
    figures::Figures figs = figures::compute_figures(b.edition, diags);
    figures::Value bindings = figures::make_bindings(b.edition, figs, "fr", diags, {});
    layout::BuildInput in;
    in.layout = &b.layout;
    in.catalog = &*catalog;
    in.bindings = &bindings;
    in.fonts = &b.fonts;
    layout::build_document(in, diags);
  }
  std::ostringstream out;
  diags.print(out);
  diags.print_json(out);
  return 0;
}

// Fuzz target: a layout file, loaded and validated; a valid one lays out the repository's
// data with the French catalog (fonts resolve from layouts/, as for the real layout).
#include <cstddef>
#include <cstdint>
#include <sstream>

#include "fuzz/fuzz_util.h"
#include "layout/engine.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace plaquette;
  fuzz::Brochure& b = fuzz::brochure();
  Diagnostics diags;
  auto layout = layout::load_layout_string(fuzz::as_text(data, size),
                                           PLAQUETTE_SOURCE_DIR "/layouts/fuzz.yaml", diags);
  if (layout) {
    figures::Figures figs = figures::compute_figures(b.edition, diags);
    figures::Value bindings = figures::make_bindings(b.edition, figs, "fr", diags, {});
    layout::BuildInput in;
    in.layout = &*layout;
    in.catalog = &b.catalog;
    in.bindings = &bindings;
    in.fonts = &b.fonts;
    layout::build_document(in, diags);
  }
  std::ostringstream out;
  diags.print(out);
  return 0;
}

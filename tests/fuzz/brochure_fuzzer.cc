// Fuzz target: the display list of the brochure (the repository's layout and French
// catalog) built from a mutated data file, then dumped as text.
#include <cstddef>
#include <cstdint>
#include <sstream>

#include "display/display.h"
#include "fuzz/fuzz_util.h"
#include "layout/engine.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace plaquette;
  fuzz::Brochure& b = fuzz::brochure();
  Diagnostics diags;
  auto edition = model::load_edition_string(fuzz::as_text(data, size), "fuzz.yaml", diags);
  if (!edition) return 0;
  figures::Figures figs = figures::compute_figures(*edition, diags);
  figures::Value bindings = figures::make_bindings(*edition, figs, "fr", diags, {});
  layout::BuildInput in;
  in.layout = &b.layout;
  in.catalog = &b.catalog;
  in.bindings = &bindings;
  in.fonts = &b.fonts;
  in.date = figures::edition_epoch(*edition);
  if (auto doc = layout::build_document(in, diags)) display::dump(*doc);
  std::ostringstream out;
  diags.print(out);
  return 0;
}

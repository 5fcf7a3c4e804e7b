// Shared by the fuzz targets: the real brochure inputs, loaded once per process.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>
#include <string_view>

#include "base/diag.h"
#include "figures/figures.h"
#include "figures/value.h"
#include "layout/catalog.h"
#include "layout/spec.h"
#include "model/edition.h"
#include "text/font.h"

namespace plaquette::fuzz {

/// The repository's data, layout and French catalog, which every target combines with its
/// mutated input. They are valid: anything else is a broken checkout, not a finding.
struct Brochure {
  model::Edition edition;
  layout::Layout layout;
  layout::Catalog catalog;
  text::FontCache fonts;
};

/// The brochure of the repository, loaded on first use.
inline Brochure& brochure() {
  static Brochure* b = [] {
    const std::string root = PLAQUETTE_SOURCE_DIR;
    Diagnostics diags;
    auto e = model::load_edition(root + "/data/hauts-de-france-2019-2022.yaml", diags);
    auto l = layout::load_layout(root + "/layouts/gusp-brochure.yaml", diags);
    auto c = layout::load_catalog(root + "/layouts/gusp-brochure.fr.yaml", "fr", diags);
    if (!e || !l || !c || diags.has_errors()) {
      diags.print(std::cerr);
      std::abort();
    }
    return new Brochure{std::move(*e), std::move(*l), std::move(*c), {}};
  }();
  return *b;
}

/// The fuzzer's bytes as text.
inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

}  // namespace plaquette::fuzz

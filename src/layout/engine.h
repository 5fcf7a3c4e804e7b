// The layout engine: a parsed layout + the binding tree of one edition → the display list.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "base/diag.h"
#include "display/display.h"
#include "figures/value.h"
#include "layout/catalog.h"
#include "layout/spec.h"
#include "text/font.h"

namespace plaquette::layout {

/// Everything one edition's layout needs; nothing here is modified except the font cache.
struct BuildInput {
  const Layout* layout = nullptr;
  const Catalog* catalog = nullptr;
  const figures::Value* bindings = nullptr;
  text::FontCache* fonts = nullptr;  ///< fonts are loaded once and shared between editions
  int64_t date = 0;                  ///< document date, seconds since the epoch (UTC)
  /// An edition made per item of a list (editions `each:`): the item, bound under `item_as`
  /// in every template like a page's `over:` item; `item_path` is where it sits in the
  /// binding tree ("departements.1"), for messages. None: nullptr.
  const figures::Value* item = nullptr;
  std::string item_as = {};
  std::string item_path = {};
};

/// Places every block of every page. Text that does not fit, unknown bindings and missing
/// glyphs are errors naming the block and the data behind it; nothing is clipped silently.
std::optional<display::Document> build_document(const BuildInput& in, Diagnostics& diags);

}  // namespace plaquette::layout

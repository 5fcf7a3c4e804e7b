// Catalogs: the fixed wording of a layout (headings, labels) for one locale.
// A catalog sits beside its layout as `<layout-stem>.<locale>.yaml`.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "base/diag.h"

namespace plaquette::layout {

/// One message: a template (see template.h) and where it was written.
struct Message {
  std::string text;
  SourcePos pos;
};

/// The messages of one locale.
struct Catalog {
  std::string path;
  std::string locale;    ///< the edition's locale key, as in the data ("fr")
  std::string language;  ///< BCP 47 tag for ICU and the PDF (/Lang), e.g. "fr-FR"
  /// `short_currency: joined`: "9,2 M€" instead of CLDR's "9,2 M €" (text::NumberFormat).
  bool joined_currency = false;
  std::map<std::string, Message> messages;
  const Message* find(const std::string& key) const;
};

/// The catalog file of a layout for a locale: `<dir>/<stem>.<locale>.yaml`.
std::string catalog_path(const std::string& layout_path, const std::string& locale);

/// Loads a catalog; every problem is recorded, nothing is returned on error.
std::optional<Catalog> load_catalog(const std::string& path, const std::string& locale,
                                    Diagnostics& diags);

/// Same as load_catalog for text already in memory; `path` names it in diagnostics.
std::optional<Catalog> load_catalog_string(std::string_view text, const std::string& path,
                                           const std::string& locale, Diagnostics& diags);

}  // namespace plaquette::layout

// The pseudo-locale: every text accented and 40 % longer, so that a layout can be tried
// against longer languages before the translators deliver.
#pragma once

#include <string>
#include <string_view>

#include "layout/catalog.h"

namespace plaquette::layout {

/// The pseudo-locale's name, as in file names and messages.
inline constexpr const char* kPseudoLocale = "qps";

/// Plain text, pseudo-localized: ASCII letters get accents ("Logements" → "Ļöĝéméñţš"-like,
/// within Latin-1 so that text fonts have the glyphs) and breakable filler words make it
/// 40 % longer.
std::string pseudo_text(std::string_view text);

/// A template, pseudo-localized: only its literal text changes; bindings, catalog
/// references and ** marks stay as they are.
std::string pseudo_template(std::string_view tmpl);

/// A copy of a catalog with every message pseudo-localized.
Catalog pseudo_catalog(const Catalog& source);

}  // namespace plaquette::layout

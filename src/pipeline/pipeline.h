// One edition from its inputs to the display list: data → figures → layout → display list.
// The library entry point that the CLI, the tests and the benchmark call; writing files,
// resource-path policy and the backends stay with the callers (src/cli, src/render).
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "base/diag.h"
#include "display/display.h"
#include "layout/catalog.h"
#include "layout/spec.h"
#include "model/edition.h"
#include "text/font.h"

namespace plaquette::pipeline {

/// What one edition is made of.
struct EditionSpec {
  std::string data;             ///< data YAML
  std::string layout;           ///< layout YAML
  std::string locale;           ///< "" = the data's source locale
  bool pseudo = false;          ///< the pseudo-locale: source texts accented, 40 % longer
  bool allow_fallback = false;  ///< a missing translation falls back to the source locale
};

/// The loaded, validated inputs of one or more editions, each read once: a batch of
/// editions sharing a data file or a layout parses it once. Loading is not thread-safe;
/// once everything a batch needs is loaded (see preload), lookups only read.
class Sources {
 public:
  /// The data file at `path`, loaded on first use; nullptr when it has errors.
  const model::Edition* edition(const std::string& path, Diagnostics& diags);
  /// Same, but an edition read with errors is returned too, with what of it is sound.
  const model::Edition* edition(const std::string& path, Diagnostics& diags,
                                model::EditionState& state);
  /// The layout at `path`, loaded on first use; nullptr when it has errors.
  const layout::Layout* layout(const std::string& path, Diagnostics& diags);
  /// The catalog of `layout_path` for `locale`; nullptr when it is missing or has errors.
  const layout::Catalog* catalog(const std::string& layout_path, const std::string& locale,
                                 Diagnostics& diags);
  /// Loads everything `spec` needs, so that lay_out can then run from several threads.
  void preload(const EditionSpec& spec, Diagnostics& diags);

 private:
  struct LoadedEdition {
    std::unique_ptr<model::Edition> edition;  ///< null when the file could not be read
    model::EditionState state;
  };
  std::map<std::string, LoadedEdition> editions_;
  std::map<std::string, std::unique_ptr<layout::Layout>> layouts_;
  std::map<std::pair<std::string, std::string>, std::unique_ptr<layout::Catalog>> catalogs_;
};

/// A laid-out edition.
struct LaidOut {
  display::Document doc;
  std::string locale;  ///< the locale built (the data's source locale when none was asked)
};

/// A caller's check of a loaded layout before anything is laid out (the CLI: its fonts and
/// profile stay inside the allowed folders); false stops the edition, its errors recorded.
using LayoutCheck = std::function<bool(const layout::Layout&, Diagnostics&)>;

/// Loads, validates and lays out an edition. Every problem goes to `diags`; nothing is
/// returned when any is an error. `fonts` is shared so that fonts are loaded once.
std::optional<LaidOut> lay_out(const EditionSpec& spec, text::FontCache& fonts, Diagnostics& diags,
                               const LayoutCheck& check = {});

/// Same, with inputs taken from (and, unless preloaded, loaded into) `sources`.
std::optional<LaidOut> lay_out(const EditionSpec& spec, Sources& sources, text::FontCache& fonts,
                               Diagnostics& diags, const LayoutCheck& check = {});

}  // namespace plaquette::pipeline

// One edition through the whole pipeline: data → figures → layout → display list → PDF.
// Shared by the commands of the CLI and by the end-to-end tests.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/diag.h"
#include "display/display.h"
#include "layout/catalog.h"
#include "layout/spec.h"
#include "model/edition.h"
#include "render/cairo/cairo.h"
#include "text/font.h"

namespace plaquette::cli {

/// What one edition is made of.
struct EditionSpec {
  std::string data;    ///< data YAML
  std::string layout;  ///< layout YAML
  std::string locale;  ///< "" = the data's source locale
  bool pseudo = false;          ///< the pseudo-locale: source texts accented, 40 % longer
  bool allow_fallback = false;  ///< a missing translation falls back to the source locale
  std::vector<std::string> allow_paths = {};  ///< --allow-path: folders besides the working directory
};

/// The loaded, validated inputs of one or more editions, each read once: a batch of
/// editions sharing a data file or a layout parses it once. Loading is not thread-safe;
/// once everything a batch needs is loaded (see preload), lookups only read.
class Sources {
 public:
  /// The data file at `path`, loaded on first use; nullptr when it has errors.
  const model::Edition* edition(const std::string& path, Diagnostics& diags);
  /// The layout at `path`, loaded on first use; nullptr when it has errors.
  const layout::Layout* layout(const std::string& path, Diagnostics& diags);
  /// The catalog of `layout_path` for `locale`; nullptr when it is missing or has errors.
  const layout::Catalog* catalog(const std::string& layout_path, const std::string& locale,
                                 Diagnostics& diags);
  /// Loads everything `spec` needs, so that lay_out can then run from several threads.
  void preload(const EditionSpec& spec, Diagnostics& diags);

 private:
  std::map<std::string, std::unique_ptr<model::Edition>> editions_;
  std::map<std::string, std::unique_ptr<layout::Layout>> layouts_;
  std::map<std::pair<std::string, std::string>, std::unique_ptr<layout::Catalog>> catalogs_;
};

/// A laid-out edition.
struct LaidOut {
  display::Document doc;
  std::string locale;  ///< the locale built (the data's source locale when none was asked)
};

/// Loads, validates and lays out an edition. Every problem goes to `diags`; nothing is
/// returned when any is an error. `fonts` is shared so that fonts are loaded once.
std::optional<LaidOut> lay_out(const EditionSpec& spec, text::FontCache& fonts,
                               Diagnostics& diags);

/// Same, with inputs taken from (and, unless preloaded, loaded into) `sources`.
std::optional<LaidOut> lay_out(const EditionSpec& spec, Sources& sources, text::FontCache& fonts,
                               Diagnostics& diags);

/// Renders a laid-out document to PDF bytes.
std::optional<std::string> render_pdf(const display::Document& doc, Diagnostics& diags);

/// Renders a laid-out document as proof pages with Cairo: one PNG or SVG file's bytes per page.
std::optional<std::vector<std::string>> render_proof(const display::Document& doc,
                                                     const render::cairo::Options& options,
                                                     Diagnostics& diags);

/// The name of an edition's files: the data file's stem, a dot and the locale
/// ("hauts-de-france-2019-2022.fr").
std::string edition_name(const std::string& data, const std::string& locale);

}  // namespace plaquette::cli

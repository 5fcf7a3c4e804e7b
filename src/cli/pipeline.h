// The CLI's side of an edition: the pipeline library (src/pipeline) under the CLI's
// resource-path policy, the backends, and writing files all or nothing.
#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/diag.h"
#include "display/display.h"
#include "pipeline/pipeline.h"
#include "render/cairo/cairo.h"
#include "text/font.h"

namespace plaquette::cli {

/// What one edition is made of, and the folders its resources may come from.
struct EditionSpec {
  std::string data;             ///< data YAML
  std::string layout;           ///< layout YAML
  std::string locale;           ///< "" = the data's source locale
  bool pseudo = false;          ///< the pseudo-locale: source texts accented, 40 % longer
  bool allow_fallback = false;  ///< a missing translation falls back to the source locale
  std::vector<std::string> allow_paths =
      {};                 ///< --allow-path: folders besides the working directory
  std::string each = {};  ///< per-item edition: the list's binding path ("" = none)
  std::string as = {};    ///< per-item edition: the item's name
  std::size_t item = 0;   ///< per-item edition: the item's index

  /// The edition as the pipeline library takes it (without the CLI's path policy).
  operator pipeline::EditionSpec() const {  // NOLINT: a CLI spec is a pipeline spec
    return {data, layout, locale, pseudo, allow_fallback, each, as, item};
  }
};

using pipeline::LaidOut;
using pipeline::Sources;

/// pipeline::lay_out, with the layout's fonts and output profile first checked to stay
/// inside the allowed folders and the profile to be a usable CMYK output profile.
std::optional<LaidOut> lay_out(const EditionSpec& spec, text::FontCache& fonts, Diagnostics& diags);

/// The check of a layout's fonts, profile and other files, made once for every edition of
/// a batch that uses it (with one --allow-path list): its outcome and problems are replayed
/// to the next editions. Thread-safe.
class ResourceChecks {
 public:
  bool check(const layout::Layout& l, const std::vector<std::string>& allow_paths,
             Diagnostics& diags);

 private:
  struct Outcome {
    bool ok = false;
    Diagnostics diags;
  };
  std::mutex mutex_;
  std::map<const layout::Layout*, Outcome> done_;
};

/// Same, with inputs taken from (and, unless preloaded, loaded into) `sources`, and the
/// layout's resources checked through `checks` when given (once per layout).
std::optional<LaidOut> lay_out(const EditionSpec& spec, Sources& sources, text::FontCache& fonts,
                               Diagnostics& diags, ResourceChecks* checks = nullptr);

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

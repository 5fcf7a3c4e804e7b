// One edition from its inputs to the display list: data → figures → layout → display list.
// The library entry point that the CLI, the tests and the benchmark call; writing files,
// resource-path policy and the backends stay with the callers (src/cli, src/render).
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>

#include "base/diag.h"
#include "display/display.h"
#include "figures/value.h"
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
  /// One edition per item of a list (editions `each:`): the list's binding path, the
  /// item's name and its index; `each` empty: the whole data, no item.
  std::string each = {};
  std::string as = {};
  std::size_t item = 0;
};

/// The loaded, validated inputs of one or more editions, each read once: a batch of
/// editions sharing a data file or a layout parses it once. Thread-safe: an input is loaded
/// by the first thread that asks for it (its problems recorded in that thread's `diags`),
/// the others wait for it; loaded inputs are only read.
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
  /// Loads everything `spec` needs.
  void preload(const EditionSpec& spec, Diagnostics& diags);
  /// Forgets the data file at `path` (a batch of many data files keeps memory bounded):
  /// the caller makes sure no edition still uses it; it is read again if asked for.
  void release_edition(const std::string& path);

 private:
  template <class T>
  struct Slot {
    std::mutex mutex;
    bool loaded = false;
    std::unique_ptr<T> value;  ///< null when the file could not be read
    model::EditionState state;
  };
  template <class K, class T>
  std::shared_ptr<Slot<T>> slot(std::map<K, std::shared_ptr<Slot<T>>>& map, const K& key);

  std::mutex mutex_;  ///< guards the maps, not the slots (each has its own)
  std::map<std::string, std::shared_ptr<Slot<model::Edition>>> editions_;
  std::map<std::string, std::shared_ptr<Slot<layout::Layout>>> layouts_;
  std::map<std::pair<std::string, std::string>, std::shared_ptr<Slot<layout::Catalog>>> catalogs_;
};

/// The binding tree of an edition (its figures, its texts in the spec's locale or the
/// data's source locale), for naming the files of a per-item edition; nothing when the data
/// has errors.
std::optional<figures::Value> bindings(const EditionSpec& spec, Sources& sources,
                                       Diagnostics& diags);

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

// Catalogs: the fixed wording of a layout (headings, labels) for one locale.
// A catalog sits beside its layout as `<layout-stem>.<locale>.yaml`.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/diag.h"

namespace plaquette::layout {

struct Form;

/// A piece of a message: template text, or a plural / select choice on an argument.
struct Part {
  std::string text;  ///< template text (when `arg` is empty)
  SourcePos pos;     ///< where `text`, or the choice's opening brace, was written
  std::string arg;   ///< the argument chosen on; empty for text
  SourcePos arg_pos;
  bool select = false;      ///< `select` (on a text) rather than `plural` (on a number)
  std::vector<Form> forms;  ///< the choices, in the order written
};

/// One branch of a choice: `one {…}`, `=0 {…}`, `other {…}`.
struct Form {
  std::string key;  ///< a plural category, `=N`, or a select value
  SourcePos pos;
  std::vector<Part> parts;
};

/// One message: a template (see template.h) and where it was written; with plural or
/// select forms, also parsed into parts.
struct Message {
  std::string text;
  SourcePos pos;                    ///< where the message's value was written
  SourcePos text_pos{};             ///< where its first character was written (past a quote)
  bool plural = false;              ///< has plural or select forms: expand `parts`
  std::vector<Part> parts{};        ///< when `plural`
  std::vector<std::string> args{};  ///< the arguments it chooses on, in order, each once
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

/// The CLDR plural category ("one", "few", "other"...) of `n` for an ICU locale ("fr-FR").
std::string plural_category(const std::string& language, double n);

/// The plural categories of a locale's rules, e.g. {"one", "many", "other"} for French.
std::vector<std::string> plural_categories(const std::string& language);

/// The catalog file of a layout for a locale: `<dir>/<stem>.<locale>.yaml`.
std::string catalog_path(const std::string& layout_path, const std::string& locale);

/// Loads a catalog; every problem is recorded, nothing is returned on error.
std::optional<Catalog> load_catalog(const std::string& path, const std::string& locale,
                                    Diagnostics& diags);

/// Same as load_catalog for text already in memory; `path` names it in diagnostics.
std::optional<Catalog> load_catalog_string(std::string_view text, const std::string& path,
                                           const std::string& locale, Diagnostics& diags);

}  // namespace plaquette::layout

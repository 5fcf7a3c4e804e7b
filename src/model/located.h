// Values as typed in an input file, each with the position it was typed at. The model's
// public types are made of these; they know nothing of YAML (model/yaml.h reads them).
#pragma once

#include <map>
#include <string>

#include "base/diag.h"

namespace plaquette::model {

/// A value read from YAML together with where it was typed.
template <class T>
struct Located {
  T value{};
  SourcePos pos;
};

/// A translatable text: one string per locale ("fr", "en", "nl-BE"), each with its position.
struct Localized {
  std::map<std::string, Located<std::string>> texts;
  SourcePos pos;  ///< position of the map itself

  /// The text for `locale`, or nullptr when it has not been translated.
  const std::string* get(const std::string& locale) const;
};

}  // namespace plaquette::model

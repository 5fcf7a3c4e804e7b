#include "cli/paths.h"

#include <system_error>

namespace plaquette::cli {
namespace {

namespace fs = std::filesystem;

// Absolute, normalised, with the symbolic links of its existing part resolved: a link inside
// the project that points outside it is outside.
fs::path resolved(const fs::path& p) {
  std::error_code ec;
  fs::path abs = fs::absolute(p, ec);
  if (ec) return p.lexically_normal();
  fs::path out = fs::weakly_canonical(abs, ec);
  return ec ? abs.lexically_normal() : out;
}

bool inside(const fs::path& path, const fs::path& root) {
  fs::path rel = path.lexically_relative(root);
  return !rel.empty() && *rel.begin() != "..";
}

}  // namespace

bool same_file(const std::string& a, const std::string& b) {
  std::error_code ec;
  return fs::equivalent(a, b, ec) && !ec;
}

std::string output_stem(const std::string& data, const std::string& layout,
                        const std::string& locale) {
  std::string stem = fs::path(data).stem().string();
  if (!layout.empty() && !same_file(layout, kDefaultLayout))
    stem += "." + fs::path(layout).stem().string();
  return stem + "." + locale;
}

PathPolicy::PathPolicy(const std::vector<std::string>& allowed) {
  roots_.push_back(resolved(fs::path(".")));
  for (const std::string& dir : allowed) roots_.push_back(resolved(dir));
}

bool PathPolicy::check(const std::string& path, const SourcePos& where, const std::string& what,
                       Diagnostics& diags) const {
  const fs::path p = resolved(path);
  for (const fs::path& root : roots_)
    if (inside(p, root)) return true;
  diags.error(where, what + " '" + path + "' is outside the project folder")
      .hints.push_back(
          "files named by a layout or an editions list must be inside the folder "
          "plaquette runs in; --allow-path DIR allows another folder");
  return false;
}

}  // namespace plaquette::cli

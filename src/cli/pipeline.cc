#include "cli/pipeline.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <set>

#include "figures/figures.h"
#include "figures/value.h"
#include "layout/catalog.h"
#include "layout/engine.h"
#include "layout/spec.h"
#include "model/edition.h"
#include "render/pdf/pdf.h"

namespace plaquette::cli {
namespace {

// SOURCE_DATE_EPOCH (reproducible-builds.org) overrides the data's date so that packagers
// can pin it; anything but a plain non-negative integer is refused, not guessed.
std::optional<int64_t> source_date_epoch(Diagnostics& diags) {
  const char* env = std::getenv("SOURCE_DATE_EPOCH");
  if (!env || !*env) return std::nullopt;
  char* end = nullptr;
  errno = 0;
  long long v = std::strtoll(env, &end, 10);
  if (*end != '\0' || errno != 0 || v < 0 || v > 253402300799LL) {
    diags.error({}, std::string("SOURCE_DATE_EPOCH=") + env + " is not a number of seconds since 1970");
    return std::nullopt;
  }
  return v;
}

}  // namespace

std::optional<LaidOut> lay_out(const EditionSpec& spec, text::FontCache& fonts,
                               Diagnostics& diags) {
  std::size_t before = diags.error_count();
  auto edition = model::load_edition(spec.data, diags);
  auto layout = layout::load_layout(spec.layout, diags);
  if (!edition || !layout) return std::nullopt;

  std::string locale = spec.locale.empty() ? edition->source_locale.value : spec.locale;
  // A locale the data has no text in at all is one mistake (a typo, or translations not
  // delivered yet), not one missing translation per text.
  std::set<std::string> locales;
  model::for_each_localized(*edition, [&](const std::string&, const model::Localized& l) {
    for (const auto& [loc, text] : l.texts) locales.insert(loc);
  });
  if (!locales.empty() && !locales.count(locale)) {
    std::string have;
    for (const std::string& l : locales) have += (have.empty() ? "" : ", ") + l;
    diags.error({spec.data, 0, 0}, "the data has no texts in locale `" + locale + "`")
        .hints.push_back("it has: " + have);
    return std::nullopt;
  }
  figures::Figures figs = figures::compute_figures(*edition, diags);
  figures::Value bindings = figures::make_bindings(*edition, figs, locale, diags);
  auto catalog = layout::load_catalog(layout::catalog_path(spec.layout, locale), locale, diags);
  if (!catalog || diags.error_count() > before) return std::nullopt;

  layout::BuildInput in;
  in.layout = &*layout;
  in.catalog = &*catalog;
  in.bindings = &bindings;
  in.fonts = &fonts;
  auto epoch = source_date_epoch(diags);
  in.date = epoch ? *epoch : figures::edition_epoch(*edition);
  auto doc = layout::build_document(in, diags);
  if (!doc || diags.error_count() > before) return std::nullopt;
  return LaidOut{std::move(*doc), locale};
}

std::optional<std::string> render_pdf(const display::Document& doc, Diagnostics& diags) {
  std::string bytes;
  if (!render::pdf::render(doc, bytes, diags)) return std::nullopt;
  return bytes;
}

std::optional<std::vector<std::string>> render_proof(const display::Document& doc,
                                                     const render::cairo::Options& options,
                                                     Diagnostics& diags) {
  std::vector<std::string> files;
  if (!render::cairo::render(doc, options, files, diags)) return std::nullopt;
  return files;
}

std::string edition_name(const std::string& data, const std::string& locale) {
  return std::filesystem::path(data).stem().string() + "." + locale;
}

namespace {

// rename() replaces whatever has the name: refuse anything but a regular file, so that a
// mistyped -o cannot replace a folder, a device or a pipe.
bool replaceable(const std::string& path, Diagnostics& diags) {
  namespace fs = std::filesystem;
  fs::path target(path);
  std::error_code ec;
  fs::file_status st = fs::symlink_status(target, ec);
  if (fs::exists(st) && !fs::is_regular_file(st)) {
    diags.error({path, 0, 0}, fs::is_directory(st)
                                  ? "the output is a folder; give a file name, e.g. " +
                                        (target / "brochure.pdf").string()
                                  : "the output exists and is not a regular file; not replacing it");
    return false;
  }
  return true;
}

// Writes bytes to a new temporary file beside `path` and flushes it to disk; returns its
// name, or nothing (with an error recorded and no file left) on failure.
std::optional<std::string> write_temporary(const std::string& path, const std::string& bytes,
                                           Diagnostics& diags) {
  namespace fs = std::filesystem;
  fs::path target(path);
  fs::path dir = target.parent_path();
  std::string tmpl = (dir.empty() ? fs::path(".") : dir).string() + "/." +
                     target.filename().string() + ".XXXXXX";
  std::vector<char> name(tmpl.begin(), tmpl.end());
  name.push_back('\0');
  int fd = mkstemp(name.data());
  if (fd < 0) {
    diags.error({path, 0, 0}, std::string("cannot write: ") + std::strerror(errno));
    return std::nullopt;
  }
  const char* p = bytes.data();
  std::size_t left = bytes.size();
  bool ok = true;
  while (left > 0) {
    ssize_t n = ::write(fd, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      ok = false;
      break;
    }
    p += n;
    left -= static_cast<std::size_t>(n);
  }
  int saved = errno;
  // mkstemp creates the file 0600; an output is meant to be shared like any other file.
  ok = ok && ::fchmod(fd, 0644) == 0 && ::fsync(fd) == 0;
  if (!ok) saved = errno;
  ::close(fd);
  if (!ok) {
    ::unlink(name.data());
    diags.error({path, 0, 0}, std::string("cannot write: ") + std::strerror(saved));
    return std::nullopt;
  }
  return std::string(name.data());
}

}  // namespace

bool write_atomically(const std::string& path, const std::string& bytes, bool create_folder,
                      Diagnostics& diags) {
  namespace fs = std::filesystem;
  fs::path dir = fs::path(path).parent_path();
  std::error_code ec;
  if (!replaceable(path, diags)) return false;
  if (!dir.empty() && !fs::is_directory(dir, ec)) {
    if (!create_folder) {
      diags.error({path, 0, 0}, "folder " + dir.string() + " does not exist");
      return false;
    }
    fs::create_directories(dir, ec);
    if (ec) {
      diags.error({path, 0, 0}, "cannot create folder " + dir.string() + ": " + ec.message());
      return false;
    }
  }
  auto tmp = write_temporary(path, bytes, diags);
  if (!tmp) return false;
  if (std::rename(tmp->c_str(), path.c_str()) != 0) {
    int saved = errno;
    ::unlink(tmp->c_str());
    diags.error({path, 0, 0}, std::string("cannot write: ") + std::strerror(saved));
    return false;
  }
  return true;
}

bool write_files_atomically(const std::string& dir,
                            const std::vector<std::pair<std::string, std::string>>& files,
                            Diagnostics& diags) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path folder(dir);
  bool created = false;
  fs::file_status st = fs::status(folder, ec);
  if (fs::exists(st) && !fs::is_directory(st)) {
    diags.error({dir, 0, 0}, "the output exists and is not a folder");
    return false;
  }
  if (!fs::exists(st)) {
    fs::path parent = folder.parent_path();
    if (!parent.empty() && !fs::is_directory(parent, ec)) {
      diags.error({dir, 0, 0}, "folder " + parent.string() + " does not exist");
      return false;
    }
    if (!fs::create_directory(folder, ec) || ec) {
      diags.error({dir, 0, 0}, "cannot create folder " + dir + ": " + ec.message());
      return false;
    }
    created = true;
  }
  std::vector<std::string> temps;
  auto undo = [&] {
    for (const std::string& t : temps) ::unlink(t.c_str());
    if (created) fs::remove(folder, ec);  // only ever empty: nothing was renamed into it
  };
  for (const auto& [path, bytes] : files) {
    auto tmp = replaceable(path, diags) ? write_temporary(path, bytes, diags) : std::nullopt;
    if (!tmp) {
      undo();
      return false;
    }
    temps.push_back(std::move(*tmp));
  }
  for (std::size_t i = 0; i < files.size(); ++i) {
    // Renames within one folder only fail when the folder changes under us; what was
    // already renamed stays, the rest is cleaned up.
    if (std::rename(temps[i].c_str(), files[i].first.c_str()) != 0) {
      diags.error({files[i].first, 0, 0}, std::string("cannot write: ") + std::strerror(errno));
      for (std::size_t j = i; j < temps.size(); ++j) ::unlink(temps[j].c_str());
      return false;
    }
  }
  return true;
}

}  // namespace plaquette::cli

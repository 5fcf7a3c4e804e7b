#include "cli/pipeline.h"

#include "cli/cleanup.h"

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
#include "layout/pseudo.h"
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

const model::Edition* Sources::edition(const std::string& path, Diagnostics& diags) {
  auto [it, added] = editions_.try_emplace(path);
  if (added) {
    if (auto e = model::load_edition(path, diags)) it->second = std::make_unique<model::Edition>(std::move(*e));
  }
  return it->second.get();
}

const layout::Layout* Sources::layout(const std::string& path, Diagnostics& diags) {
  auto [it, added] = layouts_.try_emplace(path);
  if (added) {
    if (auto l = layout::load_layout(path, diags)) it->second = std::make_unique<layout::Layout>(std::move(*l));
  }
  return it->second.get();
}

const layout::Catalog* Sources::catalog(const std::string& layout_path, const std::string& locale,
                                        Diagnostics& diags) {
  auto [it, added] = catalogs_.try_emplace({layout_path, locale});
  if (added) {
    if (auto c = layout::load_catalog(layout::catalog_path(layout_path, locale), locale, diags))
      it->second = std::make_unique<layout::Catalog>(std::move(*c));
  }
  return it->second.get();
}

void Sources::preload(const EditionSpec& spec, Diagnostics& diags) {
  const model::Edition* e = edition(spec.data, diags);
  layout(spec.layout, diags);
  if (e) catalog(spec.layout, spec.locale.empty() ? e->source_locale.value : spec.locale, diags);
}

std::optional<LaidOut> lay_out(const EditionSpec& spec, text::FontCache& fonts,
                               Diagnostics& diags) {
  Sources sources;
  return lay_out(spec, sources, fonts, diags);
}

std::optional<LaidOut> lay_out(const EditionSpec& spec, Sources& sources, text::FontCache& fonts,
                               Diagnostics& diags) {
  std::size_t before = diags.error_count();
  const model::Edition* edition = sources.edition(spec.data, diags);
  const layout::Layout* layout = sources.layout(spec.layout, diags);
  if (!edition || !layout) return std::nullopt;

  const std::string& source = edition->source_locale.value;
  // The pseudo-locale is built from the source texts.
  std::string locale = spec.pseudo || spec.locale.empty() ? source : spec.locale;
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
  figures::BindOptions bind;
  bind.allow_fallback = spec.allow_fallback;
  if (spec.pseudo) bind.transform = layout::pseudo_text;
  figures::Value bindings = figures::make_bindings(*edition, figs, locale, diags, bind);
  const layout::Catalog* catalog = sources.catalog(spec.layout, locale, diags);
  if (!catalog) return std::nullopt;

  // Every message of the source catalog must be translated: all missing keys are listed at
  // once, rather than found one layout block at a time.
  std::optional<layout::Catalog> completed;
  if (locale != source) {
    if (const layout::Catalog* src = sources.catalog(spec.layout, source, diags)) {
      for (const auto& [key, message] : src->messages) {
        if (catalog->find(key)) continue;
        if (!completed) completed = *catalog;
        if (spec.allow_fallback) {
          diags.warning({catalog->path, 0, 0}, "no `" + locale + "` message `" + key +
                                                   "`; using the `" + source + "` one");
          completed->messages[key] = message;
        } else {
          diags.error({catalog->path, 0, 0}, "no `" + locale + "` message `" + key + "`")
              .hints.push_back("translate it, or build with --allow-fallback");
          diags.note(message.pos, "the `" + source + "` message is here");
        }
      }
      if (completed) catalog = &*completed;
    }
  }
  std::optional<layout::Catalog> pseudo;
  if (spec.pseudo) catalog = &pseudo.emplace(layout::pseudo_catalog(*catalog));
  if (diags.error_count() > before) return std::nullopt;

  layout::BuildInput in;
  in.layout = layout;
  in.catalog = catalog;
  in.bindings = &bindings;
  in.fonts = &fonts;
  auto epoch = source_date_epoch(diags);
  in.date = epoch ? *epoch : figures::edition_epoch(*edition);
  auto doc = layout::build_document(in, diags);
  if (!doc || diags.error_count() > before) return std::nullopt;
  return LaidOut{std::move(*doc), spec.pseudo ? layout::kPseudoLocale : locale};
}

std::optional<std::string> render_pdf(const display::Document& doc, Diagnostics& diags) {
  std::string bytes;
  if (!render::pdf::render(doc, bytes, diags)) return std::nullopt;
  return bytes;
}

bool write_atomically(const std::string& path, const std::string& bytes, bool create_folder,
                      Diagnostics& diags) {
  namespace fs = std::filesystem;
  fs::path target(path);
  fs::path dir = target.parent_path();
  std::error_code ec;
  // rename() replaces whatever has the name: refuse anything but a regular file, so that a
  // mistyped -o cannot replace a folder, a device or a pipe.
  fs::file_status st = fs::symlink_status(target, ec);
  if (fs::exists(st) && !fs::is_regular_file(st)) {
    diags.error({path, 0, 0}, fs::is_directory(st)
                                  ? "the output is a folder; give a file name, e.g. " +
                                        (target / "brochure.pdf").string()
                                  : "the output exists and is not a regular file; not replacing it");
    return false;
  }
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
  std::string tmpl = (dir.empty() ? fs::path(".") : dir).string() + "/." +
                     target.filename().string() + ".XXXXXX";
  std::vector<char> name(tmpl.begin(), tmpl.end());
  name.push_back('\0');
  int fd = mkstemp(name.data());
  if (fd < 0) {
    diags.error({path, 0, 0}, std::string("cannot write: ") + std::strerror(errno));
    return false;
  }
  const int slot = track_temp_file(name.data());
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
  // mkstemp creates the file 0600; a PDF is meant to be shared like any other output.
  ok = ok && ::fchmod(fd, 0644) == 0 && ::fsync(fd) == 0;
  if (!ok) saved = errno;
  ::close(fd);
  if (ok && std::rename(name.data(), path.c_str()) != 0) {
    ok = false;
    saved = errno;
  }
  if (!ok) {
    ::unlink(name.data());
    diags.error({path, 0, 0}, std::string("cannot write: ") + std::strerror(saved));
  }
  untrack_temp_file(slot);
  return ok;
}

}  // namespace plaquette::cli

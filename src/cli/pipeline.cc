#include "cli/pipeline.h"

#include "cli/cleanup.h"
#include "cli/paths.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <set>

#include "render/pdf/pdf.h"

namespace plaquette::cli {
namespace {

// Fonts and the profile resolve relative to the layout; they must not leave the project.
bool check_resources(const layout::Layout& l, const std::vector<std::string>& allow_paths,
                     Diagnostics& diags) {
  const PathPolicy paths(allow_paths);
  bool inside = true;
  const SourcePos layout_file{l.path, 0, 0};
  for (const auto& [key, file] : l.fonts) {
    auto at = l.font_pos.find(key);
    inside &= paths.check(file, at != l.font_pos.end() ? at->second : layout_file,
                          "font `" + key + "`", diags);
  }
  const SourcePos& profile_pos = l.page.output_profile_pos;
  inside &= paths.check(l.page.output_profile, profile_pos.known() ? profile_pos : layout_file,
                        "the output profile", diags);
  if (!inside) return false;
  // Every command that lays out needs the profile (PDF output intent, proof colours): a bad
  // one is an input error that `check` must report, not something `build` finds later.
  return render::pdf::check_output_profile(l.page.output_profile, l.page.output_profile_pos,
                                           diags);
}

}  // namespace

std::optional<LaidOut> lay_out(const EditionSpec& spec, text::FontCache& fonts,
                               Diagnostics& diags) {
  Sources sources;
  return lay_out(spec, sources, fonts, diags);
}

std::optional<LaidOut> lay_out(const EditionSpec& spec, Sources& sources, text::FontCache& fonts,
                               Diagnostics& diags) {
  return pipeline::lay_out(spec, sources, fonts, diags,
                           [&](const layout::Layout& l, Diagnostics& d) {
                             return check_resources(l, spec.allow_paths, d);
                           });
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

// A temporary file, tracked so that a signal removes it until it is renamed or unlinked.
struct Temporary {
  std::string path;
  int slot = -1;
};

// Writes bytes to a new temporary file beside `path` and flushes it to disk; returns it,
// or nothing (with an error recorded and no file left) on failure.
std::optional<Temporary> write_temporary(const std::string& path, const std::string& bytes,
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
  // mkstemp creates the file 0600; an output is meant to be shared like any other file.
  ok = ok && ::fchmod(fd, 0644) == 0 && ::fsync(fd) == 0;
  if (!ok) saved = errno;
  ::close(fd);
  if (!ok) {
    ::unlink(name.data());
    untrack_temp_file(slot);
    diags.error({path, 0, 0}, std::string("cannot write: ") + std::strerror(saved));
    return std::nullopt;
  }
  return Temporary{name.data(), slot};
}

// Renames a temporary file over its target (or removes it when `keep` is false).
bool finish_temporary(const Temporary& t, const std::string& path, bool keep, Diagnostics& diags) {
  bool ok = keep && std::rename(t.path.c_str(), path.c_str()) == 0;
  int saved = errno;
  if (!ok) ::unlink(t.path.c_str());
  untrack_temp_file(t.slot);
  if (keep && !ok) diags.error({path, 0, 0}, std::string("cannot write: ") + std::strerror(saved));
  return ok;
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
  return tmp && finish_temporary(*tmp, path, true, diags);
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
  std::vector<Temporary> temps;
  auto undo = [&] {
    for (const Temporary& t : temps) finish_temporary(t, {}, false, diags);
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
    if (!finish_temporary(temps[i], files[i].first, true, diags)) {
      for (std::size_t j = i + 1; j < temps.size(); ++j) finish_temporary(temps[j], {}, false, diags);
      return false;
    }
  }
  return true;
}

}  // namespace plaquette::cli

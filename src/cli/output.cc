#include "cli/output.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <map>
#include <system_error>
#include <tuple>

#include "base/file.h"
#include "cli/cleanup.h"

namespace plaquette::cli {
namespace {

namespace fs = std::filesystem;

// What an output path designates: the file it names when there is one (symbolic links
// followed, so a link to an input is that input), else the folder it would be created in
// plus its name, else (a folder not created yet) its absolute, normalised path.
struct Identity {
  int kind = 0;  // 0 an existing file, 1 a new name in an existing folder, 2 a path
  FileId id;
  std::string name;
  auto operator<=>(const Identity&) const = default;
};

Identity identify(const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) == 0) return {0, {st.st_dev, st.st_ino}, {}};
  const fs::path p(path);
  const fs::path dir = p.parent_path().empty() ? fs::path(".") : p.parent_path();
  if (::stat(dir.c_str(), &st) == 0) return {1, {st.st_dev, st.st_ino}, p.filename().string()};
  std::error_code ec;
  fs::path abs = fs::weakly_canonical(fs::absolute(p, ec), ec);
  return {2, {}, abs.lexically_normal().string()};
}

SourcePos at(const OutputFile& o) { return o.where.known() ? o.where : SourcePos{o.path, 0, 0}; }

// rename() replaces whatever has the name: refuse anything but a regular file, so that a
// mistyped -o cannot replace a folder, a device or a pipe.
bool replaceable(const std::string& path, Diagnostics& diags) {
  fs::path target(path);
  std::error_code ec;
  fs::file_status st = fs::symlink_status(target, ec);
  if (fs::exists(st) && !fs::is_regular_file(st)) {
    diags.error(
        {path, 0, 0},
        fs::is_directory(st)
            ? "the output is a folder; give a file name, e.g. " + (target / "brochure.pdf").string()
            : "the output exists and is not a regular file; not replacing it");
    return false;
  }
  return true;
}

std::string cannot_write(int err) { return std::string("cannot write: ") + std::strerror(err); }

}  // namespace

std::vector<bool> check_outputs(const std::vector<OutputFile>& outputs, Diagnostics& diags,
                                const std::vector<std::string>& more_inputs) {
  std::vector<bool> ok(outputs.size(), true);
  // A mapped input (a font) truncated or written in place while the run read it: what was
  // made from it is not what the file says; nothing is written.
  if (const auto changed = changed_inputs(); !changed.empty()) {
    for (const std::string& path : changed)
      diags.error({path, 0, 0}, "the file changed while it was being read; nothing written")
          .hints.push_back(
              "run again once the file is written (save it under a new name and rename it over the "
              "old one to replace it safely)");
    return std::vector<bool>(outputs.size(), false);
  }
  std::map<FileId, std::string> inputs;
  for (const FileRead& f : files_read()) {
    // An input counts as it is now: a file replaced since it was read (saved by rename
    // under `plaquette watch`, which reads it again) no longer holds that inode, and the
    // file system may give the freed number to a new output.
    struct stat st;
    if (::stat(f.path.c_str(), &st) == 0 && FileId{st.st_dev, st.st_ino} == f.id)
      inputs.emplace(f.id, f.path);
  }
  for (const std::string& path : more_inputs) {
    struct stat st;
    if (::stat(path.c_str(), &st) == 0) inputs.emplace(FileId{st.st_dev, st.st_ino}, path);
  }
  std::map<Identity, std::size_t> seen;
  for (std::size_t i = 0; i < outputs.size(); ++i) {
    const OutputFile& o = outputs[i];
    const Identity id = identify(o.path);
    if (id.kind == 0) {
      if (auto in = inputs.find(id.id); in != inputs.end()) {
        diags
            .error(at(o), o.what + " '" + o.path + "' is the same file as '" + in->second +
                              "', an input of this run; not overwriting it")
            .hints.push_back("write the output to another file");
        ok[i] = false;
        continue;
      }
    }
    auto [it, added] = seen.emplace(id, i);
    if (!added) {
      const OutputFile& first = outputs[it->second];
      diags
          .error(at(o), o.what + " '" + o.path + "' is the same file as '" + first.path +
                            "', another output of this run")
          .hints.push_back(
              "a folder reached through a symbolic link, or a repeated name: give "
              "each output its own file");
      ok[i] = false;
      ok[it->second] = false;
    }
  }
  return ok;
}

std::optional<Temporary> write_temporary(const std::string& path, const std::string& bytes,
                                         bool create_folder, Diagnostics& diags, bool sync) {
  if (!replaceable(path, diags)) return std::nullopt;
  const fs::path target(path);
  const fs::path dir = target.parent_path();
  std::error_code ec;
  std::vector<std::string> created;
  std::vector<int> folders;
  auto abandon = [&] { remove_created_folders(Temporary{{}, -1, created, folders}); };
  // A short name of its own, not derived from the target's: a legal 255-byte file name
  // must not become an illegal temporary one.
  std::string tmpl = (dir.empty() ? fs::path(".") : dir).string() + "/.plaquette-XXXXXX";
  std::vector<char> name(tmpl.begin(), tmpl.end());
  name.push_back('\0');
  int fd = -1, handle = -1;
  {
    // From before the folders and the file exist until they are tracked: a signal's
    // handler waits for this.
    const TempFileMaking making;
    if (cleanup_started()) {  // interrupted: the process is ending
      diags.error({path, 0, 0}, "interrupted; nothing written");
      return std::nullopt;
    }
    if (!dir.empty() && !fs::is_directory(dir, ec)) {
      if (!create_folder) {
        diags.error({path, 0, 0}, "folder " + dir.string() + " does not exist");
        return std::nullopt;
      }
      // Remembered, so that a failed or interrupted run can remove what it made.
      for (fs::path d = dir; !d.empty() && !fs::exists(fs::symlink_status(d, ec));
           d = d.parent_path())
        created.insert(created.begin(), d.string());
      fs::create_directories(dir, ec);
      for (const std::string& c : created) folders.push_back(track_temp_folder(c.c_str()));
      if (ec) {
        diags.error({path, 0, 0}, "cannot create folder " + dir.string() + ": " + ec.message());
        abandon();
        return std::nullopt;
      }
    }
    fd = ::mkstemp(name.data());
    if (fd >= 0) handle = track_temp_file(name.data());
  }
  if (fd < 0) {
    diags.error({path, 0, 0}, cannot_write(errno));
    abandon();
    return std::nullopt;
  }
  const char* p = bytes.data();
  std::size_t left = bytes.size();
  bool ok = true;
  while (left > 0) {
    const ssize_t n = ::write(fd, p, left);
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
  ok = ok && ::fchmod(fd, 0644) == 0 && (!sync || ::fsync(fd) == 0);
  if (!ok) saved = errno;
  if (::close(fd) != 0 && ok) {
    ok = false;
    saved = errno;
  }
  if (!ok) {
    ::unlink(name.data());
    untrack_temp_file(handle);
    diags.error({path, 0, 0}, cannot_write(saved));
    abandon();
    return std::nullopt;
  }
  return Temporary{name.data(), handle, std::move(created), std::move(folders)};
}

bool sync_folders(const std::vector<std::string>& paths) {
  std::map<dev_t, std::string> folders;
  for (const std::string& p : paths) {
    const fs::path dir =
        fs::path(p).parent_path().empty() ? fs::path(".") : fs::path(p).parent_path();
    struct stat st;
    if (::stat(dir.c_str(), &st) == 0) folders.emplace(st.st_dev, dir.string());
  }
  bool ok = true;
  for (const auto& [dev, dir] : folders) {
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    ok = ok && fd >= 0 && ::syncfs(fd) == 0;
    if (fd >= 0) ::close(fd);
  }
  return ok;
}

bool commit_temporary(const Temporary& t, const std::string& path, Diagnostics& diags) {
  const bool ok = std::rename(t.path.c_str(), path.c_str()) == 0;
  const int saved = errno;
  if (!ok) ::unlink(t.path.c_str());
  untrack_temp_file(t.handle);
  for (int h : t.folder_handles) untrack_temp_file(h);
  if (!ok) diags.error({path, 0, 0}, cannot_write(saved));
  return ok;
}

void discard_temporary(const Temporary& t) {
  ::unlink(t.path.c_str());
  untrack_temp_file(t.handle);
}

void remove_created_folders(const Temporary& t) {
  // rmdir only removes an empty folder: anything put there since is kept.
  for (auto it = t.created.rbegin(); it != t.created.rend(); ++it) ::rmdir(it->c_str());
  for (int h : t.folder_handles) untrack_temp_file(h);
}

bool write_atomically(const std::string& path, const std::string& bytes, bool create_folder,
                      Diagnostics& diags) {
  OutputFile output;
  output.path = path;
  if (!check_outputs({output}, diags)[0]) return false;
  auto tmp = write_temporary(path, bytes, create_folder, diags);
  if (!tmp) return false;
  // Checked again: the folder may have been created just now.
  if (!check_outputs({output}, diags)[0]) {
    discard_temporary(*tmp);
    remove_created_folders(*tmp);
    return false;
  }
  return commit_temporary(*tmp, path, diags);
}

bool write_files_atomically(const std::string& dir,
                            const std::vector<std::pair<std::string, std::string>>& files,
                            Diagnostics& diags) {
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
    for (const Temporary& t : temps) discard_temporary(t);
    if (created) fs::remove(folder, ec);  // only ever empty: nothing was renamed into it
  };
  std::vector<OutputFile> outputs;
  for (const auto& file : files) outputs.emplace_back().path = file.first;
  for (bool ok : check_outputs(outputs, diags)) {
    if (!ok) {
      undo();
      return false;
    }
  }
  for (const auto& [path, bytes] : files) {
    auto tmp = write_temporary(path, bytes, false, diags);
    if (!tmp) {
      undo();
      return false;
    }
    temps.push_back(std::move(*tmp));
  }
  for (std::size_t i = 0; i < files.size(); ++i) {
    // Renames within one folder only fail when the folder changes under us; what was
    // already renamed stays, the rest is cleaned up.
    if (!commit_temporary(temps[i], files[i].first, diags)) {
      for (std::size_t j = i + 1; j < temps.size(); ++j) discard_temporary(temps[j]);
      return false;
    }
  }
  return true;
}

void remove_stale_pages(const std::string& dir, const std::string& prefix, const std::string& ext,
                        std::size_t pages) {
  std::error_code ec;
  std::vector<fs::path> stale;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.size() <= prefix.size() + ext.size() || name.compare(0, prefix.size(), prefix) != 0 ||
        name.compare(name.size() - ext.size(), ext.size(), ext) != 0)
      continue;
    const std::string number = name.substr(prefix.size(), name.size() - prefix.size() - ext.size());
    if (number.size() > 9 || number.find_first_not_of("0123456789") != std::string::npos ||
        number[0] == '0' || std::stoul(number) <= pages)
      continue;
    std::error_code type_ec;
    if (it->symlink_status(type_ec).type() == fs::file_type::regular) stale.push_back(it->path());
  }
  for (const fs::path& p : stale) fs::remove(p, ec);
}

}  // namespace plaquette::cli

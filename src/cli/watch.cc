#include "cli/watch.h"

#include <poll.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <map>
#include <optional>
#include <ostream>
#include <set>
#include <thread>
#include <tuple>
#include <utility>

#include "base/file.h"
#include "cli/batch.h"
#include "cli/output.h"
#include "cli/paths.h"

namespace plaquette::cli {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// A path as the watchers and the dependency sets compare it: absolute and normalised, so
// that "layouts/../fonts/x.ttf" and "fonts/x.ttf" are one file.
std::string key_of(const std::string& path) {
  std::error_code ec;
  fs::path abs = fs::absolute(path, ec);
  if (ec) abs = path;
  return abs.lexically_normal().string();
}

// inotify on the folders of the watched files.
class InotifyWatcher final : public FileWatcher {
 public:
  explicit InotifyWatcher(int fd) : fd_(fd) {}
  ~InotifyWatcher() override { ::close(fd_); }

  void watch(const std::vector<std::string>& files) override {
    std::map<std::string, std::set<std::string>> wanted;  // folder → names
    for (const std::string& f : files) {
      const fs::path p(f);
      wanted[p.parent_path().string()].insert(p.filename().string());
    }
    // Folders no longer needed lose their watch; new ones get one.
    for (auto it = folders_.begin(); it != folders_.end();) {
      if (wanted.count(it->first)) {
        ++it;
        continue;
      }
      if (it->second.wd >= 0) {
        ::inotify_rm_watch(fd_, it->second.wd);
        by_wd_.erase(it->second.wd);
      }
      it = folders_.erase(it);
    }
    for (auto& [dir, names] : wanted) {
      Folder& f = folders_[dir];
      f.names = std::move(names);
      if (f.wd < 0) add(dir, f);
    }
    changed_.clear();
  }

  std::vector<std::string> wait(int timeout_ms) override {
    const auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
    while (true) {
      retry_missing();
      drain();
      if (!changed_.empty()) break;
      const auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
      if (left <= 0) break;
      // A folder that is gone is looked for again every 50 ms.
      const bool missing = std::any_of(folders_.begin(), folders_.end(),
                                       [](const auto& f) { return f.second.wd < 0; });
      pollfd p{fd_, POLLIN, 0};
      ::poll(&p, 1, static_cast<int>(missing ? std::min<long>(left, 50) : left));
    }
    std::vector<std::string> out(changed_.begin(), changed_.end());
    changed_.clear();
    return out;
  }

  std::string describe() const override { return "inotify"; }
  std::size_t watched() const override { return folders_.size(); }

 private:
  struct Folder {
    int wd = -1;
    std::set<std::string> names;
  };

  static constexpr uint32_t kMask =
      IN_CLOSE_WRITE | IN_MOVED_TO | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR | IN_EXCL_UNLINK;

  // Watches a folder; a missing one stays at -1 and is retried.
  bool add(const std::string& dir, Folder& f) {
    const int wd = ::inotify_add_watch(fd_, dir.c_str(), kMask);
    if (wd < 0) return false;
    f.wd = wd;
    by_wd_[wd] = dir;
    return true;
  }

  // A folder watched again after it was replaced or removed: its files may all have changed.
  void retry_missing() {
    for (auto& [dir, f] : folders_) {
      if (f.wd >= 0 || !add(dir, f)) continue;
      for (const std::string& name : f.names) changed_.insert((fs::path(dir) / name).string());
    }
  }

  void drain() {
    alignas(inotify_event) char buf[16384];
    while (true) {
      const ssize_t n = ::read(fd_, buf, sizeof buf);
      if (n <= 0) return;  // EAGAIN: nothing more for now
      for (ssize_t i = 0; i < n;) {
        const auto* e = reinterpret_cast<const inotify_event*>(buf + i);
        i += static_cast<ssize_t>(sizeof(inotify_event) + e->len);
        if (e->mask & IN_Q_OVERFLOW) {
          // Events were lost: every file may have changed.
          for (const auto& [dir, f] : folders_)
            for (const std::string& name : f.names)
              changed_.insert((fs::path(dir) / name).string());
          continue;
        }
        auto it = by_wd_.find(e->wd);
        if (it == by_wd_.end()) continue;
        const std::string dir = it->second;
        Folder& f = folders_[dir];
        if (e->mask & (IN_DELETE_SELF | IN_MOVE_SELF | IN_IGNORED)) {
          // The folder was removed or renamed away (a watch follows the inode, not the
          // name): watch the name again once a folder is back under it.
          if (!(e->mask & IN_IGNORED)) ::inotify_rm_watch(fd_, e->wd);
          by_wd_.erase(it);
          f.wd = -1;
          continue;
        }
        if (e->len == 0) continue;
        const std::string name(e->name);
        if (f.names.count(name)) changed_.insert((fs::path(dir) / name).string());
      }
    }
  }

  int fd_;
  std::map<std::string, Folder> folders_;
  std::map<int, std::string> by_wd_;
  std::set<std::string> changed_;
};

// Compares each file's status every interval.
class PollWatcher final : public FileWatcher {
 public:
  explicit PollWatcher(int interval_ms) : interval_ms_(interval_ms) {}

  void watch(const std::vector<std::string>& files) override {
    std::map<std::string, Status> next;
    for (const std::string& f : files) {
      auto it = status_.find(f);
      next[f] = it != status_.end() ? it->second : status(f);
    }
    status_ = std::move(next);
  }

  std::vector<std::string> wait(int timeout_ms) override {
    const auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
    while (true) {
      std::vector<std::string> changed;
      for (auto& [path, old] : status_) {
        Status now = status(path);
        if (now != old) changed.push_back(path), old = now;
      }
      if (!changed.empty()) return changed;
      const auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
      if (left <= 0) return {};
      std::this_thread::sleep_for(std::chrono::milliseconds(std::min<long>(left, interval_ms_)));
    }
  }

  std::string describe() const override {
    return "polling every " + std::to_string(interval_ms_) + " ms";
  }
  std::size_t watched() const override { return status_.size(); }

 private:
  // Nothing for a file that is missing.
  using Status = std::optional<FileStamp>;

  static Status status(const std::string& path) { return file_stamp(path); }

  int interval_ms_;
  std::map<std::string, Status> status_;
};

// The time of day, for status lines.
std::string clock_time() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  ::localtime_r(&now, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%H:%M:%S", &tm);
  return buf;
}

double ms_since(Clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

// One edition being watched.
struct Target {
  std::string name;            ///< for status lines: the edition's name, or its output
  EditionSpec spec;            ///< what to build
  std::string output;          ///< its PDF; "" = out/<stem>.pdf (the locale known once loaded)
  std::set<std::string> deps;  ///< keys of every file its last builds asked for
  bool create_folder = false;  ///< the output's folder is made when missing (default names)
};

// What one build of one target gave.
struct Built {
  bool ok = false;
  std::size_t pages = 0, proof_pages = 0;
  std::string output;  ///< the PDF, when known
};

Built build(Target& t, const WatchOptions& o, text::FontCache& fonts, Diagnostics& diags) {
  Built b;
  ReadLog log;
  try {
    auto laid = lay_out(t.spec, fonts, diags);
    if (laid) {
      b.pages = laid->doc.pages.size();
      b.output = t.output.empty()
                     ? "out/" + output_stem(t.spec.data, t.spec.layout, laid->locale) + ".pdf"
                     : t.output;
      auto pdf = render_pdf(laid->doc, diags);
      std::optional<std::vector<std::string>> pages;
      if (pdf && o.proof) pages = render_proof(laid->doc, o.proof_options, diags);
      if (pdf && !diags.has_errors() && (!o.proof || pages))
        b.ok = write_atomically(b.output, *pdf, t.create_folder, diags);
      if (b.ok && pages) {
        // Beside the PDF, named after it: out/x.fr.pdf → out/x.fr-p1.png, ...
        const fs::path pdf_path(b.output);
        const std::string dir =
            pdf_path.parent_path().empty() ? "." : pdf_path.parent_path().string();
        const std::string prefix = pdf_path.stem().string() + "-p";
        const char* ext = o.proof_options.format == render::cairo::Format::png ? ".png" : ".svg";
        std::vector<std::pair<std::string, std::string>> files;
        for (std::size_t i = 0; i < pages->size(); ++i)
          files.emplace_back((fs::path(dir) / (prefix + std::to_string(i + 1) + ext)).string(),
                             std::move((*pages)[i]));
        b.proof_pages = files.size();
        b.ok = write_files_atomically(dir, files, diags);
        if (b.ok) remove_stale_pages(dir, prefix, ext, b.proof_pages);
      }
    }
  } catch (const std::exception& e) {
    diags.error({}, std::string("internal error: ") + e.what() + " (please report this bug)");
    b.ok = false;
  }
  // A failed build may have stopped before reading some files (fonts are not read when the
  // data is broken): what earlier builds read stays watched.
  std::set<std::string> deps;
  for (const std::string& p : log.paths()) deps.insert(key_of(p));
  // Fonts loaded by an earlier build are served from the cache, unread: they stay deps.
  for (const text::Font* f : fonts.fonts()) deps.insert(key_of(f->path()));
  if (b.ok)
    t.deps = std::move(deps);
  else
    t.deps.insert(deps.begin(), deps.end());
  return b;
}

// The targets of the run: one edition, or every edition of the list (nothing when the
// list has errors, recorded in `diags`; its own path is then all there is to watch).
std::optional<std::vector<Target>> targets(const WatchOptions& o, Diagnostics& diags) {
  if (o.editions.empty()) {
    Target t;
    t.name = o.output;
    t.spec = o.spec;
    t.output = o.output;
    t.create_folder = o.output.empty();
    return std::vector<Target>{t};
  }
  auto list = o.load_editions ? o.load_editions(diags) : std::nullopt;
  if (!list) return std::nullopt;
  // Per-item entries (`each:`) expanded as `build` does: one target per item.
  BatchOptions batch;
  batch.allow_fallback = o.spec.allow_fallback;
  batch.allow_paths = o.spec.allow_paths;
  Sources sources;
  const std::size_t errors = diags.error_count();
  const std::vector<EditionJob> jobs = expand_editions(*list, batch, sources, diags);
  if (diags.error_count() != errors) return std::nullopt;
  std::vector<Target> out;
  for (const EditionJob& j : jobs) {
    Target t;
    t.name = j.name();
    t.spec = spec_of(j, batch);
    t.output = j.output();
    t.create_folder = true;  // as `build` does for an editions list
    out.push_back(std::move(t));
  }
  return out;
}

}  // namespace

std::unique_ptr<FileWatcher> make_inotify_watcher(std::string& error) {
  const int fd = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (fd < 0) {
    error = std::strerror(errno);
    return nullptr;
  }
  return std::make_unique<InotifyWatcher>(fd);
}

std::unique_ptr<FileWatcher> make_poll_watcher(int interval_ms) {
  return std::make_unique<PollWatcher>(interval_ms);
}

int watch(const WatchOptions& o, std::ostream& out, std::ostream& err) {
  std::unique_ptr<FileWatcher> watcher;
  if (o.poll) {
    watcher = make_poll_watcher(o.poll_ms);
  } else {
    std::string error;
    watcher = make_inotify_watcher(error);
    if (!watcher) {
      err << "plaquette: error: cannot watch files with inotify: " << error
          << "\n  hint: use --poll, which compares the files' status instead\n";
      return 2;
    }
  }
  auto fonts = std::make_unique<text::FontCache>(text::FontChecks::without_trial_subset);
  std::vector<Target> all;
  bool listed = false;  // the editions list loaded without errors
  int status = 1;
  unsigned rebuilds = 0;
  bool first = true;
  std::set<std::string> changed;

  while (true) {
    const auto t0 = Clock::now();
    Diagnostics diags;
    // Which targets to build: all of them at first and when the editions list changed (or
    // the data of a per-item entry, whose items may have changed), else those that read a
    // changed file.
    std::vector<std::size_t> chosen;
    const bool items_changed = std::any_of(all.begin(), all.end(), [&](const Target& t) {
      return !t.spec.each.empty() && changed.count(key_of(t.spec.data));
    });
    const bool reload = !o.editions.empty() &&
                        (first || !listed || items_changed || changed.count(key_of(o.editions)));
    if (first || reload) {
      if (auto t = targets(o, diags)) {
        all = std::move(*t);
        listed = true;
      } else {
        all.clear();
        listed = false;
      }
      for (std::size_t i = 0; i < all.size(); ++i) chosen.push_back(i);
    } else {
      for (std::size_t i = 0; i < all.size(); ++i)
        if (std::any_of(changed.begin(), changed.end(),
                        [&](const std::string& c) { return all[i].deps.count(c) > 0; }))
          chosen.push_back(i);
    }
    // A font that changed is loaded again: the cache would keep the old one.
    for (const text::Font* f : fonts->fonts())
      if (changed.count(key_of(f->path()))) {
        fonts = std::make_unique<text::FontCache>(text::FontChecks::without_trial_subset);
        break;
      }

    std::size_t ok = 0, pages = 0, proof_pages = 0;
    std::vector<std::string> failed, outputs;
    for (std::size_t i : chosen) {
      Built b = build(all[i], o, *fonts, diags);
      if (b.ok) {
        ++ok;
        pages += b.pages;
        proof_pages += b.proof_pages;
        outputs.push_back(b.output);
      } else {
        failed.push_back(all[i].name.empty() ? b.output : all[i].name);
      }
    }
    diags.print(err);
    err.flush();
    const double ms = ms_since(t0);
    const bool failure = !listed && !o.editions.empty() ? true : !failed.empty();
    status = failure ? 1 : 0;
    if (!o.quiet || failure) {
      std::string line = clock_time() + " ";
      char time[32];
      std::snprintf(time, sizeof time, "%.0f ms", ms);
      if (!o.editions.empty() && !listed) {
        line += "failed: the editions list has errors; nothing built";
      } else if (chosen.empty()) {
        line += "nothing to rebuild";
      } else if (o.editions.empty()) {
        if (failure)
          line += "failed: " + counted(diags.error_count(), "error") + "; " +
                  (first ? "nothing written" : "the last good PDF is kept");
        else
          line += std::string(first ? "built " : "rebuilt ") + outputs[0] + " (" +
                  counted(pages, "page") +
                  (o.proof ? ", " + counted(proof_pages,
                                            o.proof_options.format == render::cairo::Format::png
                                                ? "PNG page"
                                                : "SVG page")
                           : "") +
                  ", " + time + ")";
      } else {
        line += std::string(first ? "built " : "rebuilt ") + std::to_string(ok) + " of " +
                counted(chosen.size(), "edition") + " (" + counted(pages, "page") + ", " + time +
                ")";
        if (!failed.empty()) {
          line += "; failed: ";
          for (std::size_t i = 0; i < failed.size(); ++i) line += (i ? ", " : "") + failed[i];
          line += first ? "" : " (their last good PDFs are kept)";
        }
      }
      out << line << "\n";
    }
    // What to watch: every file any target asked for, and the editions list.
    std::set<std::string> files;
    if (!o.editions.empty()) files.insert(key_of(o.editions));
    for (const Target& t : all) files.insert(t.deps.begin(), t.deps.end());
    watcher->watch({files.begin(), files.end()});
    if (first && !o.quiet)
      out << "watching " << counted(files.size(), "file") << " ("
          << (o.poll ? watcher->describe() : "inotify on " + counted(watcher->watched(), "folder"))
          << "); Ctrl-C stops\n";
    out.flush();
    first = false;
    if (o.max_rebuilds && rebuilds++ >= o.max_rebuilds) return status;

    // Wait for a change, then for the changes to settle (an editor's save is a burst of
    // events: a backup renamed, the new file written, renamed, its mode set).
    changed.clear();
    while (changed.empty())
      for (std::string& c : watcher->wait(1000)) changed.insert(std::move(c));
    while (true) {
      auto more = watcher->wait(o.debounce_ms);
      if (more.empty()) break;
      changed.insert(more.begin(), more.end());
    }
  }
}

}  // namespace plaquette::cli

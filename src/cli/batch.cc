#include "cli/batch.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <set>
#include <sstream>
#include <thread>

#include "base/sha256.h"
#include "cli/cleanup.h"
#include "cli/output.h"
#include "cli/pipeline.h"

#ifndef PLAQUETTE_VERSION
#define PLAQUETTE_VERSION "unknown"
#endif

namespace plaquette::cli {
namespace {

using Job = EditionJob;

namespace fs = std::filesystem;
using nlohmann::json;

// A manifest bigger than this is refused (a line is a few hundred bytes: ~100 000 editions).
constexpr std::size_t kMaxManifestBytes = 64u << 20;
// Failed editions named in the summary line; the others are counted.
constexpr std::size_t kMaxNamed = 20;

}  // namespace

EditionSpec spec_of(const EditionJob& j, const BatchOptions& opt) {
  EditionSpec s{j.entry->data, j.entry->layout,    j.entry->locale,
                false,         opt.allow_fallback, opt.allow_paths};
  s.each = j.entry->each;
  s.as = j.entry->as;
  s.item = j.item_index();
  return s;
}

std::vector<EditionJob> expand_editions(const std::vector<model::EditionEntry>& entries,
                                        const BatchOptions& opt, Sources& sources,
                                        Diagnostics& diags) {
  std::vector<Job> jobs;
  jobs.reserve(entries.size());  // exact without per-item entries
  std::map<std::string, const Job*> names;
  for (const model::EditionEntry& e : entries) {
    if (e.each.empty()) {
      jobs.push_back({&e, nullptr});
      continue;
    }
    Job probe{&e, nullptr};
    const std::size_t before = diags.error_count();
    auto tree = pipeline::bindings(spec_of(probe, opt), sources, diags);
    if (!tree) {
      if (diags.error_count() == before)
        diags.error(e.pos, "edition `" + e.name + "`: its data cannot be read");
      continue;
    }
    const figures::Value* list = tree->find(e.each);
    if (!list || list->kind != figures::Value::Kind::list || list->items.empty()) {
      diags.error(e.pos, "edition `" + e.name + "`: `each: " + e.each + "` is " +
                             (!list                                      ? "not in the data"
                              : list->kind != figures::Value::Kind::list ? "not a list"
                                                                         : "an empty list"));
      continue;
    }
    for (std::size_t i = 0; i < list->items.size(); ++i) {
      const figures::Value& item = list->items[i];
      auto lookup = [&](const std::string& path) -> std::optional<std::string> {
        const figures::Value* v = path.empty() ? &item : item.find(path);
        if (!v) return std::nullopt;
        if (v->kind == figures::Value::Kind::string) return v->string;
        if (v->kind == figures::Value::Kind::number && v->integer)
          return std::to_string(static_cast<long long>(v->number));
        return std::nullopt;
      };
      const std::string what = "edition `" + e.name + "`, item " + std::to_string(i + 1);
      auto name =
          model::expand_item_name(e.name, e.as, e.name_pos(), what + ": name", lookup, diags);
      auto output =
          model::expand_item_name(e.output, e.as, e.output_pos(), what + ": output", lookup, diags);
      if (!name || !output) break;  // reported once for the entry, not once per item
      jobs.push_back({&e, std::make_unique<const Job::Item>(
                              Job::Item{i, std::move(*name), std::move(*output)})});
    }
  }
  // Names are unique in the list; items may still give two editions one name.
  for (const Job& j : jobs) {
    auto [it, added] = names.emplace(j.name(), &j);
    if (!added)
      diags.error(j.entry->name_line ? j.entry->name_pos() : j.entry->pos,
                  "two editions are named `" + j.name() + "`");
  }
  return jobs;
}

namespace {

std::uint64_t fnv1a(const std::string& s) {
  std::uint64_t h = 1469598103934665603ull;
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
  return h;
}

// Files hashed once per run (a font or a layout is an input of every edition).
class HashCache {
 public:
  std::string of(const std::string& path) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (auto it = hashes_.find(path); it != hashes_.end()) return it->second;
    }
    std::ifstream in(path, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), {});
    const std::string h = in || in.eof() ? sha256_hex(bytes) : std::string();
    std::lock_guard<std::mutex> lock(mutex_);
    return hashes_.emplace(path, h).first->second;
  }

 private:
  std::mutex mutex_;
  std::map<std::string, std::string> hashes_;
};

// The files an edition reads: its data, its layout and those it extends, its catalogs,
// fonts, output profile and other named files.
std::vector<std::string> inputs_of(const EditionSpec& spec, const std::string& locale,
                                   Sources& sources) {
  std::set<std::string> in{spec.data, spec.layout};
  Diagnostics ignored;
  if (const layout::Layout* l = sources.layout(spec.layout, ignored)) {
    for (const auto& [file, pos] : l->bases) in.insert(file);
    for (const auto& [key, file] : l->fonts) in.insert(file);
    for (const auto& f : l->files) in.insert(f.path);
    if (!l->page.output_profile.empty()) in.insert(l->page.output_profile);
  }
  in.insert(layout::catalog_path(spec.layout, locale));
  model::EditionState state;
  if (const model::Edition* e = sources.edition(spec.data, ignored, state);
      e && state.source_locale && e->source_locale.value != locale)
    in.insert(layout::catalog_path(spec.layout, e->source_locale.value));
  return {in.begin(), in.end()};
}

// Nanoseconds of a file's last change, or -1 when it cannot be read.
long long mtime_ns(const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) return -1;
  return static_cast<long long>(st.st_mtim.tv_sec) * 1000000000ll + st.st_mtim.tv_nsec;
}

// The lines of an existing manifest, by output; a missing manifest is an empty one.
bool read_manifest(const std::string& path, std::map<std::string, json>& lines,
                   Diagnostics& diags) {
  std::error_code ec;
  if (!fs::exists(path, ec)) return true;
  if (!fs::is_regular_file(path, ec) || fs::file_size(path, ec) > kMaxManifestBytes) {
    diags.error({path, 0, 0}, "the manifest is not a regular file of at most 64 MiB");
    return false;
  }
  std::ifstream in(path, std::ios::binary);
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    if (line.empty()) continue;
    json j = json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object() || !j.contains("output") || !j["output"].is_string()) {
      diags.error({path, n, 1}, "not a manifest line (a JSON object with an `output`)");
      return false;
    }
    std::string output = j["output"].get<std::string>();
    lines[output] = std::move(j);
  }
  return true;
}

// True when the manifest line says `job` was built from the same inputs as today's, and the
// output is still that file and newer than every input.
bool up_to_date(const Job& job, const json& line, HashCache& hashes) {
  const model::EditionEntry& e = *job.entry;
  auto str = [&](const char* key) {
    return line.contains(key) && line[key].is_string() ? line[key].get<std::string>() : "";
  };
  if (str("name") != job.name() || str("data") != e.data || str("layout") != e.layout ||
      str("locale") != e.locale || str("plaquette") != PLAQUETTE_VERSION)
    return false;
  if (!line.contains("bytes") || !line["bytes"].is_number_unsigned() || !line.contains("inputs") ||
      !line["inputs"].is_array())
    return false;
  std::error_code ec;
  if (fs::file_size(job.output(), ec) != line["bytes"].get<std::uint64_t>() || ec) return false;
  const long long built = mtime_ns(job.output());
  for (const json& input : line["inputs"]) {
    if (!input.is_object() || !input.contains("path") || !input.contains("sha256") ||
        !input["path"].is_string() || !input["sha256"].is_string())
      return false;
    const std::string path = input["path"].get<std::string>();
    const long long t = mtime_ns(path);
    if (t < 0 || t >= built || hashes.of(path) != input["sha256"].get<std::string>()) return false;
  }
  return true;
}

enum class Mode { build, check };

OutputFile manifest_output(const BatchOptions& opt) {
  OutputFile m;
  m.path = opt.manifest;
  m.what = "the manifest";
  return m;
}

// The manifest lines of a batch, written to an unnamed temporary file as they are made and
// read back in list order when the manifest is written: a line is ~1.5 KB (every input and
// its SHA-256), and thousands of them held until the end would be megabytes. In memory when
// no temporary file can be made or written. Thread-safe for add().
class LineStore {
 public:
  struct Line {
    std::uint64_t at = 0;    ///< its place in the file, or its key in `memory_`
    std::uint32_t size = 0;  ///< 0: none
    bool in_memory = false;  ///< it could not go to the file
  };
  LineStore() : file_(std::tmpfile()) {}
  ~LineStore() {
    if (file_) std::fclose(file_);
  }
  LineStore(const LineStore&) = delete;
  LineStore& operator=(const LineStore&) = delete;

  Line add(std::string text) {
    Line line;
    if (text.empty()) return line;
    if (file_ && text.size() < UINT32_MAX) {
      const std::uint64_t at = end_.fetch_add(text.size());
      if (::pwrite(::fileno(file_), text.data(), text.size(), static_cast<off_t>(at)) ==
          static_cast<ssize_t>(text.size())) {
        line.at = at;
        line.size = static_cast<std::uint32_t>(text.size());
        return line;
      }
    }
    line.size = static_cast<std::uint32_t>(std::min<std::size_t>(text.size(), UINT32_MAX));
    line.in_memory = true;
    std::lock_guard<std::mutex> lock(memory_mutex_);
    line.at = memory_.size();
    memory_.emplace(line.at, std::move(text));
    return line;
  }
  /// Appends the line and a line end to `out`; false when it cannot be read back.
  bool append(const Line& line, std::string& out) const {
    if (line.size == 0) return true;
    if (line.in_memory) {
      std::lock_guard<std::mutex> lock(memory_mutex_);
      out += memory_.at(line.at);
      out += '\n';
      return true;
    }
    const std::size_t from = out.size();
    out.resize(from + line.size);
    if (::pread(::fileno(file_), out.data() + from, line.size, static_cast<off_t>(line.at)) !=
        static_cast<ssize_t>(line.size)) {
      out.resize(from);
      return false;
    }
    out += '\n';
    return true;
  }

 private:
  std::FILE* file_;
  std::atomic<std::uint64_t> end_{0};
  mutable std::mutex memory_mutex_;
  std::map<std::uint64_t, std::string> memory_;  ///< lines the file could not take
};

// What a batch keeps of an edition until the end, when the temporaries are renamed all or
// nothing: one per edition, so as little as that needs (a batch of 3 000 editions must not
// hold 3 000 sets of diagnostics, JSON trees or paths): ~70 bytes.
struct Outcome {
  static constexpr std::uint64_t kNotSpooled = UINT64_MAX;
  std::unique_ptr<Diagnostics> diags;  ///< its problems, when it had any
  /// The PDF, written to a temporary file beside its output: the file's record in the
  /// batch's spool (TemporarySpool), and in `kept` the folders made for it, if any, or the
  /// whole temporary when the spool could not take it.
  std::uint64_t spooled = kNotSpooled;
  std::unique_ptr<Temporary> kept;
  LineStore::Line line;  ///< its manifest line, when written
  std::size_t pages = 0, bytes = 0;
  double ms = 0;
  bool ok = false;
  bool skipped = false;  ///< --incremental: up to date, not built

  bool has_temporary() const { return spooled != kNotSpooled || (kept && !kept->path.empty()); }
  /// Its temporary file; nothing when its record cannot be read back.
  std::optional<Temporary> temporary(const TemporarySpool& spool) const {
    if (spooled == kNotSpooled) return kept ? std::optional<Temporary>(*kept) : std::nullopt;
    auto path = spool.path(spooled);
    if (!path) return std::nullopt;
    if (!kept) return Temporary{std::move(*path), -1, {}, {}};
    return Temporary{std::move(*path), -1, kept->created, kept->folder_handles};
  }
  /// Its temporary file was renamed or removed.
  void forget_temporary(TemporarySpool& spool) {
    if (spooled != kNotSpooled) spool.forget(spooled);
    spooled = kNotSpooled;
    kept.reset();
  }
};

// The outputs of the editions `index` (or of every job), for check_outputs.
std::vector<OutputFile> outputs_of(const std::vector<Job>& jobs,
                                   const std::vector<std::size_t>* index = nullptr) {
  std::vector<OutputFile> outputs;
  const std::size_t n = index ? index->size() : jobs.size();
  outputs.reserve(n);
  for (std::size_t k = 0; k < n; ++k) {
    const Job& j = jobs[index ? (*index)[k] : k];
    outputs.push_back({j.output(), j.entry->pos, "edition `" + j.name() + "`: output"});
  }
  return outputs;
}

int run_batch(const std::vector<model::EditionEntry>& entries, const BatchOptions& opt, Mode mode,
              bool json_out, Diagnostics shared, std::ostream& out, std::ostream& err) {
  const auto start = std::chrono::steady_clock::now();
  const bool building = mode == Mode::build;
  Sources sources;
  std::vector<Job> jobs = expand_editions(entries, opt, sources, shared);
  if (opt.shards) {
    std::erase_if(jobs, [&](const Job& j) {
      return shard_of(j.output(), opt.list_dir, opt.shards) != opt.shard - 1;
    });
  }
  HashCache hashes;
  std::map<std::string, json> manifest;
  if (building && opt.incremental) read_manifest(opt.manifest, manifest, shared);

  // An output that is one of the inputs (the list, what it names, the files read so far),
  // or another edition's output, is refused before anything is built; fonts and profiles
  // are read while building, so the outputs are checked again before the renames.
  std::vector<bool> free(jobs.size(), true);
  // A per-item entry that cannot be named fails (without building anything unless
  // --keep-going, like any edition).
  const bool list_failed = shared.has_errors();
  bool build_none = false;
  if (building) {
    build_none = list_failed && !opt.keep_going;
    std::set<std::string> named;
    for (const Job& j : jobs) {
      named.insert(j.entry->data);
      named.insert(j.entry->layout);
      named.insert(layout::catalog_path(j.entry->layout, j.entry->locale));
    }
    // Made for this check only: kept, they would be one more string per edition.
    std::vector<OutputFile> outputs = outputs_of(jobs);
    if (!opt.manifest.empty()) outputs.push_back(manifest_output(opt));
    std::vector<bool> ok = check_outputs(outputs, shared, {named.begin(), named.end()});
    if (!opt.manifest.empty()) {
      if (!ok.back()) build_none = true;
      ok.pop_back();
    }
    free = ok;
    // All or nothing: with a clash already, nothing will be written, so nothing is built.
    build_none |= !opt.keep_going && std::find(free.begin(), free.end(), false) != free.end();
  }
  text::FontCache fonts(mode == Mode::build ? text::FontChecks::without_trial_subset
                                            : text::FontChecks::with_trial_subset);
  ResourceChecks checks;  // one --allow-path list for the whole batch

  // Editions sharing a data file are made one after the other, so that it is loaded once
  // and dropped after its last edition: memory holds the data of a few editions at a time.
  std::vector<std::size_t> order(jobs.size());
  for (std::size_t i = 0; i < jobs.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return jobs[a].entry->data < jobs[b].entry->data;
  });
  std::map<std::string, std::size_t> users;
  for (const Job& j : jobs) ++users[j.entry->data];
  std::mutex users_mutex;
  auto done_with = [&](const std::string& data) {
    std::lock_guard<std::mutex> lock(users_mutex);
    if (--users[data] == 0) sources.release_edition(data);
  };
  // Data loaded to name per-item editions that this shard does not make.
  for (const model::EditionEntry& e : entries)
    if (!users.count(e.data)) sources.release_edition(e.data);

  LineStore lines;
  TemporarySpool spool;
  std::vector<Outcome> outcomes(jobs.size());
  std::atomic<std::size_t> next{0};
  std::mutex print;
  const bool progress = !opt.quiet && !json_out;
  auto work = [&] {
    for (std::size_t k; (k = next.fetch_add(1)) < order.size();) {
      const std::size_t i = order[k];
      const Job& job = jobs[i];
      Outcome& o = outcomes[i];
      Diagnostics diags;
      if (!free[i] || build_none) {
        done_with(job.entry->data);
        continue;
      }
      const auto t0 = std::chrono::steady_clock::now();
      json record;  // the manifest line, kept as text once complete
      // An exception escaping a thread would end the process without a word: it becomes
      // this edition's failure instead.
      try {
        auto old = manifest.find(job.output());
        if (old != manifest.end() && up_to_date(job, old->second, hashes)) {
          o.skipped = o.ok = true;
          record = old->second;
        } else {
          const EditionSpec spec = spec_of(job, opt);
          auto laid = lay_out(spec, sources, fonts, diags, &checks);
          if (laid) o.pages = laid->doc.pages.size();
          if (!building) {
            o.ok = laid && !diags.has_errors();
          } else {
            std::optional<std::string> pdf;
            if (laid) pdf = render_pdf(laid->doc, diags);
            if (pdf) o.bytes = pdf->size();
            // To disk at once, so that memory holds one PDF per thread, not one per edition.
            if (pdf && !diags.has_errors()) {
              if (auto t = write_temporary(job.output(), *pdf, true, diags, false)) {
                // In the spool, the file needs no slot of its own, nor its path in memory.
                if (auto at = spool.add(t->path)) {
                  untrack_temp_file(t->handle);
                  o.spooled = *at;
                  if (!t->created.empty())
                    o.kept = std::make_unique<Temporary>(
                        Temporary{{}, -1, std::move(t->created), std::move(t->folder_handles)});
                } else {
                  o.kept = std::make_unique<Temporary>(std::move(*t));
                }
              }
            }
            o.ok = o.has_temporary();
            if (o.ok && !opt.manifest.empty()) {
              json inputs = json::array();
              for (const std::string& f : inputs_of(spec, laid->locale, sources))
                inputs.push_back({{"path", f}, {"sha256", hashes.of(f)}});
              record = {{"name", job.name()},
                        {"output", job.output()},
                        {"bytes", o.bytes},
                        {"pages", o.pages},
                        {"sha256", sha256_hex(*pdf)},
                        {"ms", 0},
                        {"data", job.entry->data},
                        {"layout", job.entry->layout},
                        {"locale", job.entry->locale},
                        {"inputs", std::move(inputs)},
                        {"plaquette", PLAQUETTE_VERSION}};
              if (job.item) record["item"] = job.item->index;
            }
          }
        }
      } catch (const std::exception& e) {
        diags.error({}, std::string("internal error: ") + e.what() + " (please report this bug)");
        o.ok = false;
      }
      done_with(job.entry->data);
      o.ms =
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
      if (o.ok && !o.skipped && !record.is_null()) record["ms"] = std::round(o.ms * 10) / 10;
      if (o.ok && !record.is_null()) o.line = lines.add(record.dump());
      if (!diags.all().empty() || diags.error_count() || diags.dropped())
        o.diags = std::make_unique<Diagnostics>(std::move(diags));
      if (!progress) continue;
      char line[512];
      if (o.skipped)
        std::snprintf(line, sizeof line, "[%zu/%zu] %s: up to date\n", i + 1, jobs.size(),
                      job.name().c_str());
      else if (o.ok && building)
        std::snprintf(line, sizeof line, "[%zu/%zu] %s: built (%s, %zu KiB, %.0f ms)\n", i + 1,
                      jobs.size(), job.name().c_str(), counted(o.pages, "page").c_str(),
                      o.bytes / 1024, o.ms);
      else if (o.ok)
        std::snprintf(line, sizeof line, "[%zu/%zu] %s: ok (%s laid out, %.0f ms)\n", i + 1,
                      jobs.size(), job.name().c_str(), counted(o.pages, "page").c_str(), o.ms);
      else
        std::snprintf(line, sizeof line, "[%zu/%zu] %s: failed\n", i + 1, jobs.size(),
                      job.name().c_str());
      std::lock_guard<std::mutex> lock(print);
      out << line << std::flush;
    }
  };
  // One pool for every edition.
  unsigned threads = opt.jobs ? opt.jobs : std::max(1u, std::thread::hardware_concurrency());
  threads =
      static_cast<unsigned>(std::max<std::size_t>(1, std::min<std::size_t>(threads, jobs.size())));
  std::vector<std::thread> workers;
  for (unsigned t = 1; t < threads; ++t) workers.emplace_back(work);
  work();
  for (std::thread& t : workers) t.join();

  // Problems are printed once, whatever the number of editions they affect.
  Diagnostics all = std::move(shared);
  for (Outcome& o : outcomes)
    if (o.diags) all.merge(*o.diags), o.diags.reset();
  const double total_ms = [&] {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
        .count();
  }();
  std::string shard_note;
  if (opt.shards)
    shard_note = ", shard " + std::to_string(opt.shard) + "/" + std::to_string(opt.shards);

  if (!building) {
    std::string failed;
    std::size_t failures = 0;
    for (std::size_t i = 0; i < jobs.size(); ++i) {
      if (outcomes[i].ok) continue;
      if (failures < kMaxNamed) failed += (failed.empty() ? "" : ", ") + jobs[i].name();
      if (failures == kMaxNamed) failed += ", …";
      ++failures;
    }
    failures += list_failed;
    if (json_out) {
      all.print_json(out);
      return all.has_errors() ? 1 : 0;
    }
    all.print(err);
    if (progress) {
      char line[256];
      std::snprintf(line, sizeof line, "%zu of %s ok, nothing written (%.0f ms%s)\n",
                    jobs.size() - failures, counted(jobs.size(), "edition").c_str(), total_ms,
                    shard_note.c_str());
      out << line;
    }
    if (failures) err << "failed editions: " << failed << "\n";
    return failures || all.has_errors() ? 1 : 0;
  }

  // Every input has been read by now: fonts and profiles too.
  std::vector<std::size_t> index;
  for (std::size_t i = 0; i < jobs.size(); ++i)
    if (outcomes[i].has_temporary()) index.push_back(i);
  std::vector<OutputFile> built = outputs_of(jobs, &index);
  if (!opt.manifest.empty()) built.push_back(manifest_output(opt));
  std::vector<bool> clear = check_outputs(built, all);
  built = {};
  bool manifest_clear = true;
  if (!opt.manifest.empty()) {
    manifest_clear = clear.back();
    clear.pop_back();
  }
  // Temporaries whose folders were made for them, for removal once every temporary is gone.
  std::vector<Temporary> discarded;
  // A spool record that cannot be read back (an I/O error of the temporary folder) leaves
  // its file behind: said once.
  bool spool_lost = false;
  auto temporary_of = [&](const Outcome& o) {
    auto t = o.temporary(spool);
    if (!t && !spool_lost) {
      all.error({},
                "cannot read back the list of temporary files; some may be left beside "
                "their outputs as .plaquette-XXXXXX");
      spool_lost = true;
    }
    return t;
  };
  auto discard = [&](Outcome& o) {
    if (auto t = temporary_of(o)) {
      discard_temporary(*t);
      if (!t->created.empty()) discarded.push_back(std::move(*t));
    }
    o.forget_temporary(spool);
  };
  for (std::size_t k = 0; k < index.size(); ++k) {
    if (clear[k]) continue;
    discard(outcomes[index[k]]);
    outcomes[index[k]].ok = false;
  }
  std::string failed;
  std::size_t failures = 0;
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    // Not built because another edition clashed: not a failure of its own.
    if (outcomes[i].ok || (build_none && free[i])) continue;
    // Thousands of editions failing for one reason are named by their first few.
    if (failures < kMaxNamed) failed += (failed.empty() ? "" : ", ") + jobs[i].name();
    if (failures == kMaxNamed) failed += ", …";
    ++failures;
  }
  // A problem of the list (an entry whose items cannot be named) or of the manifest.
  if (list_failed || (build_none && failures == 0)) ++failures;
  // All or nothing: one failed edition and no file is replaced. The renames themselves are
  // one per edition, not one atomic step.
  bool commit = ((failures == 0 && !build_none) || opt.keep_going) && manifest_clear;
  // The temporaries were written without a flush each: their file systems are flushed
  // once, before any rename, so that a rename never lands before its file's bytes.
  if (commit) {
    // One file per folder is enough to name its file system; a temporary is in its
    // output's folder.
    std::map<std::string, std::string> folders;
    for (std::size_t i = 0; i < jobs.size(); ++i)
      if (outcomes[i].has_temporary())
        folders.emplace(fs::path(jobs[i].output()).parent_path().string(), jobs[i].output());
    std::vector<std::string> paths;
    for (auto& [folder, path] : folders) paths.push_back(std::move(path));
    if (!sync_folders(paths)) {
      all.error({}, "cannot flush the new files to disk; nothing written");
      commit = false;
      ++failures;
    }
  }
  std::size_t written = 0, skipped = 0;
  std::vector<std::string> wrote;
  std::string manifest_text;
  bool lines_read = true;
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    Outcome& o = outcomes[i];
    if (o.skipped) {
      ++skipped;
      if (commit) lines_read &= lines.append(o.line, manifest_text);
      continue;
    }
    if (!o.has_temporary()) continue;
    if (!commit) {
      discard(o);
      continue;
    }
    const std::optional<Temporary> t = temporary_of(o);
    const bool renamed = t && commit_temporary(*t, jobs[i].output(), all);
    o.forget_temporary(spool);
    if (renamed) {
      ++written;
      if (!opt.quiet) wrote.push_back(jobs[i].name() + ": wrote " + jobs[i].output());
      lines_read &= lines.append(o.line, manifest_text);
    } else {
      failed += (failed.empty() ? "" : ", ") + jobs[i].name();
      ++failures;
    }
  }
  // Folders made for outputs that were not written go too, once every temporary is gone.
  for (const Temporary& t : discarded) remove_created_folders(t);
  if (commit && !opt.manifest.empty() && !lines_read) {
    all.error({opt.manifest, 0, 0},
              "cannot read back the manifest's lines from their temporary file; manifest not "
              "written");
    ++failures;
  } else if (commit && !opt.manifest.empty() &&
             !write_atomically(opt.manifest, manifest_text, false, all))
    ++failures;
  all.print(err);
  if (!opt.quiet)
    for (const std::string& line : wrote) out << line << "\n";
  if (!opt.quiet || failures) {
    char line[256];
    std::snprintf(line, sizeof line, "%zu of %s written%s in %.0f ms (%s%s)\n", written,
                  counted(jobs.size(), "edition").c_str(),
                  skipped ? (", " + std::to_string(skipped) + " up to date").c_str() : "", total_ms,
                  counted(threads, "thread").c_str(), shard_note.c_str());
    out << line;
  }
  if (failures) {
    if (!failed.empty()) err << "failed editions: " << failed << "\n";
    if (!commit)
      err << (failed.empty() ? "nothing written\n"
                             : "nothing written: every edition must build (--keep-going "
                               "writes the others)\n");
  }
  return failures ? 1 : 0;
}

}  // namespace

std::string counted(std::size_t n, const std::string& singular) {
  return std::to_string(n) + " " + singular + (n == 1 ? "" : "s");
}

bool parse_shard(const std::string& text, BatchOptions& opt) {
  const std::size_t slash = text.find('/');
  if (slash == std::string::npos) return false;
  auto number = [](const std::string& s, unsigned& n) {
    if (s.empty() || s.size() > 6 || s.find_first_not_of("0123456789") != std::string::npos)
      return false;
    n = static_cast<unsigned>(std::stoul(s));
    return true;
  };
  unsigned k = 0, n = 0;
  if (!number(text.substr(0, slash), k) || !number(text.substr(slash + 1), n)) return false;
  if (n == 0 || n > 100000 || k == 0 || k > n) return false;
  opt.shard = k;
  opt.shards = n;
  return true;
}

unsigned shard_of(const std::string& output, const std::string& list_dir, unsigned shards) {
  std::error_code ec;
  const fs::path abs = fs::absolute(output, ec).lexically_normal();
  const fs::path dir = fs::absolute(list_dir.empty() ? "." : list_dir, ec).lexically_normal();
  const std::string key = abs.lexically_relative(dir).generic_string();
  return static_cast<unsigned>(fnv1a(key) % shards);
}

std::string sha256_hex(const std::string& bytes) {
  static const char* hex = "0123456789abcdef";
  std::string s;
  for (uint8_t b : sha256(bytes)) {
    s += hex[b >> 4];
    s += hex[b & 15];
  }
  return s;
}

int build_editions(const std::vector<model::EditionEntry>& editions, const BatchOptions& opt,
                   std::ostream& out, std::ostream& err) {
  return run_batch(editions, opt, Mode::build, false, {}, out, err);
}

int check_editions(const std::vector<model::EditionEntry>& editions, const BatchOptions& opt,
                   bool json, Diagnostics shared, std::ostream& out, std::ostream& err) {
  return run_batch(editions, opt, Mode::check, json, std::move(shared), out, err);
}

}  // namespace plaquette::cli

#include "cli/batch.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <mutex>
#include <optional>
#include <ostream>
#include <thread>

#include "cli/output.h"
#include "cli/pipeline.h"

namespace plaquette::cli {

std::string counted(std::size_t n, const std::string& singular) {
  return std::to_string(n) + " " + singular + (n == 1 ? "" : "s");
}

int build_editions(const std::vector<model::EditionEntry>& editions, const BatchOptions& opt,
                   std::ostream& out, std::ostream& err) {
  const auto start = std::chrono::steady_clock::now();
  // Loading happens here, on one thread; the workers below only read what it loaded.
  Diagnostics shared;
  Sources sources;
  std::vector<EditionSpec> specs;
  for (const model::EditionEntry& e : editions) {
    specs.push_back({e.data, e.layout, e.locale, false, opt.allow_fallback, opt.allow_paths});
    sources.preload(specs.back(), shared);
  }
  // An output that is one of the inputs loaded so far (the list, data, layouts, catalogs),
  // or another edition's output, is refused before anything is built; fonts and profiles
  // are read while building, so the outputs are checked again before the renames.
  std::vector<OutputFile> outputs;
  for (const model::EditionEntry& e : editions)
    outputs.push_back({e.output, e.pos, "edition `" + e.name + "`: output"});
  const std::vector<bool> free = check_outputs(outputs, shared);
  // All or nothing: with a clash already, nothing will be written, so nothing is built.
  const bool build_none =
      !opt.keep_going && std::find(free.begin(), free.end(), false) != free.end();
  text::FontCache fonts;

  struct Outcome {
    Diagnostics diags;
    std::optional<Temporary> temporary;  ///< the PDF, written beside its output
    std::size_t pages = 0, bytes = 0;
    double ms = 0;
  };
  std::vector<Outcome> outcomes(editions.size());
  std::atomic<std::size_t> next{0};
  std::mutex print;
  auto work = [&] {
    for (std::size_t i; (i = next.fetch_add(1)) < editions.size();) {
      if (!free[i] || build_none) continue;
      const auto t0 = std::chrono::steady_clock::now();
      Outcome& o = outcomes[i];
      // An exception escaping a thread would end the process without a word: it becomes
      // this edition's failure instead.
      try {
        auto laid = lay_out(specs[i], sources, fonts, o.diags);
        std::optional<std::string> pdf;
        if (laid) pdf = render_pdf(laid->doc, o.diags);
        if (laid) o.pages = laid->doc.pages.size();
        if (pdf) o.bytes = pdf->size();
        // To disk at once, so that memory holds one PDF per thread, not one per edition.
        if (pdf && !o.diags.has_errors())
          o.temporary = write_temporary(editions[i].output, *pdf, true, o.diags);
      } catch (const std::exception& e) {
        o.diags.error({}, std::string("internal error: ") + e.what() + " (please report this bug)");
      }
      o.ms =
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
      if (!opt.quiet) {
        char line[512];
        if (o.temporary)
          std::snprintf(line, sizeof line, "[%zu/%zu] %s: built (%s, %zu KiB, %.0f ms)\n", i + 1,
                        editions.size(), editions[i].name.c_str(), counted(o.pages, "page").c_str(),
                        o.bytes / 1024, o.ms);
        else
          std::snprintf(line, sizeof line, "[%zu/%zu] %s: failed\n", i + 1, editions.size(),
                        editions[i].name.c_str());
        std::lock_guard<std::mutex> lock(print);
        out << line << std::flush;
      }
    }
  };
  unsigned jobs = opt.jobs ? opt.jobs : std::max(1u, std::thread::hardware_concurrency());
  jobs = static_cast<unsigned>(std::min<std::size_t>(jobs, editions.size()));
  std::vector<std::thread> workers;
  for (unsigned t = 1; t < jobs; ++t) workers.emplace_back(work);
  work();
  for (std::thread& t : workers) t.join();

  // Problems are printed once, whatever the number of editions they affect.
  Diagnostics all = shared;
  for (const Outcome& o : outcomes) all.merge(o.diags);
  // Every input has been read by now: fonts and profiles too.
  std::vector<OutputFile> built;
  std::vector<std::size_t> index;
  for (std::size_t i = 0; i < editions.size(); ++i)
    if (outcomes[i].temporary) built.push_back(outputs[i]), index.push_back(i);
  const std::vector<bool> clear = check_outputs(built, all);
  std::vector<Temporary> discarded;
  for (std::size_t k = 0; k < built.size(); ++k) {
    if (clear[k]) continue;
    discard_temporary(*outcomes[index[k]].temporary);
    discarded.push_back(std::move(*outcomes[index[k]].temporary));
    outcomes[index[k]].temporary.reset();
  }
  std::string failed;
  std::size_t failures = 0;
  for (std::size_t i = 0; i < editions.size(); ++i) {
    if (outcomes[i].temporary || (build_none && free[i])) continue;
    failed += (failed.empty() ? "" : ", ") + editions[i].name;
    ++failures;
  }
  // All or nothing: one failed edition and no file is replaced. The renames themselves are
  // one per edition, not one atomic step.
  const bool commit = (failures == 0 && !build_none) || opt.keep_going;
  std::size_t written = 0;
  std::vector<std::string> wrote;
  for (std::size_t i = 0; i < editions.size(); ++i) {
    if (!outcomes[i].temporary) continue;
    if (commit && commit_temporary(*outcomes[i].temporary, editions[i].output, all)) {
      ++written;
      wrote.push_back(editions[i].name + ": wrote " + editions[i].output);
    } else if (!commit) {
      discard_temporary(*outcomes[i].temporary);
      discarded.push_back(*outcomes[i].temporary);
    } else {
      failed += (failed.empty() ? "" : ", ") + editions[i].name;
      ++failures;
    }
  }
  // Folders made for outputs that were not written go too, once every temporary is gone.
  for (const Temporary& t : discarded) remove_created_folders(t);
  all.print(err);
  if (!opt.quiet)
    for (const std::string& line : wrote) out << line << "\n";
  const double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  if (!opt.quiet || failures) {
    char line[256];
    std::snprintf(line, sizeof line, "%zu of %s written in %.0f ms (%s)\n", written,
                  counted(editions.size(), "edition").c_str(), ms, counted(jobs, "thread").c_str());
    out << line;
  }
  if (failures) {
    err << "failed editions: " << failed << "\n";
    if (!commit)
      err << "nothing written: every edition must build (--keep-going writes the others)\n";
  }
  return failures ? 1 : 0;
}

int check_editions(const std::vector<model::EditionEntry>& editions, const BatchOptions& opt,
                   bool json, Diagnostics shared, std::ostream& out, std::ostream& err) {
  const auto start = std::chrono::steady_clock::now();
  Sources sources;
  std::vector<EditionSpec> specs;
  for (const model::EditionEntry& e : editions) {
    specs.push_back({e.data, e.layout, e.locale, false, opt.allow_fallback, opt.allow_paths});
    sources.preload(specs.back(), shared);
  }
  text::FontCache fonts;
  struct Outcome {
    Diagnostics diags;
    std::size_t pages = 0;
    bool ok = false;
  };
  std::vector<Outcome> outcomes(editions.size());
  std::atomic<std::size_t> next{0};
  std::mutex print;
  const bool progress = !opt.quiet && !json;
  auto work = [&] {
    for (std::size_t i; (i = next.fetch_add(1)) < editions.size();) {
      const auto t0 = std::chrono::steady_clock::now();
      Outcome& o = outcomes[i];
      try {
        auto laid = lay_out(specs[i], sources, fonts, o.diags);
        if (laid) o.pages = laid->doc.pages.size();
        o.ok = laid && !o.diags.has_errors();
      } catch (const std::exception& e) {
        o.diags.error({}, std::string("internal error: ") + e.what() + " (please report this bug)");
      }
      if (!progress) continue;
      const double ms =
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
      char line[512];
      if (o.ok)
        std::snprintf(line, sizeof line, "[%zu/%zu] %s: ok (%s laid out, %.0f ms)\n", i + 1,
                      editions.size(), editions[i].name.c_str(), counted(o.pages, "page").c_str(),
                      ms);
      else
        std::snprintf(line, sizeof line, "[%zu/%zu] %s: failed\n", i + 1, editions.size(),
                      editions[i].name.c_str());
      std::lock_guard<std::mutex> lock(print);
      out << line << std::flush;
    }
  };
  unsigned jobs = opt.jobs ? opt.jobs : std::max(1u, std::thread::hardware_concurrency());
  jobs = static_cast<unsigned>(std::min<std::size_t>(jobs, editions.size()));
  std::vector<std::thread> workers;
  for (unsigned t = 1; t < jobs; ++t) workers.emplace_back(work);
  work();
  for (std::thread& t : workers) t.join();

  // A problem shared by several editions (the data, a layout) is printed once.
  Diagnostics all = std::move(shared);
  std::string failed;
  std::size_t failures = 0;
  for (std::size_t i = 0; i < editions.size(); ++i) {
    all.merge(outcomes[i].diags);
    if (outcomes[i].ok) continue;
    failed += (failed.empty() ? "" : ", ") + editions[i].name;
    ++failures;
  }
  if (json) {
    all.print_json(out);
    return all.has_errors() ? 1 : 0;
  }
  all.print(err);
  if (progress) {
    const double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    char line[256];
    std::snprintf(line, sizeof line, "%zu of %s ok, nothing written (%.0f ms)\n",
                  editions.size() - failures, counted(editions.size(), "edition").c_str(), ms);
    out << line;
  }
  if (failures) err << "failed editions: " << failed << "\n";
  return failures || all.has_errors() ? 1 : 0;
}

}  // namespace plaquette::cli

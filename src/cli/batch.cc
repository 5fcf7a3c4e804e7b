#include "cli/batch.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <mutex>
#include <ostream>
#include <thread>

#include "cli/pipeline.h"

namespace plaquette::cli {

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
  text::FontCache fonts;

  struct Outcome {
    Diagnostics diags;
    bool written = false;
    std::size_t pages = 0, bytes = 0;
    double ms = 0;
  };
  std::vector<Outcome> outcomes(editions.size());
  std::atomic<std::size_t> next{0};
  std::mutex print;
  auto work = [&] {
    for (std::size_t i; (i = next.fetch_add(1)) < editions.size();) {
      const auto t0 = std::chrono::steady_clock::now();
      Outcome& o = outcomes[i];
      // An exception escaping a thread would end the process without a word: it becomes
      // this edition's failure instead.
      try {
        auto laid = lay_out(specs[i], sources, fonts, o.diags);
        std::optional<std::string> pdf;
        if (laid) pdf = render_pdf(laid->doc, o.diags);
        if (pdf && !o.diags.has_errors())
          o.written = write_atomically(editions[i].output, *pdf, true, o.diags);
        if (laid) o.pages = laid->doc.pages.size();
        if (pdf) o.bytes = pdf->size();
      } catch (const std::exception& e) {
        o.diags.error({}, std::string("internal error: ") + e.what() + " (please report this bug)");
      }
      o.ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
      if (!opt.quiet) {
        char line[512];
        if (o.written)
          std::snprintf(line, sizeof line, "[%zu/%zu] %s: wrote %s (%zu pages, %zu KiB, %.0f ms)\n",
                        i + 1, editions.size(), editions[i].name.c_str(),
                        editions[i].output.c_str(), o.pages, o.bytes / 1024, o.ms);
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
  std::size_t written = 0;
  for (const Outcome& o : outcomes) {
    all.merge(o.diags);
    written += o.written;
  }
  all.print(err);
  const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  if (!opt.quiet || written != editions.size()) {
    char line[256];
    std::snprintf(line, sizeof line, "%zu of %zu editions written in %.0f ms (%u threads)\n",
                  written, editions.size(), ms, jobs);
    out << line;
  }
  return written == editions.size() ? 0 : 1;
}

}  // namespace plaquette::cli

// Benchmarks of the pipeline stages on the real edition (Google Benchmark). Not a test:
// run it with `make bench` and compare numbers before and after a change.
#include <benchmark/benchmark.h>
#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <vector>

#include "figures/figures.h"
#include "figures/value.h"
#include "layout/spec.h"
#include "model/edition.h"
#include "pipeline/pipeline.h"
#include "render/pdf/pdf.h"
#include "text/format.h"
#include "text/patterns.h"

namespace plaquette {
namespace {

const std::string kData = PLAQUETTE_SOURCE_DIR "/data/hauts-de-france-2019-2022.yaml";
const std::string kLayout = PLAQUETTE_SOURCE_DIR "/layouts/gusp-brochure.yaml";

void BM_LoadEdition(benchmark::State& state) {
  for (auto _ : state) {
    Diagnostics d;
    benchmark::DoNotOptimize(model::load_edition(kData, d));
  }
}
BENCHMARK(BM_LoadEdition)->Unit(benchmark::kMicrosecond);

void BM_FiguresAndBindings(benchmark::State& state) {
  Diagnostics d;
  auto edition = model::load_edition(kData, d);
  for (auto _ : state) {
    figures::Figures f = figures::compute_figures(*edition, d);
    benchmark::DoNotOptimize(figures::make_bindings(*edition, f, "fr", d));
  }
}
BENCHMARK(BM_FiguresAndBindings)->Unit(benchmark::kMicrosecond);

void BM_LoadLayout(benchmark::State& state) {
  for (auto _ : state) {
    Diagnostics d;
    benchmark::DoNotOptimize(layout::load_layout(kLayout, d));
  }
}
BENCHMARK(BM_LoadLayout)->Unit(benchmark::kMicrosecond);

void BM_FormatCurrency(benchmark::State& state) {
  text::NumberFormat f;
  f.style = text::NumberStyle::currency;
  std::string out, error;
  double v = 8309550;
  for (auto _ : state) {
    text::format_number(v, f, "fr-FR", out, error);
    benchmark::DoNotOptimize(out);
  }
}
BENCHMARK(BM_FormatCurrency);

// Debian's German hyphenation patterns (hyphen-de, 1 MB, two levels) read into the trie:
// once per process that hyphenates German (issue 14: at most 50 ms).
void BM_LoadGermanPatterns(benchmark::State& state) {
  const std::string path = "/usr/share/hyphen/hyph_de_DE.dic";
  for (auto _ : state) {
    auto p = text::HyphenPatterns::load(path);
    if (!p) {
      state.SkipWithError("hyphen-de is not installed");
      return;
    }
    benchmark::DoNotOptimize(p);
  }
}
BENCHMARK(BM_LoadGermanPatterns)->Unit(benchmark::kMillisecond);

// The whole lay-out of the brochure with fonts already loaded, as in a batch of editions.
void BM_LayOutBrochure(benchmark::State& state) {
  text::FontCache fonts;
  pipeline::EditionSpec spec{kData, kLayout, "fr"};
  for (auto _ : state) {
    Diagnostics d;
    benchmark::DoNotOptimize(pipeline::lay_out(spec, fonts, d));
  }
}
BENCHMARK(BM_LayOutBrochure)->Unit(benchmark::kMillisecond);

// Laying out only: fonts, dictionaries, formatters, data, layout and catalog already
// loaded, as for the second edition of a batch that shares them.
void BM_LayOutLoaded(benchmark::State& state) {
  text::FontCache fonts;
  pipeline::Sources sources;
  pipeline::EditionSpec spec{kData, kLayout, "fr"};
  Diagnostics warm;
  if (!pipeline::lay_out(spec, sources, fonts, warm)) state.SkipWithError("the brochure fails");
  for (auto _ : state) {
    Diagnostics d;
    benchmark::DoNotOptimize(pipeline::lay_out(spec, sources, fonts, d));
  }
}
BENCHMARK(BM_LayOutLoaded)->Unit(benchmark::kMillisecond);

void BM_RenderPdf(benchmark::State& state) {
  text::FontCache fonts;
  Diagnostics d;
  auto laid = pipeline::lay_out({kData, kLayout, "fr"}, fonts, d);
  for (auto _ : state) {
    std::string bytes;
    benchmark::DoNotOptimize(render::pdf::render(laid->doc, bytes, d));
  }
}
BENCHMARK(BM_RenderPdf)->Unit(benchmark::kMillisecond);

// The whole program as a user runs it: exec, dynamic loading, start-up, the command, exit.
// Wall time per run (manual timing), and the CPU time the kernel counted for it (user and
// system) as counters, which a loaded machine disturbs less than the wall time.
extern "C" char** environ;
void run_program(benchmark::State& state, std::vector<std::string> args) {
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  double user = 0, sys = 0;
  for (auto _ : state) {
    const auto start = std::chrono::steady_clock::now();
    pid_t pid = 0;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    const int spawned = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    int status = 0;
    struct rusage usage {};
    if (spawned != 0 || ::wait4(pid, &status, 0, &usage) != pid || !WIFEXITED(status) ||
        WEXITSTATUS(status) != 0) {
      state.SkipWithError("the program failed");
      return;
    }
    state.SetIterationTime(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    user += usage.ru_utime.tv_sec * 1e3 + usage.ru_utime.tv_usec / 1e3;
    sys += usage.ru_stime.tv_sec * 1e3 + usage.ru_stime.tv_usec / 1e3;
  }
  state.counters["user_ms"] = benchmark::Counter(user / state.iterations());
  state.counters["sys_ms"] = benchmark::Counter(sys / state.iterations());
}

void BM_ProcessVersion(benchmark::State& state) {
  run_program(state, {PLAQUETTE_BINARY, "--version"});
}
BENCHMARK(BM_ProcessVersion)->UseManualTime()->Unit(benchmark::kMillisecond)->MinTime(2);

// `plaquette build DATA -o x.pdf`, with the size of the PDF written as a counter.
void BM_ProcessBuild(benchmark::State& state) {
  const std::string out = "/tmp/plaquette-bench-" + std::to_string(::getpid()) + ".pdf";
  run_program(state, {PLAQUETTE_BINARY, "build", kData, "-o", out});
  struct stat st {};
  if (::stat(out.c_str(), &st) == 0) state.counters["pdf_bytes"] = static_cast<double>(st.st_size);
  ::unlink(out.c_str());
}
BENCHMARK(BM_ProcessBuild)->UseManualTime()->Unit(benchmark::kMillisecond)->MinTime(3);

// `plaquette check` of the German test edition: the whole process with hyphen-de loaded
// (issue 14: at most 100 ms).
void BM_ProcessCheckGerman(benchmark::State& state) {
  run_program(state, {PLAQUETTE_BINARY, "check",
                      PLAQUETTE_SOURCE_DIR "/tests/text/de/hauts-de-france-2019-2022.yaml",
                      "--layout", kLayout, "--locale", "de", "-q"});
}
BENCHMARK(BM_ProcessCheckGerman)->UseManualTime()->Unit(benchmark::kMillisecond)->MinTime(2);

}  // namespace
}  // namespace plaquette

BENCHMARK_MAIN();

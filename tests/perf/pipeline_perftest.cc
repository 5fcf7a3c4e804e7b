// Benchmarks of the pipeline stages on the real edition (Google Benchmark). Not a test:
// run it with `make bench` and compare numbers before and after a change.
#include <benchmark/benchmark.h>

#include "figures/figures.h"
#include "figures/value.h"
#include "layout/spec.h"
#include "model/edition.h"
#include "pipeline/pipeline.h"
#include "render/pdf/pdf.h"
#include "text/format.h"

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

}  // namespace
}  // namespace plaquette

BENCHMARK_MAIN();

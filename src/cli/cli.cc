#include "cli/cli.h"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "cli/batch.h"
#include "cli/cleanup.h"
#include "cli/pipeline.h"

#ifndef PLAQUETTE_VERSION
#define PLAQUETTE_VERSION "unknown"
#endif

namespace plaquette::cli {
namespace {

constexpr const char* kDefaultData = "data/hauts-de-france-2019-2022.yaml";
constexpr const char* kDefaultLayout = "layouts/gusp-brochure.yaml";
constexpr const char* kDefaultEditions = "data/editions.yaml";

constexpr const char* kUsage = R"(usage: plaquette <command> [options]

Turns source data (YAML) and a layout (YAML) into a print-ready PDF brochure.

commands:
  build [--editions FILE] [--locale LANG] [-j N]
        build every edition listed in data/editions.yaml (or FILE), in parallel,
        each to its own PDF; --locale keeps only the editions in that locale
  build DATA [--layout FILE] [--locale LANG] [-o FILE]
        lay out one edition and write its PDF (CMYK, fonts embedded, trim and
        bleed boxes, crop marks). Without -o: out/<data name>.<locale>.pdf
  check [DATA] [--layout FILE] [--locale LANG] [--format text|json]
        validate the data, its figures, the layout and the catalog, and lay the
        pages out, without writing anything; --format json prints the problems
        as JSON on standard output, for editors and CI
  dump  [DATA] [--layout FILE] [--locale LANG]
        print the display list (one item per line) on standard output

options:
  DATA             data file (default: data/hauts-de-france-2019-2022.yaml)
  --layout FILE    layout file (default: layouts/gusp-brochure.yaml); its
                   catalog is FILE's name with .<locale>.yaml
  --locale LANG    locale of the edition (default: the data's source_locale)
  --allow-fallback a missing translation (data text or catalog message) uses
                   the source locale's, with a warning, instead of an error
  --pseudo         the pseudo-locale "qps": source texts accented and 40 %
                   longer, to try a layout before translations arrive
  -o, --output F   output PDF (build DATA only), in an existing folder;
                   written all or nothing, only ever replacing a regular file
  --editions FILE  the editions list of `build` without DATA
                   (default: data/editions.yaml)
  -j, --jobs N     editions built at once (default: one per core)
  -q, --quiet      print only errors and warnings
  -h, --help       show this help
  --version        show the version

environment:
  SOURCE_DATE_EPOCH  overrides the document date (seconds since 1970, UTC)

exit status: 0 success, 1 errors in the input, 2 bad usage, 3 internal error
)";

struct Options {
  std::string command;
  EditionSpec spec;
  std::string output;
  std::string editions;  ///< set when `build` runs over an editions list
  unsigned jobs = 0;
  bool quiet = false;
  bool allow_fallback = false;
  bool json = false;
};

int usage_error(const std::string& message) {
  std::cerr << "plaquette: " << message << "\n"
            << "try 'plaquette --help'\n";
  return 2;
}

// Parses argv; returns -1 to go on, or an exit status.
int parse(int argc, char** argv, Options& o) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) {
    std::cerr << kUsage;
    return 2;
  }
  std::vector<std::string> positional;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&](std::string& out) {
      if (i + 1 >= args.size()) return false;
      out = args[++i];
      return true;
    };
    if (a == "-h" || a == "--help" || a == "help") {
      std::cout << kUsage;
      return 0;
    } else if (a == "--version") {
      std::cout << "plaquette " PLAQUETTE_VERSION "\n";
      return 0;
    } else if (a == "--layout") {
      if (!value(o.spec.layout) || o.spec.layout.empty()) return usage_error("--layout needs a file");
    } else if (a == "--locale") {
      if (!value(o.spec.locale) || o.spec.locale.empty())
        return usage_error("--locale needs a locale, e.g. fr");
    } else if (a == "-o" || a == "--output") {
      if (!value(o.output) || o.output.empty()) return usage_error(a + " needs a file");
    } else if (a == "--editions") {
      if (!value(o.editions) || o.editions.empty()) return usage_error("--editions needs a file");
    } else if (a == "-j" || a == "--jobs") {
      std::string n;
      if (!value(n) || n.empty() || n.size() > 3 || n.find_first_not_of("0123456789") != std::string::npos ||
          std::stoi(n) < 1)
        return usage_error(a + " needs a number of jobs from 1 to 999");
      o.jobs = static_cast<unsigned>(std::stoi(n));
    } else if (a == "--allow-fallback") {
      o.spec.allow_fallback = true;
      o.allow_fallback = true;
    } else if (a == "--format") {
      std::string f;
      if (!value(f) || (f != "text" && f != "json")) return usage_error("--format is text or json");
      o.json = f == "json";
    } else if (a == "--pseudo") {
      o.spec.pseudo = true;
    } else if (a == "-q" || a == "--quiet") {
      o.quiet = true;
    } else if (a.size() > 1 && a[0] == '-') {
      return usage_error("unknown option '" + a + "'");
    } else {
      positional.push_back(a);
    }
  }
  if (positional.empty()) return usage_error("missing command (build, check or dump)");
  o.command = positional[0];
  if (o.command != "build" && o.command != "check" && o.command != "dump")
    return usage_error("unknown command '" + o.command + "' (build, check or dump)");
  if (positional.size() > 2) return usage_error("too many arguments: '" + positional[2] + "'");
  if (!o.output.empty() && o.command != "build") return usage_error("-o is for 'build' only");
  if (o.json && o.command != "check") return usage_error("--format is for 'check'");
  if (o.command == "build" && positional.size() == 1) {
    // No data file: every edition of the editions list.
    if (!o.output.empty()) return usage_error("-o needs a DATA file; editions name their own outputs");
    if (!o.spec.layout.empty()) return usage_error("--layout needs a DATA file; editions name their own layouts");
    if (o.spec.pseudo) return usage_error("--pseudo needs a DATA file");
    if (o.editions.empty()) o.editions = kDefaultEditions;
    return -1;
  }
  if (!o.editions.empty()) return usage_error("--editions is for 'build' without DATA");
  if (o.spec.pseudo && !o.spec.locale.empty()) return usage_error("--pseudo is built from the source locale; drop --locale");
  if (o.jobs) return usage_error("-j is for 'build' without DATA");
  o.spec.data = positional.size() > 1 ? positional[1] : kDefaultData;
  if (o.spec.layout.empty()) o.spec.layout = kDefaultLayout;
  return -1;
}

std::string default_output(const std::string& data, const std::string& locale) {
  return "out/" + std::filesystem::path(data).stem().string() + "." + locale + ".pdf";
}

int build_all(const Options& o) {
  Diagnostics diags;
  auto editions = model::load_editions(o.editions, diags);
  if (editions && !o.spec.locale.empty()) {
    std::erase_if(*editions, [&](const model::EditionEntry& e) { return e.locale != o.spec.locale; });
    if (editions->empty()) diags.error({o.editions, 0, 0}, "no edition in locale `" + o.spec.locale + "`");
  }
  if (!editions || diags.has_errors()) {
    diags.print(std::cerr);
    return 1;
  }
  BatchOptions opt;
  opt.jobs = o.jobs;
  opt.quiet = o.quiet;
  opt.allow_fallback = o.allow_fallback;
  return build_editions(*editions, opt, std::cout, std::cerr);
}

}  // namespace



int run(int argc, char** argv) {
  static const char* kReport =
      "This is a bug in plaquette; please report it with the command and the input files.\n";
  // Nothing is expected to throw past the pipeline (it reports problems as diagnostics),
  // but a bug must end in a message and status 3, not in std::terminate.
  try {
    install_signal_cleanup();
    return run_command(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "plaquette: internal error: " << e.what() << '\n' << kReport;
  } catch (...) {
    std::cerr << "plaquette: internal error\n" << kReport;
  }
  return 3;
}

int run_command(int argc, char** argv) {
  Options o;
  if (int status = parse(argc, argv, o); status >= 0) return status;

  if (!o.editions.empty()) return build_all(o);

  auto start = std::chrono::steady_clock::now();
  Diagnostics diags;
  text::FontCache fonts;
  auto laid = lay_out(o.spec, fonts, diags);
  std::optional<std::string> pdf;
  std::string output;
  if (laid && o.command == "build") {
    pdf = render_pdf(laid->doc, diags);
    output = o.output.empty() ? default_output(o.spec.data, laid->locale) : o.output;
    if (pdf && !diags.has_errors()) write_atomically(output, *pdf, o.output.empty(), diags);
  }
  if (o.json) {
    diags.print_json(std::cout);
    return diags.has_errors() ? 1 : 0;
  }
  diags.print(std::cerr);
  if (diags.has_errors()) return 1;

  double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  if (o.command == "dump") {
    std::cout << display::dump(laid->doc);
  } else if (!o.quiet) {
    char line[512];
    if (o.command == "build")
      std::snprintf(line, sizeof line, "wrote %s: %zu pages, %zu KiB, %.0f ms\n", output.c_str(),
                    laid->doc.pages.size(), pdf->size() / 1024, ms);
    else
      std::snprintf(line, sizeof line, "%s: ok (%s, %zu pages laid out, %.0f ms)\n",
                    o.spec.data.c_str(), laid->locale.c_str(), laid->doc.pages.size(), ms);
    std::cout << line;
  }
  return 0;
}

}  // namespace plaquette::cli

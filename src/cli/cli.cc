#include "cli/cli.h"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "cli/pipeline.h"
#include "preflight/preflight.h"

#ifndef PLAQUETTE_VERSION
#define PLAQUETTE_VERSION "unknown"
#endif

namespace plaquette::cli {
namespace {

constexpr const char* kDefaultData = "data/hauts-de-france-2019-2022.yaml";
constexpr const char* kDefaultLayout = "layouts/gusp-brochure.yaml";

constexpr const char* kUsage = R"(usage: plaquette <command> [options]

Turns source data (YAML) and a layout (YAML) into a print-ready PDF brochure.

commands:
  build [DATA] [--layout FILE] [--locale LANG] [-o FILE]
        lay out the edition and write its PDF (CMYK, fonts embedded, trim and
        bleed boxes, crop marks). Without -o: out/<data name>.<locale>.pdf
  check [DATA] [--layout FILE] [--locale LANG]
        validate the data, its figures, the layout and the catalog, and lay the
        pages out, without writing anything
  dump  [DATA] [--layout FILE] [--locale LANG]
        print the display list (one item per line) on standard output
  preflight FILE.pdf [--format text|json] [--profile pdfx1a]
        check any PDF for print (PDF/X-1a:2003): page boxes and 3 mm bleed,
        embedded fonts, CMYK/gray/spot colour only, no transparency, output
        intent and PDF/X keys, images of 300 ppi or more, text of 6 pt or
        more, total ink of 300 % at most

options:
  DATA             data file (default: data/hauts-de-france-2019-2022.yaml)
  --layout FILE    layout file (default: layouts/gusp-brochure.yaml); its
                   catalog is FILE's name with .<locale>.yaml
  --locale LANG    locale of the edition (default: the data's source_locale)
  -o, --output F   output PDF (build only), in an existing folder; written
                   all or nothing, and only ever replacing a regular file
  --format F       preflight report: text (default) or json
  --profile P      preflight profile: pdfx1a (the default and only one)
  -q, --quiet      print only errors and warnings
  -h, --help       show this help
  --version        show the version

environment:
  SOURCE_DATE_EPOCH  overrides the document date (seconds since 1970, UTC)

exit status: 0 success, 1 errors in the input (preflight: an error finding,
or a file that cannot be read as PDF), 2 bad usage
)";

struct Options {
  std::string command;
  EditionSpec spec;
  std::string output;
  bool quiet = false;
  std::string format = "text";  ///< preflight report format
  std::string profile;          ///< preflight profile; "" = default
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
    } else if (a == "--format") {
      if (!value(o.format) || (o.format != "text" && o.format != "json"))
        return usage_error("--format needs text or json");
    } else if (a == "--profile") {
      if (!value(o.profile) || o.profile != "pdfx1a")
        return usage_error("--profile needs pdfx1a (the only preflight profile)");
    } else if (a == "-q" || a == "--quiet") {
      o.quiet = true;
    } else if (a.size() > 1 && a[0] == '-') {
      return usage_error("unknown option '" + a + "'");
    } else {
      positional.push_back(a);
    }
  }
  if (positional.empty()) return usage_error("missing command (build, check, dump or preflight)");
  o.command = positional[0];
  if (o.command != "build" && o.command != "check" && o.command != "dump" &&
      o.command != "preflight")
    return usage_error("unknown command '" + o.command + "' (build, check, dump or preflight)");
  if (positional.size() > 2) return usage_error("too many arguments: '" + positional[2] + "'");
  if (!o.output.empty() && o.command != "build") return usage_error("-o is for 'build' only");
  const bool preflight = o.command == "preflight";
  if (!preflight && (o.format != "text" || !o.profile.empty()))
    return usage_error("--format and --profile are for 'preflight' only");
  if (preflight) {
    if (positional.size() < 2) return usage_error("preflight needs a PDF file");
    if (!o.spec.layout.empty() || !o.spec.locale.empty())
      return usage_error("--layout and --locale are not for 'preflight'");
    o.spec.data = positional[1];
    return -1;
  }
  o.spec.data = positional.size() > 1 ? positional[1] : kDefaultData;
  if (o.spec.layout.empty()) o.spec.layout = kDefaultLayout;
  return -1;
}

std::string default_output(const std::string& data, const std::string& locale) {
  return "out/" + std::filesystem::path(data).stem().string() + "." + locale + ".pdf";
}

// Prints the report on standard output (it is the command's result); a file that cannot be
// read at all is a one-line error on standard error.
int run_preflight(const Options& o) {
  preflight::Options options;
  if (!o.profile.empty()) options.profile = o.profile;
  preflight::Report report;
  std::string error;
  if (!preflight::preflight_file(o.spec.data, options, report, error)) {
    std::cerr << o.spec.data << ": error: cannot read the PDF: " << error << "\n";
    return 1;
  }
  std::cout << (o.format == "json" ? preflight::format_json(report) : preflight::format_text(report));
  return report.has_errors() ? 1 : 0;
}

}  // namespace

int run(int argc, char** argv) {
  Options o;
  if (int status = parse(argc, argv, o); status >= 0) return status;
  if (o.command == "preflight") return run_preflight(o);

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

#include "cli/cli.h"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "cli/pipeline.h"

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
  proof [DATA] [--layout FILE] [--locale LANG] --format png|svg [--dpi N]
        [--bleed] -o DIR
        draw the pages for the screen with Cairo, one file per page:
        DIR/<data name>.<locale>-p1.png, ... Colours are soft-proofed from
        the layout's CMYK output profile (page.output_profile) to sRGB

options:
  DATA             data file (default: data/hauts-de-france-2019-2022.yaml)
  --layout FILE    layout file (default: layouts/gusp-brochure.yaml); its
                   catalog is FILE's name with .<locale>.yaml
  --locale LANG    locale of the edition (default: the data's source_locale)
  -o, --output F   build: output PDF, in an existing folder; written all or
                   nothing, and only ever replacing a regular file.
                   proof: output folder, created if missing when its parent
                   exists; all pages are written or none
  --format F       proof only: png or svg
  --dpi N          proof only: PNG resolution, 10 to 1200 (default 96)
  --bleed          proof only: show the bleed and the crop marks (the whole
                   media box) instead of the trim only
  -q, --quiet      print only errors and warnings
  -h, --help       show this help
  --version        show the version

environment:
  SOURCE_DATE_EPOCH  overrides the document date (seconds since 1970, UTC)

exit status: 0 success, 1 errors in the input, 2 bad usage
)";

struct Options {
  std::string command;
  EditionSpec spec;
  std::string output;
  bool quiet = false;
  std::string format;  ///< proof: "png" or "svg"
  std::string dpi;     ///< proof: as typed, checked after parsing
  bool bleed = false;
  render::cairo::Options proof;
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
      if (!value(o.format) || o.format.empty()) return usage_error("--format needs png or svg");
    } else if (a == "--dpi") {
      if (!value(o.dpi) || o.dpi.empty()) return usage_error("--dpi needs a resolution, e.g. 100");
    } else if (a == "--bleed") {
      o.bleed = true;
    } else if (a == "-q" || a == "--quiet") {
      o.quiet = true;
    } else if (a.size() > 1 && a[0] == '-') {
      return usage_error("unknown option '" + a + "'");
    } else {
      positional.push_back(a);
    }
  }
  if (positional.empty()) return usage_error("missing command (build, check, dump or proof)");
  o.command = positional[0];
  if (o.command != "build" && o.command != "check" && o.command != "dump" && o.command != "proof")
    return usage_error("unknown command '" + o.command + "' (build, check, dump or proof)");
  if (positional.size() > 2) return usage_error("too many arguments: '" + positional[2] + "'");
  if (!o.output.empty() && o.command != "build" && o.command != "proof")
    return usage_error("-o is for 'build' and 'proof' only");
  if (o.command != "proof" && (!o.format.empty() || !o.dpi.empty() || o.bleed))
    return usage_error("--format, --dpi and --bleed are for 'proof' only");
  if (o.command == "proof") {
    if (o.format == "png") o.proof.format = render::cairo::Format::png;
    else if (o.format == "svg") o.proof.format = render::cairo::Format::svg;
    else if (o.format.empty()) return usage_error("proof needs --format png or --format svg");
    else return usage_error("unknown proof format '" + o.format + "' (png or svg)");
    if (!o.dpi.empty()) {
      if (o.proof.format != render::cairo::Format::png)
        return usage_error("--dpi is for PNG proofs only (SVG is sized in points)");
      std::size_t used = 0;
      double dpi = 0;
      try {
        dpi = std::stod(o.dpi, &used);
      } catch (const std::exception&) {
        used = 0;
      }
      if (used != o.dpi.size() || !(dpi >= render::cairo::kMinDpi && dpi <= render::cairo::kMaxDpi))
        return usage_error("--dpi must be a number from 10 to 1200, not '" + o.dpi + "'");
      o.proof.dpi = dpi;
    }
    o.proof.bleed = o.bleed;
    if (o.output.empty()) return usage_error("proof needs -o DIR, the folder for the pages");
  }
  o.spec.data = positional.size() > 1 ? positional[1] : kDefaultData;
  if (o.spec.layout.empty()) o.spec.layout = kDefaultLayout;
  return -1;
}

std::string default_output(const std::string& data, const std::string& locale) {
  return "out/" + edition_name(data, locale) + ".pdf";
}

// DIR/<edition>-p1.png, ...: one file per page, numbered from 1 like the PDF's pages.
std::vector<std::pair<std::string, std::string>> proof_files(const Options& o,
                                                             const std::string& locale,
                                                             std::vector<std::string> pages) {
  const char* ext = o.proof.format == render::cairo::Format::png ? ".png" : ".svg";
  const std::string stem = edition_name(o.spec.data, locale);
  std::vector<std::pair<std::string, std::string>> files;
  for (std::size_t i = 0; i < pages.size(); ++i) {
    std::string name = stem + "-p" + std::to_string(i + 1) + ext;
    files.emplace_back((std::filesystem::path(o.output) / name).string(), std::move(pages[i]));
  }
  return files;
}

}  // namespace

int run(int argc, char** argv) {
  Options o;
  if (int status = parse(argc, argv, o); status >= 0) return status;

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
  std::size_t proof_pages = 0;
  if (laid && o.command == "proof") {
    auto pages = render_proof(laid->doc, o.proof, diags);
    if (pages && !diags.has_errors()) {
      proof_pages = pages->size();
      write_files_atomically(o.output, proof_files(o, laid->locale, std::move(*pages)), diags);
    }
  }
  diags.print(std::cerr);
  if (diags.has_errors()) return 1;

  double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  if (o.command == "dump") {
    std::cout << display::dump(laid->doc);
  } else if (!o.quiet) {
    char line[512];
    if (o.command == "proof")
      std::snprintf(line, sizeof line, "wrote %zu %s pages into %s, %.0f ms\n", proof_pages,
                    o.format.c_str(), o.output.c_str(), ms);
    else if (o.command == "build")
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

#include "cli/cli.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "base/file.h"
#include "base/memory.h"
#include "cli/batch.h"
#include "cli/cleanup.h"
#include "cli/modules.h"
#include "cli/output.h"
#include "cli/paths.h"
#include "cli/pipeline.h"
#include "cli/watch.h"
#include "lazy/lazy.h"
#include "preflight/preflight.h"

#ifndef PLAQUETTE_VERSION
#define PLAQUETTE_VERSION "unknown"
#endif

namespace plaquette::cli {
namespace {

constexpr const char* kDefaultData = "data/hauts-de-france-2019-2022.yaml";
constexpr const char* kDefaultEditions = "data/editions.yaml";

constexpr const char* kUsage = R"(usage: plaquette <command> [options]

Turns source data (YAML) and a layout (YAML) into a print-ready PDF brochure.

commands:
  build [--editions FILE] [--layout FILE] [--locale LANG] [-j N] [--keep-going]
        [--shard K/N] [--manifest FILE [--incremental]]
        build every edition listed in data/editions.yaml (or FILE), in parallel,
        each to its own PDF (an entry with `each:` makes one per item of a list);
        --locale keeps only the editions in that locale;
        --layout lays every edition out with FILE instead, each PDF written
        beside the edition's as <data>.<layout>.<locale>.pdf.
        All or nothing: when one edition fails, no PDF is written
  build DATA [--layout FILE] [--locale LANG] [-o FILE]
        lay out one edition and write its PDF/X-1a:2003 (CMYK, fonts embedded,
        trim and bleed boxes, crop marks). Without -o: out/<data>.<locale>.pdf
        with the default layout, out/<data>.<layout>.<locale>.pdf with another
  check [--editions FILE] [--locale LANG] [-j N] [--format text|json]
        check every edition listed in data/editions.yaml (or FILE) as `build`
        would, without writing anything: every problem of every edition is
        reported at once, each once
  check DATA [--layout FILE] [--locale LANG] [--format text|json]
        validate the data, its figures, the layout and the catalog, and lay the
        pages out, without writing anything; --format json prints the problems
        as JSON on standard output, for editors and CI
  watch [DATA [-o FILE] | --editions FILE] [--layout FILE] [--locale LANG]
        [--proof png|svg [--dpi N] [--bleed]] [--poll]
        build as `build` does, then rebuild whenever a file the build read
        changes (data, layouts, catalogs, fonts, profiles, the editions list),
        only the editions that read it; one status line per rebuild. Outputs
        are replaced atomically and a failed rebuild keeps the last good PDF.
        --proof also draws the pages beside each PDF (<pdf name>-p1.png, ...);
        --poll compares the files every 250 ms instead of using inotify (for
        network and container mounts). Ctrl-C stops, leaving no temporary file
  dump  [DATA] [--layout FILE] [--locale LANG]
        print the display list (one item per line) on standard output
  proof [DATA] [--layout FILE] [--locale LANG] --format png|svg [--dpi N]
        [--bleed] -o DIR
        draw the pages for the screen with Cairo, one file per page:
        DIR/<data>.<locale>-p1.png, ... (<data>.<layout>.<locale>-p1.png with a
        layout other than the default); pages left from a longer proof of the
        same edition and layout are removed. Colours are soft-proofed from
        the layout's CMYK output profile (page.output_profile) to sRGB
  preflight FILE.pdf [--format text|json] [--profile pdfx1a] [--strict]
        [--ink-limit N]
        check any PDF for print: the rules of PDF/X-1a:2003 (boxes, fonts
        embedded, CMYK/gray/spot colour only, no transparency, output intent,
        PDF 1.4, no annotations, actions, layers...) as errors, and the house
        rules of print shops (3 mm bleed, 300 ppi, total ink, small text on
        one plate) as warnings

options:
  DATA             data file (dump and proof default to
                   data/hauts-de-france-2019-2022.yaml)
  --layout FILE    layout file (default: layouts/gusp-brochure.yaml); its
                   catalog is FILE's name with .<locale>.yaml
  --locale LANG    locale of the edition (default: the data's source_locale)
  --allow-path DIR fonts and profiles named by a layout, and the files named by
                   an editions list, may be inside DIR as well as inside the
                   working directory (the project folder); repeatable
  --allow-fallback a missing translation (data text or catalog message) uses
                   the source locale's, with a warning, instead of an error
  --pseudo         the pseudo-locale "qps": source texts accented and 40 %
                   longer, to try a layout before translations arrive
  -o, --output F   build DATA: output PDF, in an existing folder; written all
                   or nothing, only ever replacing a regular file, never one
                   of the files the run reads.
                   proof: output folder, created if missing when its parent
                   exists; all pages are written or none
  --format F       check and preflight: text (default) or json;
                   proof: png or svg
  --dpi N          proof only: PNG resolution, 10 to 1200 (default 96)
  --bleed          proof only: show the bleed and the crop marks (the whole
                   media box) instead of the trim only
  --editions FILE  the editions list of `build` and `check` without DATA
                   (default: data/editions.yaml)
  -j, --jobs N     editions built or checked at once (default: one per core)
  --shard K/N      build or check without DATA: only part K (1 to N) of N
                   disjoint parts of the editions, by their output's name (the
                   same edition always in the same part; the N parts are all)
  --manifest FILE  build without DATA: write FILE, one JSON line per edition
                   written (name, output, bytes, pages, sha256, ms, inputs)
  --incremental    with --manifest: skip the editions that FILE lists with the
                   same inputs and whose output is newer than all of them
  --keep-going     build without DATA: write the editions that succeed even when
                   others fail; the exit status is still 1, and the failed ones
                   are listed
  --profile P      preflight profile: pdfx1a (the default and only one)
  --strict         preflight: house rules are errors, not warnings
  --ink-limit N    preflight: total ink limit in percent (default 300)
  -q, --quiet      print only errors and warnings
  -h, --help       show this help
  --version        show the version

environment:
  SOURCE_DATE_EPOCH  overrides the document date (seconds since 1970, UTC)

exit status: 0 success, 1 errors in the input (preflight: PDF/X-1a:2003 failed,
or a file that cannot be read as PDF), 2 bad usage, 3 internal error,
4 standard output could not be written (a full disk, a closed descriptor),
5 preflight: only the house rules failed (--strict)
)";

struct Options {
  std::string command;
  EditionSpec spec;
  std::string output;
  std::string editions;  ///< set when `build` runs over an editions list
  unsigned jobs = 0;
  bool quiet = false;
  bool allow_fallback = false;
  bool keep_going = false;
  std::string shard;     ///< --shard K/N as typed
  std::string manifest;  ///< --manifest FILE
  bool incremental = false;
  bool json = false;   ///< check: diagnostics as JSON
  std::string format;  ///< check: "text" or "json"; proof: "png" or "svg"
  std::string dpi;     ///< proof: as typed, checked after parsing
  bool bleed = false;
  render::cairo::Options proof;
  std::string watch_proof;  ///< watch: --proof FORMAT
  bool poll = false;        ///< watch: --poll
  std::string profile;      ///< preflight profile; "" = default
  bool strict = false;      ///< preflight: house rules are errors
  std::string ink_limit;    ///< preflight: as typed, percent
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
      if (!value(o.spec.layout) || o.spec.layout.empty())
        return usage_error("--layout needs a file");
    } else if (a == "--locale") {
      if (!value(o.spec.locale) || o.spec.locale.empty())
        return usage_error("--locale needs a locale, e.g. fr");
    } else if (a == "-o" || a == "--output") {
      if (!value(o.output) || o.output.empty()) return usage_error(a + " needs a file");
    } else if (a == "--editions") {
      if (!value(o.editions) || o.editions.empty()) return usage_error("--editions needs a file");
    } else if (a == "-j" || a == "--jobs") {
      std::string n;
      if (!value(n) || n.empty() || n.size() > 3 ||
          n.find_first_not_of("0123456789") != std::string::npos || std::stoi(n) < 1)
        return usage_error(a + " needs a number of jobs from 1 to 999");
      o.jobs = static_cast<unsigned>(std::stoi(n));
    } else if (a == "--allow-path") {
      std::string dir;
      if (!value(dir) || dir.empty()) return usage_error("--allow-path needs a folder");
      o.spec.allow_paths.push_back(dir);
    } else if (a == "--allow-fallback") {
      o.spec.allow_fallback = true;
      o.allow_fallback = true;
    } else if (a == "--keep-going") {
      o.keep_going = true;
    } else if (a == "--shard") {
      BatchOptions check;
      if (!value(o.shard) || !parse_shard(o.shard, check))
        return usage_error("--shard needs K/N, a part K from 1 to N of N parts, e.g. --shard 2/4");
    } else if (a == "--manifest") {
      if (!value(o.manifest) || o.manifest.empty()) return usage_error("--manifest needs a file");
    } else if (a == "--incremental") {
      o.incremental = true;
    } else if (a == "--pseudo") {
      o.spec.pseudo = true;
    } else if (a == "--format") {
      if (!value(o.format) || o.format.empty()) return usage_error("--format needs a format");
    } else if (a == "--dpi") {
      if (!value(o.dpi) || o.dpi.empty()) return usage_error("--dpi needs a resolution, e.g. 100");
    } else if (a == "--bleed") {
      o.bleed = true;
    } else if (a == "--proof") {
      if (!value(o.watch_proof) || o.watch_proof.empty())
        return usage_error("--proof needs a format, png or svg");
    } else if (a == "--poll") {
      o.poll = true;
    } else if (a == "--profile") {
      if (!value(o.profile) || o.profile != "pdfx1a")
        return usage_error("--profile needs pdfx1a (the only preflight profile)");
    } else if (a == "--strict") {
      o.strict = true;
    } else if (a == "--ink-limit") {
      if (!value(o.ink_limit) || o.ink_limit.empty())
        return usage_error("--ink-limit needs a percentage, e.g. 320");
    } else if (a == "-q" || a == "--quiet") {
      o.quiet = true;
    } else if (a.size() > 1 && a[0] == '-') {
      return usage_error("unknown option '" + a + "'");
    } else {
      positional.push_back(a);
    }
  }
  if (positional.empty())
    return usage_error("missing command (build, check, watch, dump, proof or preflight)");
  o.command = positional[0];
  if (o.command != "build" && o.command != "check" && o.command != "dump" && o.command != "proof" &&
      o.command != "preflight" && o.command != "watch")
    return usage_error("unknown command '" + o.command +
                       "' (build, check, watch, dump, proof or preflight)");
  if (positional.size() > 2) return usage_error("too many arguments: '" + positional[2] + "'");
  if (!o.output.empty() && o.command != "build" && o.command != "proof" && o.command != "watch")
    return usage_error("-o is for 'build', 'watch' and 'proof' only");
  if (o.command != "watch" && (!o.watch_proof.empty() || o.poll))
    return usage_error("--proof and --poll are for 'watch' only");
  if (o.command == "watch" && (!o.dpi.empty() || o.bleed) && o.watch_proof.empty())
    return usage_error("--dpi and --bleed need --proof png|svg");
  if (o.command != "proof" && o.command != "watch" && (!o.dpi.empty() || o.bleed))
    return usage_error("--dpi and --bleed are for 'proof' only");
  if (o.command != "preflight" && (!o.profile.empty() || o.strict || !o.ink_limit.empty()))
    return usage_error("--profile, --strict and --ink-limit are for 'preflight' only");
  if ((o.command == "check" || o.command == "preflight") && !o.format.empty()) {
    if (o.format != "text" && o.format != "json") return usage_error("--format is text or json");
    o.json = o.format == "json";
  } else if (o.command != "proof" && !o.format.empty()) {
    return usage_error("--format is for 'check', 'proof' and 'preflight' only");
  }
  if (o.command == "preflight") {
    if (positional.size() < 2) return usage_error("preflight needs a PDF file");
    if (!o.spec.layout.empty() || !o.spec.locale.empty() || o.spec.pseudo || o.jobs ||
        !o.shard.empty() || !o.manifest.empty() || o.incremental || !o.editions.empty() ||
        o.allow_fallback || !o.spec.allow_paths.empty() || o.keep_going)
      return usage_error(
          "preflight takes a PDF file and --format/--profile/--strict/--ink-limit only");
    if (!o.ink_limit.empty()) {
      const std::string& n = o.ink_limit;
      if (n.size() > 3 || n.find_first_not_of("0123456789") != std::string::npos ||
          std::stoi(n) < 100 || std::stoi(n) > 400)
        return usage_error("--ink-limit needs a whole percentage from 100 to 400, e.g. 320");
    }
    o.spec.data = positional[1];
    return -1;
  }
  if (o.command == "watch") {
    if (!o.format.empty())
      return usage_error("watch draws proofs with --proof png|svg, not --format");
    o.format = o.watch_proof;
  }
  if (o.command == "proof" || (o.command == "watch" && !o.format.empty())) {
    if (o.format == "png")
      o.proof.format = render::cairo::Format::png;
    else if (o.format == "svg")
      o.proof.format = render::cairo::Format::svg;
    else if (o.format.empty())
      return usage_error("proof needs --format png or --format svg");
    else
      return usage_error("unknown proof format '" + o.format + "' (png or svg)");
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
    if (o.output.empty() && o.command == "proof")
      return usage_error("proof needs -o DIR, the folder for the pages");
  }
  if ((o.command == "build" || o.command == "check" || o.command == "watch") &&
      positional.size() == 1) {
    // No data file: every edition of the editions list.
    if (!o.output.empty())
      return usage_error("-o needs a DATA file; editions name their own outputs");
    if (o.command == "check" && !o.spec.layout.empty())
      return usage_error("check --layout needs a DATA file; editions name their own layouts");
    if (o.command != "build" && o.keep_going)
      return usage_error("--keep-going is for 'build' only");
    if (o.command != "build" && (!o.manifest.empty() || o.incremental))
      return usage_error("--manifest and --incremental are for 'build' only");
    if (o.command == "watch" && !o.shard.empty())
      return usage_error("--shard is for 'build' and 'check'");
    if (o.incremental && o.manifest.empty())
      return usage_error("--incremental needs --manifest FILE (the editions built before)");
    if (o.spec.pseudo) return usage_error("--pseudo needs a DATA file");
    if (o.command == "watch" && o.jobs) return usage_error("-j is for 'build' and 'check'");
    if (o.editions.empty()) o.editions = kDefaultEditions;
    return -1;
  }
  if (!o.editions.empty())
    return usage_error("--editions is for 'build', 'check' and 'watch' without DATA");
  if (o.keep_going) return usage_error("--keep-going is for 'build' without DATA");
  if (!o.shard.empty() || !o.manifest.empty() || o.incremental)
    return usage_error("--shard, --manifest and --incremental are for an editions list (no DATA)");
  if (o.spec.pseudo && !o.spec.locale.empty())
    return usage_error("--pseudo is built from the source locale; drop --locale");
  if (o.jobs) return usage_error("-j is for 'build' and 'check' without DATA");
  o.spec.data = positional.size() > 1 ? positional[1] : kDefaultData;
  if (o.spec.layout.empty()) o.spec.layout = kDefaultLayout;
  return -1;
}

std::string default_output(const EditionSpec& spec, const std::string& locale) {
  return "out/" + output_stem(spec.data, spec.layout, locale) + ".pdf";
}

const char* proof_extension(const Options& o) {
  return o.proof.format == render::cairo::Format::png ? ".png" : ".svg";
}

// DIR/<edition>-p1.png, ...: one file per page, numbered from 1 like the PDF's pages.
std::vector<std::pair<std::string, std::string>> proof_files(const Options& o,
                                                             const std::string& locale,
                                                             std::vector<std::string> pages) {
  const char* ext = proof_extension(o);
  const std::string stem = output_stem(o.spec.data, o.spec.layout, locale);
  std::vector<std::pair<std::string, std::string>> files;
  for (std::size_t i = 0; i < pages.size(); ++i) {
    std::string name = stem + "-p" + std::to_string(i + 1) + ext;
    files.emplace_back((std::filesystem::path(o.output) / name).string(), std::move(pages[i]));
  }
  return files;
}

// After a proof of `pages` pages: removes the pages beyond them left by an earlier, longer
// proof of the same edition, layout and format, so that the folder shows this proof only.
void remove_stale_proof_pages(const Options& o, const std::string& locale, std::size_t pages) {
  remove_stale_pages(o.output, output_stem(o.spec.data, o.spec.layout, locale) + "-p",
                     proof_extension(o), pages);
}

// The editions list of a command without DATA, filtered by --locale, with --layout applied
// and every path it names checked; nothing when it has errors (recorded in `diags`).
std::optional<std::vector<model::EditionEntry>> load_list(const Options& o, Diagnostics& diags) {
  auto editions = model::load_editions(o.editions, diags);
  if (editions && !o.spec.locale.empty()) {
    std::erase_if(*editions,
                  [&](const model::EditionEntry& e) { return e.locale != o.spec.locale; });
    if (editions->empty())
      diags.error({o.editions, 0, 0}, "no edition in locale `" + o.spec.locale + "`");
  }
  if (editions && !o.spec.layout.empty()) {
    // Another layout for every edition: each output beside the edition's, named after the
    // layout, so that the list's own PDFs are never replaced by it.
    for (model::EditionEntry& e : *editions) {
      if (same_file(o.spec.layout, e.layout)) continue;
      if (!e.each.empty()) {
        // A per-item entry: its templates keep naming the item, with the layout's name.
        const std::string stem = std::filesystem::path(o.spec.layout).stem().string();
        e.name += "." + stem;
        const std::filesystem::path out(e.output);
        e.output = (out.parent_path() / (out.stem().string() + "." + stem + ".pdf")).string();
        e.layout = o.spec.layout;
        continue;
      }
      e.name = output_stem(e.data, o.spec.layout, e.locale);
      e.layout = o.spec.layout;
      e.output = (std::filesystem::path(e.output).parent_path() / (e.name + ".pdf")).string();
    }
    // Editions of the same data and locale in different layouts (the brochure and the
    // département sheet) are now one edition: laid out once.
    std::vector<model::EditionEntry> once;
    for (model::EditionEntry& e : *editions) {
      const bool seen = std::any_of(once.begin(), once.end(), [&](const model::EditionEntry& o) {
        return o.locale == e.locale && same_file(o.layout, e.layout) && same_file(o.data, e.data);
      });
      if (!seen) once.push_back(std::move(e));
    }
    *editions = std::move(once);
  }
  if (editions) {
    // What an editions list names resolves relative to it and must stay in the project: a
    // list from elsewhere must not read, or above all overwrite, files anywhere.
    const PathPolicy paths(o.spec.allow_paths);
    for (const model::EditionEntry& e : *editions) {
      paths.check(e.data, e.pos, "edition `" + e.name + "`: data", diags);
      paths.check(e.layout, e.pos, "edition `" + e.name + "`: layout", diags);
      paths.check(e.output, e.pos, "edition `" + e.name + "`: output", diags);
    }
    if (!o.manifest.empty()) paths.check(o.manifest, {}, "the manifest", diags);
  }
  if (diags.has_errors()) return std::nullopt;
  return editions;
}

BatchOptions batch_options(const Options& o) {
  BatchOptions opt;
  opt.jobs = o.jobs;
  opt.quiet = o.quiet;
  opt.allow_fallback = o.allow_fallback;
  opt.allow_paths = o.spec.allow_paths;
  opt.keep_going = o.keep_going;
  if (!o.shard.empty()) parse_shard(o.shard, opt);
  opt.list_dir = std::filesystem::path(o.editions).parent_path().string();
  opt.manifest = o.manifest;
  opt.incremental = o.incremental;
  return opt;
}

int build_all(const Options& o) {
  Diagnostics diags;
  const auto editions = load_list(o, diags);
  if (!editions) {
    diags.print(std::cerr);
    return 1;
  }
  return build_editions(*editions, batch_options(o), std::cout, std::cerr);
}

// Every problem of every edition, each once; the list's own problems are reported alone, as
// nothing else can be checked without it.
int check_all(const Options& o) {
  Diagnostics diags;
  const auto editions = load_list(o, diags);
  if (!editions) {
    if (o.json)
      diags.print_json(std::cout);
    else
      diags.print(std::cerr);
    return 1;
  }
  return check_editions(*editions, batch_options(o), o.json, std::move(diags), std::cout,
                        std::cerr);
}

// Builds, then rebuilds on every change until a signal ends the run.
int run_watch(const Options& o) {
  WatchOptions w;
  w.spec = o.spec;
  w.output = o.output;
  w.editions = o.editions;
  if (!o.editions.empty())
    w.load_editions = [&o](Diagnostics& diags) { return load_list(o, diags); };
  w.proof = !o.format.empty();
  w.proof_options = o.proof;
  w.poll = o.poll;
  w.quiet = o.quiet;
  return watch(w, std::cout, std::cerr);
}

// Prints the report on standard output (it is the command's result); a file that cannot be
// read at all is a one-line error on standard error.
int run_preflight(const Options& o) {
  preflight::Options options;
  if (!o.profile.empty()) options.profile = o.profile;
  options.strict = o.strict;
  if (!o.ink_limit.empty()) options.ink_limit = std::stoi(o.ink_limit) / 100.0;
  preflight::Report report;
  // Read here, bounded, as a regular file only: a FIFO must not block, nor a device be
  // read without end.
  ReadError read_error;
  const auto bytes = read_input_file_shared(o.spec.data, InputKind::pdf, read_error);
  if (!bytes) {
    std::cerr << o.spec.data << ": error: cannot read the PDF: " << read_error.message << "\n";
    return 1;
  }
  std::string error;
  const PreflightModule* pf = preflight_module(error);
  if (!pf) throw ModuleMissing(error);  // an installation problem: exit status 3
  if (!pf->preflight_memory(bytes->view(), o.spec.data, options, report, error)) {
    std::cerr << o.spec.data << ": error: cannot read the PDF: " << error << "\n";
    return 1;
  }
  std::cout << (o.format == "json" ? pf->format_json(report) : pf->format_text(report));
  return pf->exit_status(report);
}

// A PNG proof page is width × height × 4 bytes in memory, before compression: a page
// above this budget is refused before Cairo allocates it.
constexpr double kMaxProofPixels = 200e6;

// Every page of a PNG proof fits the pixel budget at the requested resolution; otherwise
// an error naming the size and the highest --dpi that fits.
bool proof_fits(const display::Document& doc, const Options& o, Diagnostics& diags) {
  if (o.proof.format != render::cairo::Format::png) return true;
  auto pixels = [&](const display::Page& p, double dpi) {
    const bool trim = p.trim.width > 0 && p.trim.height > 0;
    const double w = o.proof.bleed || !trim ? p.width : p.trim.width;
    const double h = o.proof.bleed || !trim ? p.height : p.trim.height;
    return std::pair{std::lround(w * dpi / 72), std::lround(h * dpi / 72)};
  };
  for (std::size_t i = 0; i < doc.pages.size(); ++i) {
    const auto [w, h] = pixels(doc.pages[i], o.proof.dpi);
    const double total = static_cast<double>(w) * static_cast<double>(h);
    if (total <= kMaxProofPixels) continue;
    // The highest whole dpi that fits (pixels are rounded, so step down from the estimate).
    double dpi = std::floor(o.proof.dpi * std::sqrt(kMaxProofPixels / total));
    while (dpi >= render::cairo::kMinDpi) {
      const auto [fw, fh] = pixels(doc.pages[i], dpi);
      if (static_cast<double>(fw) * static_cast<double>(fh) <= kMaxProofPixels) break;
      dpi -= 1;
    }
    char size[160];
    std::snprintf(size, sizeof size, "%ld × %ld pixels (%.0f Mpx) at %g dpi", w, h, total / 1e6,
                  o.proof.dpi);
    Diagnostic& d =
        diags.error({o.spec.layout, 0, 0}, "page " + std::to_string(i + 1) + " of the proof is " +
                                               size + ", above the budget of 200 Mpx per page");
    if (dpi >= render::cairo::kMinDpi)
      d.hints.push_back("use --dpi " + std::to_string(static_cast<int>(dpi)) +
                        " or lower, or --format svg");
    else
      d.hints.push_back("use --format svg");
    return false;
  }
  return true;
}

// A standard descriptor closed by the caller (`>&-`) would be handed to the next file
// opened, and progress lines printed by one thread could land in another's PDF. They are
// reopened first: standard input and error on /dev/null, standard output on /dev/full so
// that whatever is printed fails and is reported. Returns true when standard output was closed.
bool reopen_standard_descriptors() {
  bool stdout_closed = false;
  for (int fd = 0; fd <= 2; ++fd) {
    if (::fcntl(fd, F_GETFD) != -1 || errno != EBADF) continue;
    const int got = ::open(fd == 1 ? "/dev/full" : "/dev/null", fd == 0 ? O_RDONLY : O_WRONLY);
    if (got >= 0 && got != fd) {
      ::dup2(got, fd);
      ::close(got);
    }
    stdout_closed |= fd == 1;
  }
  return stdout_closed;
}

}  // namespace

int run(int argc, char** argv) {
  static const char* kReport =
      "This is a bug in plaquette; please report it with the command and the input files.\n";
  // Nothing is expected to throw past the pipeline (it reports problems as diagnostics),
  // but a bug must end in a message and status 3, not in std::terminate.
  try {
    const bool stdout_closed = reopen_standard_descriptors();
    install_signal_cleanup();
    lazy::on_failure(remove_temp_files);
    const int status = run_command(argc, argv);
    // Output lost without a word would look like success: a write error on standard
    // output (a full disk, a closed descriptor) is a status of its own.
    std::cout.flush();
    errno = 0;
    const bool flushed = std::fflush(stdout) == 0;
    const int err = errno;
    if (!flushed || !std::cout || std::ferror(stdout)) {
      std::cerr << "plaquette: error: cannot write to standard output"
                << (stdout_closed ? std::string(": it is closed")
                    : err         ? std::string(": ") + std::strerror(err)
                                  : std::string())
                << '\n';
      return 4;
    }
    return status;
  } catch (const ModuleMissing& e) {
    std::cerr << "plaquette: error: " << e.what() << '\n'
              << "  hint: `proof` and `preflight` load plaquette-proof.so and "
                 "plaquette-preflight.so from the program's folder; build them with `make` "
                 "(or `cmake --build build`) and keep them beside the program\n";
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
  // A command that reads and lays out allocates megabytes: the heap in huge pages (not for
  // --version, --help or a usage error, which it would only slow down).
  heap_in_huge_pages();
  if (o.command == "preflight") return run_preflight(o);

  if (o.command == "watch") return run_watch(o);
  if (!o.editions.empty()) return o.command == "check" ? check_all(o) : build_all(o);

  auto start = std::chrono::steady_clock::now();
  Diagnostics diags;
  // `build` subsets every font it embeds: no trial subset when loading them.
  text::FontCache fonts(o.command == "build" ? text::FontChecks::without_trial_subset
                                             : text::FontChecks::with_trial_subset);
  auto laid = lay_out(o.spec, fonts, diags);
  std::optional<std::string> pdf;
  std::string output;
  if (laid && o.command == "build") {
    pdf = render_pdf(laid->doc, diags);
    output = o.output.empty() ? default_output(o.spec, laid->locale) : o.output;
    if (pdf && !diags.has_errors()) write_atomically(output, *pdf, o.output.empty(), diags);
  }
  std::size_t proof_pages = 0;
  if (laid && o.command == "proof") {
    std::optional<std::vector<std::string>> pages;
    if (proof_fits(laid->doc, o, diags)) pages = render_proof(laid->doc, o.proof, diags);
    if (pages && !diags.has_errors()) {
      proof_pages = pages->size();
      if (write_files_atomically(o.output, proof_files(o, laid->locale, std::move(*pages)), diags))
        remove_stale_proof_pages(o, laid->locale, proof_pages);
    }
  }
  if (o.json) {
    diags.print_json(std::cout);
    return diags.has_errors() ? 1 : 0;
  }
  diags.print(std::cerr);
  if (diags.has_errors()) return 1;

  double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  if (o.command == "dump") {
    std::cout << display::dump(laid->doc);
  } else if (!o.quiet) {
    char line[512];
    if (o.command == "proof")
      std::snprintf(line, sizeof line, "wrote %s into %s, %.0f ms\n",
                    counted(proof_pages, o.format == "png" ? "PNG page" : "SVG page").c_str(),
                    o.output.c_str(), ms);
    else if (o.command == "build")
      std::snprintf(line, sizeof line, "wrote %s: %s, %zu KiB, %.0f ms\n", output.c_str(),
                    counted(laid->doc.pages.size(), "page").c_str(), pdf->size() / 1024, ms);
    else
      std::snprintf(line, sizeof line, "%s: ok (%s, %s laid out, %.0f ms)\n", o.spec.data.c_str(),
                    laid->locale.c_str(), counted(laid->doc.pages.size(), "page").c_str(), ms);
    std::cout << line;
  }
  return 0;
}

}  // namespace plaquette::cli

#include "cli/pipeline.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <set>
#include <stdexcept>

#include "cli/modules.h"
#include "cli/paths.h"
#include "render/pdf/pdf.h"

namespace plaquette::cli {
namespace {

// Fonts and the profile resolve relative to the layout; they must not leave the project.
bool check_resources(const layout::Layout& l, const std::vector<std::string>& allow_paths,
                     Diagnostics& diags) {
  const PathPolicy paths(allow_paths);
  bool inside = true;
  const SourcePos layout_file{l.path, 0, 0};
  for (const auto& [key, file] : l.fonts) {
    auto at = l.font_pos.find(key);
    inside &= paths.check(file, at != l.font_pos.end() ? at->second : layout_file,
                          "font `" + key + "`", diags);
  }
  for (const auto& [file, pos] : l.bases)
    inside &= paths.check(file, pos, "the layout it extends", diags);
  for (const auto& f : l.files)
    inside &= paths.check(f.path, f.pos.known() ? f.pos : layout_file, f.what, diags);
  const SourcePos& profile_pos = l.page.output_profile_pos;
  inside &= paths.check(l.page.output_profile, profile_pos.known() ? profile_pos : layout_file,
                        "the output profile", diags);
  if (!inside) return false;
  // Every command that lays out needs the profile (PDF output intent, proof colours): a bad
  // one is an input error that `check` must report, not something `build` finds later.
  return render::pdf::check_output_profile(l.page.output_profile, l.page.output_profile_pos, diags,
                                           l.page.embed_output_profile,
                                           l.page.embed_output_profile_pos);
}

}  // namespace

std::optional<LaidOut> lay_out(const EditionSpec& spec, text::FontCache& fonts,
                               Diagnostics& diags) {
  Sources sources;
  return lay_out(spec, sources, fonts, diags);
}

bool ResourceChecks::check(const layout::Layout& l, const std::vector<std::string>& allow_paths,
                           Diagnostics& diags) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto [it, added] = done_.try_emplace(&l);
  if (added) it->second.ok = check_resources(l, allow_paths, it->second.diags);
  diags.merge(it->second.diags);
  return it->second.ok;
}

std::optional<LaidOut> lay_out(const EditionSpec& spec, Sources& sources, text::FontCache& fonts,
                               Diagnostics& diags, ResourceChecks* checks) {
  return pipeline::lay_out(spec, sources, fonts, diags,
                           [&](const layout::Layout& l, Diagnostics& d) {
                             return checks ? checks->check(l, spec.allow_paths, d)
                                           : check_resources(l, spec.allow_paths, d);
                           });
}

std::optional<std::string> render_pdf(const display::Document& doc, Diagnostics& diags) {
  std::string bytes;
  if (!render::pdf::render(doc, bytes, diags)) return std::nullopt;
  return bytes;
}

std::optional<std::vector<std::string>> render_proof(const display::Document& doc,
                                                     const render::cairo::Options& options,
                                                     Diagnostics& diags) {
  std::string error;
  const ProofModule* proof = proof_module(error);
  if (!proof) throw ModuleMissing(error);  // an installation problem: exit status 3
  std::vector<std::string> files;
  if (!proof->render(doc, options, files, diags)) return std::nullopt;
  return files;
}

std::string edition_name(const std::string& data, const std::string& locale) {
  return std::filesystem::path(data).stem().string() + "." + locale;
}

}  // namespace plaquette::cli

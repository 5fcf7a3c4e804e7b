#include "pipeline/pipeline.h"

#include <cerrno>
#include <cstdlib>
#include <set>

#include "figures/figures.h"
#include "figures/value.h"
#include "layout/engine.h"
#include "layout/pseudo.h"

namespace plaquette::pipeline {
namespace {

// SOURCE_DATE_EPOCH (reproducible-builds.org) overrides the data's date so that packagers
// can pin it; anything but a plain non-negative integer is refused, not guessed.
std::optional<int64_t> source_date_epoch(Diagnostics& diags) {
  const char* env = std::getenv("SOURCE_DATE_EPOCH");
  if (!env || !*env) return std::nullopt;
  char* end = nullptr;
  errno = 0;
  long long v = std::strtoll(env, &end, 10);
  if (*end != '\0' || errno != 0 || v < 0 || v > 253402300799LL) {
    diags.error({},
                std::string("SOURCE_DATE_EPOCH=") + env + " is not a number of seconds since 1970");
    return std::nullopt;
  }
  return v;
}

}  // namespace

const model::Edition* Sources::edition(const std::string& path, Diagnostics& diags) {
  auto [it, added] = editions_.try_emplace(path);
  if (added) {
    if (auto e = model::load_edition(path, diags))
      it->second = std::make_unique<model::Edition>(std::move(*e));
  }
  return it->second.get();
}

const layout::Layout* Sources::layout(const std::string& path, Diagnostics& diags) {
  auto [it, added] = layouts_.try_emplace(path);
  if (added) {
    if (auto l = layout::load_layout(path, diags))
      it->second = std::make_unique<layout::Layout>(std::move(*l));
  }
  return it->second.get();
}

const layout::Catalog* Sources::catalog(const std::string& layout_path, const std::string& locale,
                                        Diagnostics& diags) {
  auto [it, added] = catalogs_.try_emplace({layout_path, locale});
  if (added) {
    if (auto c = layout::load_catalog(layout::catalog_path(layout_path, locale), locale, diags))
      it->second = std::make_unique<layout::Catalog>(std::move(*c));
  }
  return it->second.get();
}

void Sources::preload(const EditionSpec& spec, Diagnostics& diags) {
  const model::Edition* e = edition(spec.data, diags);
  layout(spec.layout, diags);
  if (e) catalog(spec.layout, spec.locale.empty() ? e->source_locale.value : spec.locale, diags);
}

std::optional<LaidOut> lay_out(const EditionSpec& spec, text::FontCache& fonts, Diagnostics& diags,
                               const LayoutCheck& check) {
  Sources sources;
  return lay_out(spec, sources, fonts, diags, check);
}

std::optional<LaidOut> lay_out(const EditionSpec& spec, Sources& sources, text::FontCache& fonts,
                               Diagnostics& diags, const LayoutCheck& check) {
  std::size_t before = diags.error_count();
  const model::Edition* edition = sources.edition(spec.data, diags);
  const layout::Layout* layout = sources.layout(spec.layout, diags);
  if (!edition || !layout) return std::nullopt;
  if (check && !check(*layout, diags)) return std::nullopt;

  const std::string& source = edition->source_locale.value;
  // The pseudo-locale is built from the source texts.
  std::string locale = spec.pseudo || spec.locale.empty() ? source : spec.locale;
  // A locale the data has no text in at all is one mistake (a typo, or translations not
  // delivered yet), not one missing translation per text.
  std::set<std::string> locales;
  model::for_each_localized(*edition, [&](const std::string&, const model::Localized& l) {
    for (const auto& [loc, text] : l.texts) locales.insert(loc);
  });
  if (!locales.empty() && !locales.count(locale)) {
    std::string have;
    for (const std::string& l : locales) have += (have.empty() ? "" : ", ") + l;
    diags.error({spec.data, 0, 0}, "the data has no texts in locale `" + locale + "`")
        .hints.push_back("it has: " + have);
    return std::nullopt;
  }
  figures::Figures figs = figures::compute_figures(*edition, diags);
  figures::BindOptions bind;
  bind.allow_fallback = spec.allow_fallback;
  if (spec.pseudo) bind.transform = layout::pseudo_text;
  figures::Value bindings = figures::make_bindings(*edition, figs, locale, diags, bind);
  const layout::Catalog* catalog = sources.catalog(spec.layout, locale, diags);
  if (!catalog) return std::nullopt;

  // Every message of the source catalog must be translated: all missing keys are listed at
  // once, rather than found one layout block at a time.
  std::optional<layout::Catalog> completed;
  if (locale != source) {
    if (const layout::Catalog* src = sources.catalog(spec.layout, source, diags)) {
      for (const auto& [key, message] : src->messages) {
        if (catalog->find(key)) continue;
        if (!completed) completed = *catalog;
        if (spec.allow_fallback) {
          diags.warning({catalog->path, 0, 0}, "no `" + locale + "` message `" + key +
                                                   "`; using the `" + source + "` one");
          completed->messages[key] = message;
        } else {
          diags.error({catalog->path, 0, 0}, "no `" + locale + "` message `" + key + "`")
              .hints.push_back("translate it, or build with --allow-fallback");
          diags.note(message.pos, "the `" + source + "` message is here");
        }
      }
      if (completed) catalog = &*completed;
    }
  }
  std::optional<layout::Catalog> pseudo;
  if (spec.pseudo) catalog = &pseudo.emplace(layout::pseudo_catalog(*catalog));
  if (diags.error_count() > before) return std::nullopt;

  layout::BuildInput in;
  in.layout = layout;
  in.catalog = catalog;
  in.bindings = &bindings;
  in.fonts = &fonts;
  auto epoch = source_date_epoch(diags);
  in.date = epoch ? *epoch : figures::edition_epoch(*edition);
  auto doc = layout::build_document(in, diags);
  if (!doc || diags.error_count() > before) return std::nullopt;
  return LaidOut{std::move(*doc), spec.pseudo ? layout::kPseudoLocale : locale};
}

}  // namespace plaquette::pipeline

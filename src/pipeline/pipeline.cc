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

template <class K, class T>
std::shared_ptr<Sources::Slot<T>> Sources::slot(std::map<K, std::shared_ptr<Slot<T>>>& map,
                                                const K& key) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto& s = map[key];
  if (!s) s = std::make_shared<Slot<T>>();
  return s;
}

const model::Edition* Sources::edition(const std::string& path, Diagnostics& diags) {
  model::EditionState state;
  const model::Edition* e = edition(path, diags, state);
  return state.complete ? e : nullptr;
}

const model::Edition* Sources::edition(const std::string& path, Diagnostics& diags,
                                       model::EditionState& state) {
  auto s = slot(editions_, path);
  std::lock_guard<std::mutex> lock(s->mutex);
  if (!s->loaded) {
    s->loaded = true;
    if (auto e = model::load_edition(path, diags, s->state))
      s->value = std::make_unique<model::Edition>(std::move(*e));
  }
  state = s->state;
  return s->value.get();
}

const layout::Layout* Sources::layout(const std::string& path, Diagnostics& diags) {
  auto s = slot(layouts_, path);
  std::lock_guard<std::mutex> lock(s->mutex);
  if (!s->loaded) {
    s->loaded = true;
    if (auto l = layout::load_layout(path, diags))
      s->value = std::make_unique<layout::Layout>(std::move(*l));
  }
  return s->value.get();
}

const layout::Catalog* Sources::catalog(const std::string& layout_path, const std::string& locale,
                                        Diagnostics& diags) {
  auto s = slot(catalogs_, std::make_pair(layout_path, locale));
  std::lock_guard<std::mutex> lock(s->mutex);
  if (!s->loaded) {
    s->loaded = true;
    if (auto c = layout::load_catalog(layout::catalog_path(layout_path, locale), locale, diags))
      s->value = std::make_unique<layout::Catalog>(std::move(*c));
  }
  return s->value.get();
}

void Sources::release_edition(const std::string& path) {
  std::lock_guard<std::mutex> lock(mutex_);
  editions_.erase(path);
}

void Sources::preload(const EditionSpec& spec, Diagnostics& diags) {
  model::EditionState state;
  const model::Edition* e = edition(spec.data, diags, state);
  layout(spec.layout, diags);
  const bool source = e && state.source_locale;
  if (source) catalog(spec.layout, e->source_locale.value, diags);
  if (!spec.locale.empty() && (source || !e)) catalog(spec.layout, spec.locale, diags);
}

std::optional<figures::Value> bindings(const EditionSpec& spec, Sources& sources,
                                       Diagnostics& diags) {
  const std::size_t before = diags.error_count();
  model::EditionState state;
  const model::Edition* edition = sources.edition(spec.data, diags, state);
  if (!edition || !state.complete) return std::nullopt;
  const std::string locale = spec.locale.empty() ? edition->source_locale.value : spec.locale;
  auto figs = figures::compute_figures(*edition, diags);
  figures::BindOptions bind;
  bind.allow_fallback = spec.allow_fallback;
  auto value = figures::make_bindings(*edition, figs, locale, diags, bind);
  if (diags.error_count() > before) return std::nullopt;
  return value;
}

std::optional<LaidOut> lay_out(const EditionSpec& spec, text::FontCache& fonts, Diagnostics& diags,
                               const LayoutCheck& check) {
  Sources sources;
  return lay_out(spec, sources, fonts, diags, check);
}

// Every stage is checked as far as what it needs is sound, so that every problem is
// reported at once: a broken data file still has its figures checked when the tables they
// come from read cleanly, and the catalogs and the layout are checked whatever the data; a
// stage whose inputs are broken is skipped, so that no error follows from another.
std::optional<LaidOut> lay_out(const EditionSpec& spec, Sources& sources, text::FontCache& fonts,
                               Diagnostics& diags, const LayoutCheck& check) {
  std::size_t before = diags.error_count();
  model::EditionState state;
  const model::Edition* edition = sources.edition(spec.data, diags, state);
  const layout::Layout* layout = sources.layout(spec.layout, diags);
  // The caller's check of the layout's resources (fonts, profile) runs whatever the data.
  const bool layout_ok = layout && (!check || check(*layout, diags));

  // The source locale, when the data says it cleanly; the locale built.
  const std::string source = edition && state.source_locale ? edition->source_locale.value : "";
  std::string locale = spec.pseudo || spec.locale.empty() ? source : spec.locale;
  // A locale the data has no text in at all is one mistake (a typo, or translations not
  // delivered yet), not one missing translation per text nor a missing catalog.
  if (edition && state.complete) {
    std::set<std::string> locales;
    model::for_each_localized(*edition, [&](const std::string&, const model::Localized& l) {
      for (const auto& [loc, text] : l.texts) locales.insert(loc);
    });
    if (!locales.empty() && !locales.count(locale)) {
      std::string have;
      for (const std::string& l : locales) have += (have.empty() ? "" : ", ") + l;
      diags.error({spec.data, 0, 0}, "the data has no texts in locale `" + locale + "`")
          .hints.push_back("it has: " + have);
      locale.clear();
    }
  }
  // The figures' errors and the bindings' (a missing translation) stop the layout: what it
  // would print is wrong, and its errors could follow from them.
  const std::size_t before_data = diags.error_count();
  std::optional<figures::Figures> figs;
  if (edition && state.figures) figs = figures::compute_figures(*edition, diags);
  std::optional<figures::Value> bindings;
  if (edition && state.complete && !locale.empty()) {
    figures::BindOptions bind;
    bind.allow_fallback = spec.allow_fallback;
    if (spec.pseudo) bind.transform = layout::pseudo_text;
    bindings = figures::make_bindings(*edition, *figs, locale, diags, bind);
  }
  const bool data_ok = bindings && diags.error_count() == before_data;

  // The catalog of the locale, completed with the source locale's messages it lacks: each
  // missing one is an error (a warning with --allow-fallback) and the layout is then still
  // laid out with the source message standing in, so that its own problems are found too.
  const layout::Catalog* catalog =
      locale.empty() ? nullptr : sources.catalog(spec.layout, locale, diags);
  std::optional<layout::Catalog> completed;
  if (catalog && !source.empty() && locale != source) {
    if (const layout::Catalog* src = sources.catalog(spec.layout, source, diags)) {
      for (const auto& [key, message] : src->messages) {
        if (catalog->find(key)) continue;
        if (!completed) completed = *catalog;
        if (spec.allow_fallback) {
          diags.warning({catalog->path, 0, 0}, "no `" + locale + "` message `" + key +
                                                   "`; using the `" + source + "` one");
        } else {
          diags.error({catalog->path, 0, 0}, "no `" + locale + "` message `" + key + "`")
              .hints.push_back("translate it, or build with --allow-fallback");
          diags.note(message.pos, "the `" + source + "` message is here");
        }
        completed->messages[key] = message;
      }
      if (completed) catalog = &*completed;
    }
  }
  std::optional<layout::Catalog> pseudo;
  if (catalog && spec.pseudo) catalog = &pseudo.emplace(layout::pseudo_catalog(*catalog));
  if (!data_ok || !layout_ok || !catalog) return std::nullopt;

  layout::BuildInput in;
  if (!spec.each.empty()) {
    // The item of a per-item edition, found again by its index in the list it was named from.
    const figures::Value* list = bindings->find(spec.each);
    if (!list || list->kind != figures::Value::Kind::list || spec.item >= list->items.size()) {
      diags.error({spec.data, 0, 0}, "no item " + std::to_string(spec.item + 1) + " in `" +
                                         spec.each + "` of the data");
      return std::nullopt;
    }
    in.item = &list->items[spec.item];
    in.item_as = spec.as;
    in.item_path = spec.each + "." + std::to_string(spec.item);
  }
  in.layout = layout;
  in.catalog = catalog;
  in.bindings = &*bindings;
  in.fonts = &fonts;
  auto epoch = source_date_epoch(diags);
  in.date = epoch ? *epoch : figures::edition_epoch(*edition);
  auto doc = layout::build_document(in, diags);
  if (!doc || diags.error_count() > before) return std::nullopt;
  return LaidOut{std::move(*doc), spec.pseudo ? layout::kPseudoLocale : locale};
}

}  // namespace plaquette::pipeline

// Private to the layout module: the state of one document build, shared by the files that
// place each kind of block (engine.cc, engine_text.cc, chart.cc).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "layout/engine.h"
#include "layout/template.h"
#include "text/paragraph.h"

namespace plaquette::layout {

/// A box in page space (points, media origin, y down).
struct Box {
  double x = 0, y = 0, w = 0, h = 0;
};

/// A rectangle path, with rounded corners when `radius` > 0.
display::Path rect_path(const Box& b, double radius);

/// One document build: walks the blocks and appends display items to the current page.
class Engine {
 public:
  Engine(const BuildInput& in, Diagnostics& diags);

  std::optional<display::Document> run();

  // Placing blocks. Each returns the height it used; with auto_height the block takes its
  // natural height instead of the box's.
  double place(const Block& b, const Box& parent, const Scope& scope, bool in_flow);
  double place_text(const Block& b, const Box& box, bool auto_height, const Scope& scope);
  double place_stat(const Block& b, const Box& box, bool auto_height, const Scope& scope);
  double place_list(const Block& b, const Box& box, bool auto_height, const Scope& scope);
  double place_icon(const Block& b, const Box& box);
  double place_chart(const Block& b, const Box& box, const Scope& scope);
  double place_stack(const Block& b, const Box& box, bool auto_height, const Scope& scope);
  void place_repeat(const Block& b, const Box& box, const Scope& scope);
  void place_rect(const Block& b, const Box& box);
  void place_rule(const Block& b, const Box& box);

  /// A laid-out paragraph and what it needs to be drawn.
  struct Para {
    text::Paragraph para;
    std::vector<int> span_fonts;  ///< document font index per span (by PlacedRun::tag)
    double leading = 0;
    double height = 0;
    std::vector<SourcePos> sources;  ///< data the text came from, for diagnostics
    std::vector<std::string> source_names;  ///< what each source is (RichText::source_names)
    bool ok = false;
    bool overfull = false;  ///< a word is wider than the measure
    double size = 0;        ///< font size used (smaller than the style's after `fit: shrink`)
  };
  /// Expands, shapes and breaks one template in a style. `who` names the block in messages.
  Para layout_text(const std::string& tmpl, const SourcePos& pos, const Style& style,
                   std::optional<HAlign> align, double width, const Scope& scope,
                   const Block& who);
  /// layout_text, with the style's `fit: shrink`: smaller sizes in steps until the text is
  /// no wider than `width` and, when `max_height` >= 0, no taller than it. At the minimum
  /// size the last attempt is returned (and its problems reported).
  Para layout_fitted(const std::string& tmpl, const SourcePos& pos, const Style& style,
                     std::optional<HAlign> align, double width, double max_height,
                     const Scope& scope, const Block& who);
  /// Draws a laid-out paragraph with its top at `top`.
  void draw_para(const Para& p, double x, double top);

  const Style* style(const std::string& name, const Block& who);
  const display::Cmyk* colour(const std::string& name, const SourcePos& pos);
  int font_index(const text::Font* f);
  const text::Font* font(const std::string& key, const SourcePos& pos);
  Box resolve_frame(const Block& b, const Box& parent);
  /// The list a block is bound to (`over`), or nullptr after reporting why not.
  const figures::Value* bound_list(const Block& b, const Scope& scope, const char* verb);
  void overflow(const Block& b, const std::string& what, double need, double have,
                const std::vector<SourcePos>& sources,
                const std::vector<std::string>& names = {});

  const BuildInput& in;
  const Layout& layout;
  Diagnostics& diags;
  text::Locale locale;  ///< the catalog's language: spacing, line breaks, hyphenation
  ExpandContext ctx;
  display::Document doc;
  display::Page* page = nullptr;
  std::map<const text::Font*, int> font_ids;
  std::map<std::string, const text::Font*> fonts_by_key;  ///< failures too, as nullptr
  const display::Cmyk* accent = nullptr;  ///< the current repeat cell's `accent` colour
  std::string cell;  ///< "item 2 of `themes`" inside a repeat cell, for messages
  /// Sources of every text laid out so far, so that a container that overflows (a stack, a
  /// callout, a list) can name the data inside it: take the entries after a mark.
  std::vector<std::pair<SourcePos, std::string>> text_sources;
  /// While trying sizes for `fit: shrink`: a too-wide word is not reported.
  bool quiet_overfull = false;
  /// The sources recorded since `mark`, as overflow() takes them.
  void sources_since(std::size_t mark, std::vector<SourcePos>& pos,
                     std::vector<std::string>& names) const;
};

}  // namespace plaquette::layout

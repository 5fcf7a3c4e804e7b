// Private to the layout module: the state of one document build, shared by the files that
// place each kind of block (engine.cc, engine_text.cc, blocks/).
#pragma once

#include <functional>
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

/// What a block inherits from the blocks around it, passed down by value (nothing to save
/// and restore): the data in scope and, inside a repeat cell, the cell's colour.
struct Env {
  Scope scope;
  const display::Cmyk* cell_colour = nullptr;  ///< the cell's colour (a repeat's `colors`)
  std::string cell_colour_name;                ///< the palette name it stands for (`color_as`)
  std::string cell;  ///< "item 2 of `themes`" inside a repeat cell, for messages

  /// The same, with `name` bound to `value` (a list item).
  Env with(std::string name, const figures::Value& value, std::string path) const {
    Env e = *this;
    e.scope = scope.with(std::move(name), value, std::move(path));
    return e;
  }
};

/// The list a block is bound to: `over:` a binding path, each item named `as` inside.
struct ListBinding {
  std::string over;
  SourcePos pos;  ///< where `over:` is written
  std::string as = "item";
  ListQuery query;  ///< `where`, `sort`, `order`, `limit`
};

/// What placing a block gives: its display items, positioned on the page, and the height
/// it took. Placement returns it and draws nothing: the caller appends it to its own frame
/// (or drops it), so a trial layout costs nothing to undo.
struct Placed {
  std::vector<display::Item> items;
  double height = 0;
  /// A heading (text in a style with `keep_with_next`): its style's name, so that a stack
  /// ending on it can say so.
  std::string heading;
  /// It took the height of its box (a rect, a chart, a group without a height of its own),
  /// not one of its content: a cell sized by its content (`rows: auto`) does not measure it.
  bool fills = false;
  /// Not shown: its `when:` condition does not hold (it takes no room, not even a gap).
  bool hidden = false;

  /// Appends another frame's items after this one's (paint order).
  void append(Placed&& other) {
    items.insert(items.end(), std::make_move_iterator(other.items.begin()),
                 std::make_move_iterator(other.items.end()));
  }
};

/// A rectangle path, with rounded corners when `radius` > 0.
display::Path rect_path(const Box& b, double radius);

/// A stroked straight line.
void add_line(std::vector<display::Item>& items, double x0, double y0, double x1, double y1,
              double width, const display::Cmyk& c);

/// "U+4E2D": the code point at byte `i` of `s`, for messages about missing glyphs.
std::string code_point_at(const std::string& s, std::size_t i);

/// One document build: walks the blocks and appends display items to the current page.
class Engine {
 public:
  Engine(const BuildInput& in, Diagnostics& diags);

  std::optional<display::Document> run();

  /// Places `b` in `parent`: resolves its frame and calls its kind's unit (blocks/). In a
  /// flow (a stack's children), a block without a height takes its natural height.
  Placed place(const Block& b, const Box& parent, const Env& env, bool in_flow);
  /// A trial layout, to measure: runs `fn` on an engine of its own (the same inputs and
  /// page, nothing else shared) whose warnings are dropped. Its errors are passed on, and
  /// then it returns false: the build fails anyway, and placing for real would only report
  /// them twice.
  bool trial(const std::function<void(Engine&)>& fn);

  /// A laid-out paragraph and what it needs to be drawn.
  struct Para {
    text::Paragraph para;
    std::vector<int> span_fonts;  ///< document font index per span (by PlacedRun::tag)
    double leading = 0;
    double height = 0;
    std::vector<SourcePos> sources;         ///< data the text came from, for diagnostics
    std::vector<std::string> source_names;  ///< what each source is (RichText::source_names)
    bool ok = false;
    bool overfull = false;       ///< a word is wider than the measure
    double overfull_width = 0;   ///< the first overfull line's width
    double width = 0;            ///< the measure
    std::string missing;         ///< code points the font lacks ("U+4E2D U+6587"), if any
    std::string missing_font;    ///< PostScript name of that font
    double size = 0;             ///< font size used (smaller than the style's after `fit: shrink`)
    bool no_dictionary = false;  ///< justified and hyphenated, but the locale has no patterns
  };
  /// Expands, shapes and breaks one template in a style, and only measures: its problems
  /// (a word too wide, missing glyphs, greedy justification) are kept in the Para, so that
  /// trial layouts report nothing.
  Para measure_text(const std::string& tmpl, const SourcePos& pos, const Style& style,
                    std::optional<HAlign> align, double width, const Env& env);
  /// measure_text of a template already expanded (`fit: shrink` expands once for its trials).
  Para measure_rich(const RichText& rich, const Style& style, std::optional<HAlign> align,
                    double width, const Env& env);
  /// Reports the problems of a measured paragraph at `who`, and records its sources for the
  /// overflow messages of the containers around it.
  void report_text(const Para& p, const Block& who, const Env& env);
  /// measure_text then report_text. `who` names the block in messages.
  Para layout_text(const std::string& tmpl, const SourcePos& pos, const Style& style,
                   std::optional<HAlign> align, double width, const Env& env, const Block& who);
  /// layout_text, with the style's `fit: shrink`: smaller sizes in steps until the text is
  /// no wider than `width` and, when `max_height` >= 0, no taller than it. At the minimum
  /// size the last attempt is returned (and its problems reported).
  Para layout_fitted(const std::string& tmpl, const SourcePos& pos, const Style& style,
                     std::optional<HAlign> align, double width, double max_height, const Env& env,
                     const Block& who);
  /// Draws a laid-out paragraph with its top at `top`.
  void draw_para(const Para& p, double x, double top, std::vector<display::Item>& out);

  const Style* style(const std::string& name, const Block& who);
  /// A palette colour; inside a repeat cell (`env`), the cell's colour under its name.
  const display::Cmyk* colour(const std::string& name, const SourcePos& pos,
                              const Env* env = nullptr);
  int font_index(const text::Font* f);
  const text::Font* font(const std::string& key, const SourcePos& pos);
  Box resolve_frame(const Block& b, const Box& parent);
  /// The list a block is bound to (`over`), or nullptr after reporting why not.
  const figures::Value* bound_list(const Block& b, const ListBinding& l, const Env& env,
                                   const char* verb);
  /// The items of `list` (bound by `l`) that its query takes, as indexes, in order; an
  /// empty result is an error (`verb`: "repeats over"); nullopt after reporting.
  std::optional<std::vector<std::size_t>> bound_items(const Block& b, const ListBinding& l,
                                                      const figures::Value& list, const Env& env,
                                                      const char* verb);
  /// True when the block has no `when:` or its condition holds; false after an error.
  bool shown(const Block& b, const Env& env);
  void overflow(const Block& b, const Env& env, const std::string& what, double need, double have,
                const std::vector<SourcePos>& sources, const std::vector<std::string>& names = {});

  const BuildInput& in;
  const Layout& layout;
  Diagnostics& diags;
  text::Locale locale;             ///< the catalog's language: spacing, line breaks, hyphenation
  bool warned_dictionary = false;  ///< the missing-dictionary warning is given once a run
  ExpandContext ctx;
  display::Document doc;
  display::Page* page = nullptr;
  std::map<const text::Font*, int> font_ids;
  std::map<const text::Font*, SourcePos> font_named_at;   ///< the layout's `fonts:` entry
  std::map<std::string, const text::Font*> fonts_by_key;  ///< failures too, as nullptr
  /// Sources of every text laid out so far, so that a container that overflows (a stack, a
  /// callout, a list) can name the data inside it: take the entries after a mark.
  std::vector<std::pair<SourcePos, std::string>> text_sources;
  /// The sources recorded since `mark`, as overflow() takes them.
  void sources_since(std::size_t mark, std::vector<SourcePos>& pos,
                     std::vector<std::string>& names) const;
};

}  // namespace plaquette::layout

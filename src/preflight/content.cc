// The content of a page, walked operator by operator with the streaming tokenizer, through
// the forms, patterns and images it uses: colour spaces, transparency, fonts, image
// resolution, text size and total ink. The graphics state is tracked just far enough for
// that: the CTM (image resolution, text size, what reaches the sheet), the colour spaces and
// the ink of the current fill and stroke colours, the text matrix and font size.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <deque>
#include <exception>
#include <optional>
#include <vector>

#include "preflight/preflight_private.h"

namespace plaquette::preflight {
namespace {

constexpr Severity kError = Severity::error;
constexpr Severity kWarning = Severity::warning;
constexpr Severity kNote = Severity::note;
constexpr int kMaxDepth = 12;  // forms and patterns inside each other; deeper is a loop
// No operator takes more operands than this (DeviceN colours have at most 32 components):
// a stream of operands without operators keeps only the last ones.
constexpr std::size_t kMaxOperands = 40;

// Less ink than this (a tenth of a percent) is no ink: it does not make a plate print.
constexpr double kNoInk = 0.001;
// Text under this size must print on one plate (house rule).
constexpr double kRegistrationPt = 12;

int count_plates(const double* v, int n) {
  int plates = 0;
  for (int i = 0; i < n; ++i) plates += v[i] > kNoInk;
  return plates;
}

// An operator's name as a number, to dispatch on it without comparing strings: ten million
// operators must take well under a second.
constexpr std::uint32_t code(std::string_view op) {
  std::uint32_t v = 0;
  if (op.size() > 3) return 0xFFFFFFFF;
  for (char c : op) v = v << 8 | static_cast<unsigned char>(c);
  return v;
}

// An operand as a qpdf object, for the few places that need one (colour space names,
// inline image dictionaries). Nesting is bounded by the tokenizer.
QPDFObjectHandle to_qpdf(const Operand& o) {
  switch (o.kind) {
    case Operand::Kind::number:
      return o.num == std::floor(o.num) && std::abs(o.num) < 1e9
                 ? QPDFObjectHandle::newInteger(static_cast<long long>(o.num))
                 : QPDFObjectHandle::newReal(o.num, 6);
    case Operand::Kind::name:
      return QPDFObjectHandle::newName(o.text);
    case Operand::Kind::string:
      return QPDFObjectHandle::newString(o.text);
    case Operand::Kind::boolean:
      return QPDFObjectHandle::newBool(o.text == "true");
    case Operand::Kind::array: {
      QPDFObjectHandle a = QPDFObjectHandle::newArray();
      for (const Operand& i : o.items) a.appendItem(to_qpdf(i));
      return a;
    }
    case Operand::Kind::dict: {
      QPDFObjectHandle d = QPDFObjectHandle::newDictionary();
      for (std::size_t i = 0; i + 1 < o.items.size(); i += 2)
        if (o.items[i].is_name()) d.replaceKey(o.items[i].text, to_qpdf(o.items[i + 1]));
      return d;
    }
    default:
      return QPDFObjectHandle::newNull();
  }
}

const char* const kWhyColour =
    "PDF/X-1a allows only CMYK, gray and spot colours: RGB or device-independent colour is "
    "converted by the print shop's RIP, and the printed colours are not the ones proofed";
const char* const kWhyOptional =
    "layers can be shown or hidden: which content prints depends on the reader";
const char* const kWhyTransparency =
    "PDF/X-1a forbids transparency: RIPs flatten it unpredictably (white boxes, stitching)";

std::string fmt(const char* f, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, f, v);
  return buf;
}

std::string name_of(QPDFObjectHandle oh) { return oh.isName() ? oh.getName() : "?"; }

/// A resource as shown to humans: "/Im1 (12 0 R)".
std::string label(const std::string& name, QPDFObjectHandle oh) {
  const std::string ref = object_ref(oh);
  return ref.empty() ? name : name + " (" + ref + ")";
}

// Names a colour space and says whether PDF/X-1a allows it. `family` receives the space
// that decides how colour operands read (DeviceCMYK, DeviceGray, Pattern, ...).
struct Space {
  std::string family;
  std::string bad;  ///< "" when allowed, else a description ("DeviceRGB", "ICCBased RGB")
  // Separation and DeviceN: the colorants, and how a tint reaches the plates.
  bool all = false;   ///< the /All separation: registration colour, on every plate
  int inputs = 0;     ///< tint components
  int alternate = 0;  ///< components of the alternate space: 4 DeviceCMYK, 1 DeviceGray
  std::shared_ptr<const Function> tint = nullptr;  ///< the tint transform, if any
};

// The tint transform of a Separation or DeviceN space into its alternate space, parsed once
// per document (streams are indirect, so their object number names them).
std::shared_ptr<const Function> tint_function(QPDFObjectHandle f, Budget& budget, DocState& doc) {
  if (f.isIndirect()) {
    auto it = doc.functions.find(f.getObjGen());
    if (it != doc.functions.end()) return it->second;
  }
  auto fn = std::make_shared<const Function>(Function::parse(f, budget));
  if (f.isIndirect()) doc.functions.emplace(f.getObjGen(), fn);
  return fn;
}

struct TintSource {
  Budget& budget;
  DocState& doc;
};

Space classify(QPDFObjectHandle cs, QPDFObjectHandle resources, int depth = 0,
               TintSource* tints = nullptr) {
  if (depth > kMaxDepth) return {"?", ""};
  if (cs.isName()) {
    const std::string n = cs.getName();
    // Inline images abbreviate the device spaces.
    if (n == "/DeviceCMYK" || n == "/CMYK") return {"DeviceCMYK", ""};
    if (n == "/DeviceGray" || n == "/G") return {"DeviceGray", ""};
    if (n == "/DeviceRGB" || n == "/RGB") return {"DeviceRGB", "DeviceRGB"};
    if (n == "/Pattern") return {"Pattern", ""};
    QPDFObjectHandle named = resource(resources, "/ColorSpace", n);
    if (named.isNull()) return {"?", ""};
    return classify(named, resources, depth + 1, tints);
  }
  if (!cs.isArray() || cs.getArrayNItems() == 0) return {"?", ""};
  const std::string kind = name_of(cs.getArrayItem(0));
  if (kind == "/ICCBased") {
    QPDFObjectHandle n = key(cs.getArrayItem(1), "/N");
    const int comps = n.isInteger() ? static_cast<int>(n.getIntValue()) : 0;
    return {"ICCBased", comps == 3   ? "ICCBased RGB"
                        : comps == 4 ? "ICCBased CMYK (device-independent)"
                        : comps == 1 ? "ICCBased gray (device-independent)"
                                     : "ICCBased"};
  }
  if (kind == "/CalRGB" || kind == "/CalGray" || kind == "/Lab")
    return {kind.substr(1), kind.substr(1)};
  if (kind == "/Indexed" || kind == "/Pattern") {
    if (cs.getArrayNItems() < 2) return {kind.substr(1), ""};
    Space base = classify(cs.getArrayItem(1), resources, depth + 1);
    return {kind.substr(1), base.bad.empty() ? "" : kind.substr(1) + " on " + base.bad};
  }
  if (kind == "/Separation" || kind == "/DeviceN") {
    if (cs.getArrayNItems() < 3) return {kind.substr(1), ""};
    Space alt = classify(cs.getArrayItem(2), resources, depth + 1);
    Space s{kind.substr(1),
            alt.bad.empty() ? "" : kind.substr(1) + " with " + alt.bad + " alternate"};
    QPDFObjectHandle names = cs.getArrayItem(1);
    s.all = kind == "/Separation" && names.isNameAndEquals("/All");
    s.inputs = kind == "/Separation" ? 1 : names.isArray() ? names.getArrayNItems() : 0;
    s.alternate = alt.family == "DeviceCMYK" ? 4 : alt.family == "DeviceGray" ? 1 : 0;
    if (tints && s.alternate && cs.getArrayNItems() >= 4 && s.inputs > 0 && s.inputs <= 32)
      s.tint = tint_function(cs.getArrayItem(3), tints->budget, tints->doc);
    return s;
  }
  return classify(cs.getArrayItem(0), resources, depth + 1, tints);
}

// C, M and Y at no ink and K full: the black that may overprint.
bool solid_black(const double* cmyk) {
  return cmyk[0] <= kNoInk && cmyk[1] <= kNoInk && cmyk[2] <= kNoInk && cmyk[3] >= 1 - kNoInk;
}

// Total ink of a Separation or DeviceN colour, through its tint transform into its CMYK or
// gray alternate; unknown when the transform cannot be evaluated.
std::optional<double> tint_ink(const Space& s, const std::vector<double>& tints) {
  if (!s.tint || !s.tint->ok()) return std::nullopt;
  const std::vector<double> out = s.tint->eval(tints);
  if (out.size() < static_cast<std::size_t>(s.alternate)) return std::nullopt;
  if (s.alternate == 1) return 1 - out[0];
  return out[0] + out[1] + out[2] + out[3];
}

/// The operator that set a colour, kept as numbers and written out only when it is the one
/// reported: formatting it at each of millions of operators would be most of the time.
struct ColourOp {
  std::string op = "initial black";
  int n = 0;  ///< numeric operands kept (up to four); -1 when there were others
  double v[4] = {};
  std::string name;  ///< a last operand that is a name (a pattern, a colour space)
  std::string text() const {
    std::string s = n < 0 ? "… " : "";
    for (int i = 0; i < n; ++i) s += fmt("%g", v[i]) + " ";
    return s + (name.empty() ? "" : name + " ") + op;
  }
};

/// What one page's walk accumulates.
struct PageCtx {
  int page = 0;
  Box bleed, trim;
  const Options& options;
  Findings& out;
  Budget& budget;
  DocState& doc;
  double max_ink = 0;
  std::string max_ink_where;
  double min_text = 0;  ///< 0 = no text seen
  std::string min_text_where;
  std::vector<QPDFObjGen> active;  ///< forms and patterns being walked (loop guard)
  /// The last fills of the page, newest last: the background of reversed text.
  struct Fill {
    Box box;
    int plates;
    ColourOp colour;
  };
  std::deque<Fill> fills;
};

struct GState {
  Matrix ctm;
  Space fill{"DeviceGray", ""}, stroke{"DeviceGray", ""};
  // Ink of the current colours; unknown for spot colours, patterns and RGB.
  std::optional<double> fill_ink = 1.0, stroke_ink = 1.0;  // initial colour: black
  // Printing plates the colours use (misregistration shows between them); -1 unknown.
  int fill_plates = 1, stroke_plates = 1;
  ColourOp fill_op, stroke_op;
  // 100 % black alone (k 0 0 0 1, or gray 0): the colour that may overprint.
  bool fill_black = true;
  // Overprint (ExtGState /OP, /op, /OPM).
  bool overprint_fill = false, overprint_stroke = false;
  int overprint_mode = 0;
  double font_size = 0;
  std::string font;
  FontUse* font_use = nullptr;  ///< the font when its glyphs are checked (check_fonts)
  int render_mode = 0;
};

class Walker {
 public:
  Walker(PageCtx& ctx, QPDFObjectHandle resources, const GState& gs, std::string where, int depth)
      : ctx_(ctx), res_(resources), gs_(gs), where_(std::move(where)), depth_(depth) {}

  /// Walks a form, a tiling pattern or the streams of a page's content, token by token.
  void walk(std::vector<QPDFObjectHandle> streams) {
    StreamReader in(std::move(streams), ctx_.budget);
    ContentLexer lex(in);
    Operand operand;
    std::string name;
    for (;;) {
      const ContentLexer::Token t = lex.next(operand, name);
      if (t == ContentLexer::Token::end) break;
      if (t == ContentLexer::Token::operand) {
        if (args_.size() >= kMaxOperands) args_.erase(args_.begin());
        args_.push_back(std::move(operand));
        continue;
      }
      op(name);
      if (name.size() == 2 && name[0] == 'I' && name[1] == 'D') lex.skip_inline_image();
      args_.clear();
    }
    if (in.budget_hit())
      add(kError, "budget", where_, "the content " + in.problem(),
          "a stream that inflates past the budget is a decompression bomb or far beyond any "
          "print job; a RIP may fail on it");
    else if (!in.problem().empty())
      add(kError, "parse", where_, "its content " + in.problem() + "; the rest was not checked",
          "a RIP would fail on it too");
    else if (!lex.error().empty())
      add(kError, "parse", where_, "its content has " + lex.error() + "; the rest was not checked",
          "a RIP would fail on it too");
  }

 private:
  void add(Severity s, const char* check, const std::string& object, std::string what,
           const std::string& why) {
    ctx_.out.add(s, check, ctx_.page, object, std::move(what), why);
  }

  // The last n operands as numbers; false when they are not.
  bool nums(std::size_t n, double* v) const {
    if (args_.size() < n) return false;
    for (std::size_t i = 0; i < n; ++i) {
      const Operand& a = args_[args_.size() - n + i];
      if (!a.is_number()) return false;
      v[i] = a.num;
    }
    return true;
  }

  // The last operand when it is a name, else "".
  std::string last_name() const {
    return !args_.empty() && args_.back().is_name() ? args_.back().text : std::string();
  }

  ColourOp op_text(const std::string& name) const {
    ColourOp c;
    c.op = name;
    std::size_t numbers = args_.size();
    if (numbers > 0 && args_.back().is_name()) c.name = args_[--numbers].text;
    c.n = numbers > 4 ? -1 : static_cast<int>(numbers);
    for (int i = 0; i < c.n; ++i) {
      if (!args_[i].is_number()) {
        c.n = -1;
        break;
      }
      c.v[i] = args_[i].num;
    }
    return c;
  }

  void op(const std::string& o) {
    const std::uint32_t k = code(o);  // compared as a number: no string compares
    double v[6];
    if (k == code("q")) {
      stack_.push_back(gs_);
    } else if (k == code("Q")) {
      if (!stack_.empty()) gs_ = stack_.back(), stack_.pop_back();
    } else if (k == code("cm")) {
      if (nums(6, v)) gs_.ctm = Matrix{v[0], v[1], v[2], v[3], v[4], v[5]}.then(gs_.ctm);
    } else if (k == code("cs") || k == code("CS")) {
      if (args_.empty()) return;
      TintSource tints{ctx_.budget, ctx_.doc};
      Space s = classify(to_qpdf(args_.back()), res_, 0, &tints);
      colour_space_used(s, o);
      const bool fill = k == code("cs");
      // Selecting a space sets its initial colour: black for the device spaces, full tint
      // of every colorant for Separation and DeviceN.
      std::optional<double> ink;
      const bool device = s.family == "DeviceCMYK" || s.family == "DeviceGray";
      if (device) ink = 1.0;
      if (s.family == "Separation" || s.family == "DeviceN") {
        if (s.tint && !s.tint->ok())
          add(kNote, "ink", where_,
              "the ink of " + s.family + " colour " + last_name() +
                  " was not checked: its tint transform is " + s.tint->why(),
              "its tints cannot be converted to their alternate space");
        ink = tint_ink(s, std::vector<double>(static_cast<std::size_t>(s.inputs), 1.0));
      }
      (fill ? gs_.fill : gs_.stroke) = s;
      (fill ? gs_.fill_ink : gs_.stroke_ink) = ink;
      (fill ? gs_.fill_plates : gs_.stroke_plates) = device || s.family == "Separation" ? 1
                                                     : s.family == "DeviceN"            ? s.inputs
                                                                                        : -1;
      (fill ? gs_.fill_op : gs_.stroke_op) = op_text(o);
      if (fill) gs_.fill_black = device;
    } else if (k == code("g") || k == code("G") || k == code("k") || k == code("K") ||
               k == code("rg") || k == code("RG")) {
      const bool fill = o[0] >= 'a';
      const char kind = static_cast<char>(o[0] | 0x20);  // g, k or r
      Space s = kind == 'g'   ? Space{"DeviceGray", ""}
                : kind == 'k' ? Space{"DeviceCMYK", ""}
                              : Space{"DeviceRGB", "DeviceRGB"};
      colour_space_used(s, o);
      std::optional<double> ink;
      int plates = -1;
      bool black = false;
      if (kind == 'g' && nums(1, v)) ink = 1 - v[0], plates = *ink > kNoInk, black = v[0] <= kNoInk;
      if (kind == 'k' && nums(4, v))
        ink = v[0] + v[1] + v[2] + v[3], plates = count_plates(v, 4), black = solid_black(v);
      if (fill) gs_.fill_black = black;
      (fill ? gs_.fill : gs_.stroke) = s;
      (fill ? gs_.fill_ink : gs_.stroke_ink) = ink;
      (fill ? gs_.fill_plates : gs_.stroke_plates) = plates;
      (fill ? gs_.fill_op : gs_.stroke_op) = op_text(o);
    } else if (k == code("sc") || k == code("scn") || k == code("SC") || k == code("SCN")) {
      const bool fill = o[0] == 's';
      const Space& s = fill ? gs_.fill : gs_.stroke;
      std::optional<double> ink;
      int plates = -1;
      bool black = false;
      if (s.family == "DeviceCMYK" && nums(4, v))
        ink = v[0] + v[1] + v[2] + v[3], plates = count_plates(v, 4), black = solid_black(v);
      if (s.family == "DeviceGray" && nums(1, v))
        ink = 1 - v[0], plates = *ink > kNoInk, black = v[0] <= kNoInk;
      if (s.family == "Separation" || s.family == "DeviceN") {
        std::vector<double> t;
        for (std::size_t i = 0; i < args_.size(); ++i)
          if (args_[i].is_number()) t.push_back(args_[i].num);
        if (t.size() == static_cast<std::size_t>(s.inputs)) ink = tint_ink(s, t);
        plates = 0;
        for (double x : t) plates += x > kNoInk;
      }
      if (fill) gs_.fill_black = black;
      if (s.family == "Pattern" && !last_name().empty()) pattern(last_name());
      (fill ? gs_.fill_ink : gs_.stroke_ink) = ink;
      (fill ? gs_.fill_plates : gs_.stroke_plates) = plates;
      (fill ? gs_.fill_op : gs_.stroke_op) = op_text(o);
    } else if (k == code("gs")) {
      if (!last_name().empty()) ext_gstate(last_name());
    } else if (k == code("sh")) {
      if (!last_name().empty())
        shading(resource(res_, "/Shading", last_name()), "shading " + last_name(), gs_.ctm);
    } else if (k == code("Do")) {
      if (!last_name().empty()) xobject(last_name());
    } else if (k == code("PS")) {
      add(kError, "postscript", where_, "PostScript operator PS",
          "PDF/X forbids PostScript: only a PostScript RIP runs it, and nothing can check it");
    } else if (k == code("BDC")) {
      if (args_.size() >= 2 && args_[args_.size() - 2].is_name() &&
          args_[args_.size() - 2].text == "/OC")
        add(kError, "optional-content", where_, "optional content (a /OC marked-content sequence)",
            kWhyOptional);
    } else if (k == code("ID")) {
      inline_image();
    } else if (k == code("BT")) {
      tm_ = tlm_ = Matrix{};
    } else if (k == code("Tm")) {
      if (nums(6, v)) tm_ = tlm_ = Matrix{v[0], v[1], v[2], v[3], v[4], v[5]};
    } else if (k == code("Td") || k == code("TD")) {
      if (nums(2, v)) tm_ = tlm_ = Matrix{1, 0, 0, 1, v[0], v[1]}.then(tlm_);
    } else if (k == code("Tf")) {
      if (nums(1, v) && args_.size() >= 2 && args_[args_.size() - 2].is_name()) {
        gs_.font_size = v[0];
        gs_.font = args_[args_.size() - 2].text;
        gs_.font_use = nullptr;
        font(gs_.font);
      }
    } else if (k == code("Tr")) {
      if (nums(1, v)) gs_.render_mode = static_cast<int>(v[0]);
    } else if (k == code("Tj") || k == code("TJ") || k == code("'") || k == code("\"")) {
      show_text();
    } else if (k == code("m") || k == code("l")) {
      if (nums(2, v)) extend(v[0], v[1]);
    } else if (k == code("c")) {
      if (nums(6, v)) extend(v[0], v[1]), extend(v[2], v[3]), extend(v[4], v[5]);
    } else if (k == code("v") || k == code("y")) {
      if (nums(4, v)) extend(v[0], v[1]), extend(v[2], v[3]);
    } else if (k == code("re")) {
      if (nums(4, v)) {
        extend(v[0], v[1]), extend(v[0] + v[2], v[1]);
        extend(v[0], v[1] + v[3]), extend(v[0] + v[2], v[1] + v[3]);
      }
    } else if (k == code("S") || k == code("s") || k == code("f") || k == code("F") ||
               k == code("f*") || k == code("B") || k == code("B*") || k == code("b") ||
               k == code("b*") || k == code("n")) {
      if (path_ && o != "n") {
        const bool stroke = k == code("S") || k == code("s") || o[0] == 'B' || o[0] == 'b';
        const bool fill = o != "S" && o != "s";
        if (fill) {
          ink(gs_.fill_ink, gs_.fill_op, *path_, gs_.fill.all);
          // The last fills, for the background of reversed text.
          if (ctx_.fills.size() >= 256) ctx_.fills.pop_front();
          ctx_.fills.push_back({*path_, gs_.fill_plates, gs_.fill_op});
        }
        if (stroke) ink(gs_.stroke_ink, gs_.stroke_op, *path_, gs_.stroke.all);
      }
      path_.reset();
    }
  }

  void colour_space_used(const Space& s, const std::string& o) {
    if (s.bad.empty()) return;
    add(kError, "colour", where_, "paints in " + s.bad + " (operator " + o + ")", kWhyColour);
  }

  // Path bounds in default user space: what reaches the sheet is what meets the bleed box.
  void extend(double x, double y) {
    const Matrix& m = gs_.ctm;
    const double px = m.a * x + m.c * y + m.e, py = m.b * x + m.d * y + m.f;
    if (!path_) path_ = Box{px, py, px, py};
    path_->x0 = std::min(path_->x0, px), path_->y0 = std::min(path_->y0, py);
    path_->x1 = std::max(path_->x1, px), path_->y1 = std::max(path_->y1, py);
  }

  // Ink outside the bleed box (crop marks in registration colour) is cut off: not counted.
  bool meets_trim(const Box& area) const {
    const Box& t = ctx_.trim;
    return area.x1 > t.x0 && area.x0 < t.x1 && area.y1 > t.y0 && area.y0 < t.y1;
  }

  void ink(const std::optional<double>& amount, const ColourOp& how, const Box& area,
           bool registration) {
    // The registration colour prints on every plate: right for crop marks outside the trim
    // (not counted as ink), wrong on the finished page.
    if (registration) {
      if (meets_trim(area))
        add(kError, "registration-colour", where_,
            "paints in the registration colour (/All, " + how.text() + ") inside the trim box",
            "/All prints on every plate, cyan, magenta, yellow, black and any spot colour: a "
            "400 % smear on the finished page; keep it to crop marks and register marks");
      return;
    }
    const Box& b = ctx_.bleed;
    constexpr double eps = 0.01;
    const bool inside = area.x1 > b.x0 + eps && area.x0 < b.x1 - eps && area.y1 > b.y0 + eps &&
                        area.y0 < b.y1 - eps;
    // A hairline along one axis still paints: a degenerate box meets the bleed when its
    // line lies inside.
    const bool line = (area.x0 == area.x1 && area.x0 > b.x0 + eps && area.x0 < b.x1 - eps &&
                       area.y1 > b.y0 + eps && area.y0 < b.y1 - eps) ||
                      (area.y0 == area.y1 && area.y0 > b.y0 + eps && area.y0 < b.y1 - eps &&
                       area.x1 > b.x0 + eps && area.x0 < b.x1 - eps);
    if (!amount || !(inside || line) || *amount <= ctx_.max_ink) return;
    ctx_.max_ink = *amount;
    ctx_.max_ink_where = how.text() + " in " + where_;
  }

  // The CIDs a text operator draws with a tracked font (two bytes each, Identity-H).
  void glyphs_drawn() {
    FontUse& f = *gs_.font_use;
    const auto take = [&](const Operand& o) {
      if (o.kind != Operand::Kind::string) return;
      for (std::size_t i = 0; i + 1 < o.text.size(); i += 2)
        f.cids[static_cast<unsigned char>(o.text[i]) << 8 |
               static_cast<unsigned char>(o.text[i + 1])] = true;
    };
    if (args_.empty()) return;
    if (args_.back().kind == Operand::Kind::array) {
      for (const Operand& item : args_.back().items) take(item);
    } else {
      take(args_.back());
    }
    if (!f.drawn) f.drawn = true, f.first_page = ctx_.page;
  }

  void show_text() {
    if (gs_.render_mode == 3 || gs_.render_mode == 7) return;  // invisible text (OCR layers)
    if (gs_.font_use) glyphs_drawn();
    const Matrix trm = tm_.then(gs_.ctm);
    const double size = std::abs(gs_.font_size) * std::hypot(trm.c, trm.d);
    if (size > 0 && (ctx_.min_text == 0 || size < ctx_.min_text)) {
      ctx_.min_text = size;
      ctx_.min_text_where = "font " + gs_.font + " in " + where_;
    }
    const Box at{trm.e, trm.f, trm.e, trm.f};
    const Box glyph{at.x0, at.y0, at.x0 + size * 0.5, at.y0 + size * 0.5};
    const int mode = gs_.render_mode % 4;
    if (size > 0 && size < kRegistrationPt - 1e-6 && (mode == 0 || mode == 2) &&
        meets_trim(glyph)) {
      const std::string font_at = fmt("%.1f pt", size) + " (font " + gs_.font + ")";
      // Small black text: overprinting, it cannot show a white halo when plates slip.
      if (gs_.fill_black) {
        // Zero C, M and Y leave the plates below alone only in DeviceCMYK with /OPM 1.
        const bool over =
            gs_.overprint_fill && gs_.overprint_mode == 1 && gs_.fill.family == "DeviceCMYK";
        std::vector<int>& pages = over ? ctx_.doc.overprint_pages : ctx_.doc.knockout_pages;
        if (pages.empty() || pages.back() != ctx_.page) {
          if (pages.empty())
            (over ? ctx_.doc.overprint_where : ctx_.doc.knockout_where) =
                "text of " + font_at + " in " + where_ + " (" + gs_.fill_op.text() + ")";
          pages.push_back(ctx_.page);
        }
      }
      if (gs_.fill_plates > 1)
        add(kWarning, "registration", where_,
            "text of " + font_at + " on " + std::to_string(gs_.fill_plates) + " plates (" +
                gs_.fill_op.text() + ")",
            "small text printed with several inks blurs or shows coloured fringes when the "
            "plates are a little out of register; set it in one ink (e.g. 100 % K)");
      // Light text knocked out of a background: every plate of the background must hold
      // the thin white gap.
      if (gs_.fill_ink && *gs_.fill_ink < 0.1) {
        for (auto f = ctx_.fills.rbegin(); f != ctx_.fills.rend(); ++f) {
          if (f->box.x0 <= at.x0 && at.x0 <= f->box.x1 && f->box.y0 <= at.y0 &&
              at.y0 <= f->box.y1) {
            if (f->plates > 1)
              add(kWarning, "reversed-text", where_,
                  "light text of " + font_at + " reversed out of a background on " +
                      std::to_string(f->plates) + " plates (" + f->colour.text() + ")",
                  "the plates of the background must all keep the thin strokes open: out of "
                  "register, they fill in with colour; use a one-plate background or larger text");
            break;
          }
        }
      }
    }
    if (mode == 0 || mode == 2) ink(gs_.fill_ink, gs_.fill_op, glyph, gs_.fill.all);
    if (mode == 1 || mode == 2) ink(gs_.stroke_ink, gs_.stroke_op, glyph, gs_.stroke.all);
  }

  void font(const std::string& name) {
    QPDFObjectHandle f = resource(res_, "/Font", name);
    if (!f.isDictionary()) return;
    // A Type 3 font has no /BaseFont: its resource name stands for it.
    std::string base = f.getKey("/BaseFont").isName() ? f.getKey("/BaseFont").getName() : name;
    if (base[0] == '/') base.erase(0, 1);
    const std::string obj =
        "font " + name + " (" + base + (f.isIndirect() ? ", " + object_ref(f) : "") + ")";
    const std::string subtype = name_of(f.getKey("/Subtype"));
    if (subtype == "/Type3") {
      add(kError, "type3", obj, "Type 3 font " + base,
          "print workflows refuse Type 3 fonts: glyphs drawn by procedures, often low-resolution "
          "bitmaps, without hinting");
      return;
    }
    QPDFObjectHandle desc = f.getKey("/FontDescriptor");
    if (subtype == "/Type0") {
      QPDFObjectHandle kids = f.getKey("/DescendantFonts");
      desc = kids.isArray() && kids.getArrayNItems() > 0
                 ? key(kids.getArrayItem(0), "/FontDescriptor")
                 : QPDFObjectHandle::newNull();
    }
    const bool embedded = desc.isDictionary() && (desc.getKey("/FontFile").isStream() ||
                                                  desc.getKey("/FontFile2").isStream() ||
                                                  desc.getKey("/FontFile3").isStream());
    if (!embedded)
      add(kError, "font", obj, "font " + base + " is not embedded",
          "the printer would substitute another font: different shapes, widths and line breaks");
    // Composite TrueType fonts (what plaquette, Cairo and most tools write): their glyphs
    // and widths are checked against the embedded program at the end (check_fonts).
    QPDFObjectHandle kids = f.getKey("/DescendantFonts");
    if (embedded && f.isIndirect() && subtype == "/Type0" && kids.isArray() &&
        kids.getArrayNItems() > 0 && f.getKey("/Encoding").isNameAndEquals("/Identity-H") &&
        key(kids.getArrayItem(0), "/Subtype").isNameAndEquals("/CIDFontType2") &&
        desc.getKey("/FontFile2").isStream()) {
      FontUse& use = ctx_.doc.fonts[f.getObjGen()];
      if (use.label.empty()) use.font = f, use.label = obj;
      gs_.font_use = &use;
    }
  }

  void ext_gstate(const std::string& name) {
    QPDFObjectHandle gs = resource(res_, "/ExtGState", name);
    if (!gs.isDictionary()) return;
    const std::string obj = "ExtGState " + label(name, gs);
    QPDFObjectHandle smask = gs.getKey("/SMask");
    if (!smask.isNull() && !smask.isNameAndEquals("/None"))
      add(kError, "transparency", obj, "soft mask (SMask)", kWhyTransparency);
    for (const char* key : {"/CA", "/ca"}) {
      QPDFObjectHandle a = gs.getKey(key);
      if (a.isNumber() && a.getNumericValue() < 1)
        add(kError, "transparency", obj,
            std::string("opacity ") + (key + 1) + " " + fmt("%g", a.getNumericValue()),
            kWhyTransparency);
    }
    QPDFObjectHandle tr = gs.getKey("/TR");
    if (!tr.isNull() && !tr.isNameAndEquals("/Identity"))
      add(kError, "transfer", obj, "transfer function (/TR)",
          "PDF/X forbids transfer functions: they change tone values after the proof, and RIPs "
          "apply or ignore them at will");
    QPDFObjectHandle tr2 = gs.getKey("/TR2");
    if (!tr2.isNull() && !tr2.isNameAndEquals("/Identity") && !tr2.isNameAndEquals("/Default"))
      add(kError, "transfer", obj, "transfer function (/TR2)",
          "PDF/X forbids transfer functions: they change tone values after the proof, and RIPs "
          "apply or ignore them at will");
    QPDFObjectHandle ht = gs.getKey("/HT");
    if (ht.isStream() || ht.isDictionary()) {
      QPDFObjectHandle type = key(ht, "/HalftoneType");
      if (!type.isInteger() || (type.getIntValue() != 1 && type.getIntValue() != 5))
        add(kError, "halftone", obj, "halftone of a type other than 1 or 5",
            "PDF/X allows only simple screens (types 1 and 5): others are device-dependent");
      if (!key(ht, "/HTP").isNull())
        add(kError, "halftone", obj, "halftone phase (/HTP)", "PDF/X forbids /HTP");
    }
    // Overprint: /OP sets both, /op then the fill's alone (ISO 32000-1, 8.6.7).
    QPDFObjectHandle op = gs.getKey("/OP"), op_fill = gs.getKey("/op"), opm = gs.getKey("/OPM");
    if (op.isBool()) gs_.overprint_stroke = gs_.overprint_fill = op.getBoolValue();
    if (op_fill.isBool()) gs_.overprint_fill = op_fill.getBoolValue();
    if (opm.isInteger()) gs_.overprint_mode = static_cast<int>(opm.getIntValue());
    QPDFObjectHandle bm = gs.getKey("/BM");
    if (bm.isArray() && bm.getArrayNItems() > 0) bm = bm.getArrayItem(0);
    if (bm.isName() && bm.getName() != "/Normal" && bm.getName() != "/Compatible")
      add(kError, "transparency", obj, "blend mode " + bm.getName(), kWhyTransparency);
  }

  void shading(QPDFObjectHandle sh, const std::string& what, const Matrix& space) {
    QPDFObjectHandle dict = sh.isStream() ? sh.getDict() : sh;
    if (!dict.isDictionary()) return;
    Space s = classify(dict.getKey("/ColorSpace"), res_);
    if (!s.bad.empty()) add(kError, "colour", label(what, sh), "shading in " + s.bad, kWhyColour);
    if (s.family == "DeviceCMYK") shading_ink(dict, label(what, sh), space);
  }

  // Axial and radial shadings: the function sampled at 257 points along the axis, the
  // darkest point placed on the page. Other shadings are reported as not checked.
  void shading_ink(QPDFObjectHandle dict, const std::string& obj, const Matrix& m) {
    QPDFObjectHandle type = dict.getKey("/ShadingType");
    const int t = type.isInteger() ? static_cast<int>(type.getIntValue()) : 0;
    std::vector<double> coords;
    for (int i = 0;
         dict.getKey("/Coords").isArray() && i < dict.getKey("/Coords").getArrayNItems() && i < 6;
         ++i)
      if (dict.getKey("/Coords").getArrayItem(i).isNumber())
        coords.push_back(dict.getKey("/Coords").getArrayItem(i).getNumericValue());
    if ((t != 2 && t != 3) || coords.size() != (t == 2 ? 4u : 6u)) {
      add(kNote, "ink", obj,
          "the ink of a shading of type " + std::to_string(t) + " was not checked",
          "only axial and radial shadings are measured");
      return;
    }
    QPDFObjectHandle f = dict.getKey("/Function");
    std::vector<Function> fs;
    if (f.isArray()) {
      for (int i = 0; i < f.getArrayNItems() && i < 4; ++i)
        fs.push_back(Function::parse(f.getArrayItem(i), ctx_.budget));
    } else {
      fs.push_back(Function::parse(f, ctx_.budget));
    }
    for (const Function& fn : fs) {
      if (!fn.ok()) {
        add(kNote, "ink", obj, "the ink of the shading was not checked: " + fn.why(),
            "its colours could not be computed");
        return;
      }
    }
    double t0 = 0, t1 = 1;
    QPDFObjectHandle domain = dict.getKey("/Domain");
    if (domain.isArray() && domain.getArrayNItems() == 2 && domain.getArrayItem(0).isNumber() &&
        domain.getArrayItem(1).isNumber())
      t0 = domain.getArrayItem(0).getNumericValue(), t1 = domain.getArrayItem(1).getNumericValue();
    constexpr int kSamples = 257;  // halves, quarters... of the domain are among them
    double best = -1, best_s = 0;
    for (int i = 0; i < kSamples; ++i) {
      const double s = static_cast<double>(i) / (kSamples - 1);
      double sum = 0;
      for (const Function& fn : fs)
        for (double c : fn.eval(t0 + s * (t1 - t0))) sum += c;
      if (sum > best + 1e-9) best = sum, best_s = s;
    }
    // The point of the axis (or the centre of the circle) where the darkest colour is.
    const double ux = coords[0] + best_s * (coords[t == 2 ? 2 : 3] - coords[0]);
    const double uy = coords[1] + best_s * (coords[t == 2 ? 3 : 4] - coords[1]);
    const double x = m.a * ux + m.c * uy + m.e, y = m.b * ux + m.d * uy + m.f;
    const Box& b = ctx_.bleed;
    if (x < b.x0 || x > b.x1 || y < b.y0 || y > b.y1 || best <= ctx_.max_ink) return;
    ctx_.max_ink = best;
    ctx_.max_ink_where = obj + " in " + where_ + ", at " + fmt("%.1f", x * 25.4 / 72) + " mm, " +
                         fmt("%.1f", y * 25.4 / 72) + " mm from the page's lower left corner";
  }

  void pattern(const std::string& name) {
    QPDFObjectHandle p = resource(res_, "/Pattern", name);
    QPDFObjectHandle dict = p.isStream() ? p.getDict() : p;
    if (!dict.isDictionary()) return;
    QPDFObjectHandle type = dict.getKey("/PatternType");
    if (type.isInteger() && type.getIntValue() == 2) {
      // A shading pattern's space is the page's default space through its /Matrix.
      shading(dict.getKey("/Shading"), "pattern " + name, matrix(dict.getKey("/Matrix")));
    } else if (p.isStream()) {
      QPDFObjectHandle r = dict.getKey("/Resources");
      // A tiling pattern's space is the page's default space, not the current CTM.
      GState inner;
      inner.ctm = matrix(dict.getKey("/Matrix"));
      nested(p, r.isDictionary() ? r : res_, inner, "pattern " + label(name, p));
    }
  }

  static Matrix matrix(QPDFObjectHandle m) {
    if (!m.isArray() || m.getArrayNItems() != 6) return {};
    double v[6];
    for (int i = 0; i < 6; ++i) {
      QPDFObjectHandle x = m.getArrayItem(i);
      if (!x.isNumber()) return {};
      v[i] = x.getNumericValue();
    }
    return {v[0], v[1], v[2], v[3], v[4], v[5]};
  }

  void nested(QPDFObjectHandle stream, QPDFObjectHandle resources, const GState& gs,
              const std::string& where) {
    const QPDFObjGen id = stream.getObjGen();
    if (depth_ >= kMaxDepth ||
        std::find(ctx_.active.begin(), ctx_.active.end(), id) != ctx_.active.end()) {
      add(kWarning, "parse", where, "forms or patterns nest too deep or draw themselves",
          "not followed further; a RIP may fail on it");
      return;
    }
    ctx_.active.push_back(id);
    try {
      Walker inner(ctx_, resources, gs, where, depth_ + 1);
      inner.walk({stream});
    } catch (const std::exception& e) {
      add(kError, "parse", where, std::string("its content cannot be read: ") + e.what(),
          "a RIP would fail on it too");
    }
    ctx_.active.pop_back();
  }

  void xobject(const std::string& name) {
    QPDFObjectHandle x = resource(res_, "/XObject", name);
    if (!x.isStream()) return;
    QPDFObjectHandle dict = x.getDict();
    const std::string subtype = name_of(dict.getKey("/Subtype"));
    const std::string what = "XObject " + label(name, x);
    if (!dict.getKey("/OC").isNull())
      add(kError, "optional-content", what, "optional content (/OC)", kWhyOptional);
    if (!dict.getKey("/OPI").isNull())
      add(kError, "image", what, "OPI comments (/OPI)",
          "PDF/X forbids OPI: the high-resolution image would be swapped in outside the file");
    if (subtype == "/PS" || name_of(dict.getKey("/Subtype2")) == "/PS") {
      add(kError, "postscript", what, "PostScript XObject",
          "PDF/X forbids PostScript: only a PostScript RIP runs it, and nothing can check it");
      return;
    }
    if (subtype == "/Form" && !dict.getKey("/Ref").isNull())
      add(kError, "external", what, "reference XObject (/Ref: content in another file)",
          "PDF/X requires all content in the file");
    if (subtype == "/Image") {
      image(dict, "image " + label(name, x), x);
    } else if (subtype == "/Form") {
      const std::string where = "form " + label(name, x);
      if (key(dict.getKey("/Group"), "/S").isNameAndEquals("/Transparency"))
        add(kError, "transparency", where, "transparency group", kWhyTransparency);
      GState inner = gs_;
      inner.ctm = matrix(dict.getKey("/Matrix")).then(gs_.ctm);
      QPDFObjectHandle r = dict.getKey("/Resources");
      nested(x, r.isDictionary() ? r : res_, inner, where);
    }
  }

  // Inline images abbreviate their keys (BI /W 10 /H 10 /CS /RGB ... ID).
  void inline_image() {
    QPDFObjectHandle dict = QPDFObjectHandle::newDictionary();
    static const std::pair<const char*, const char*> full[] = {
        {"/W", "/Width"},       {"/H", "/Height"},
        {"/CS", "/ColorSpace"}, {"/BPC", "/BitsPerComponent"},
        {"/IM", "/ImageMask"},  {"/F", "/Filter"}};
    for (std::size_t i = 0; i + 1 < args_.size(); i += 2) {
      if (!args_[i].is_name()) continue;
      std::string key = args_[i].text;
      for (const auto& [abbr, name] : full)
        if (key == abbr) key = name;
      dict.replaceKey(key, to_qpdf(args_[i + 1]));
    }
    image(dict, "inline image");
  }

  void image(QPDFObjectHandle dict, const std::string& what,
             QPDFObjectHandle stream = QPDFObjectHandle::newNull()) {
    const std::string obj = what + " in " + where_;
    QPDFObjectHandle mask = dict.getKey("/ImageMask");
    const bool stencil = mask.isBool() && mask.getBoolValue();
    if (!stencil) {
      Space s = classify(dict.getKey("/ColorSpace"), res_);
      if (!s.bad.empty()) add(kError, "colour", obj, "image in " + s.bad, kWhyColour);
    }
    QPDFObjectHandle filter = dict.getKey("/Filter");
    if (filter.isOrHasName("/JPXDecode"))
      add(kError, "image", obj, "JPEG 2000 image",
          "JPEG 2000 is PDF 1.5; PDF/X-1a:2003 is PDF 1.4");
    if (dict.getKey("/SMask").isStream() ||
        (dict.getKey("/SMaskInData").isInteger() && dict.getKey("/SMaskInData").getIntValue() != 0))
      add(kError, "transparency", obj, "image with a soft mask (SMask)", kWhyTransparency);

    QPDFObjectHandle w = dict.getKey("/Width"), h = dict.getKey("/Height");
    QPDFObjectHandle bpc = dict.getKey("/BitsPerComponent");
    if (!dict.getKey("/Alternates").isNull())
      add(kError, "image", obj, "alternate images (/Alternates)",
          "PDF/X forbids alternates: the RIP could print another image than the one proofed");
    if (bpc.isInteger() && bpc.getIntValue() > 8)
      add(kError, "image-depth", obj, std::to_string(bpc.getIntValue()) + "-bit image",
          "16-bit images are PDF 1.5; PDF/X-1a:2003 is PDF 1.4");
    if (!stencil && stream.isStream() && bpc.isInteger() && bpc.getIntValue() == 8 &&
        w.isInteger() && h.isInteger() &&
        classify(dict.getKey("/ColorSpace"), res_).family == "DeviceCMYK")
      image_ink_at(stream, w.getIntValue(), h.getIntValue(), obj);
    // 1-bit images (line art, stencils) need far more than 300 ppi; they are not judged here.
    if (stencil || (bpc.isInteger() && bpc.getIntValue() == 1) || !w.isNumber() || !h.isNumber())
      return;
    const Matrix& m = gs_.ctm;
    const double wpt = std::hypot(m.a, m.b), hpt = std::hypot(m.c, m.d);
    if (wpt < 0.01 || hpt < 0.01) return;
    const double ppi = std::min(w.getNumericValue() * 72 / wpt, h.getNumericValue() * 72 / hpt);
    if (ppi < ctx_.options.min_ppi - 0.5)
      add(kError, "image-resolution", obj,
          "effective resolution " + fmt("%.0f", ppi) + " ppi, below " +
              fmt("%.0f", ctx_.options.min_ppi) + " ppi",
          "offset printing needs about twice the screen ruling; the image will print soft or "
          "pixelated");
  }

  // The darkest pixel of an image, placed on the page through the CTM (the image is the
  // unit square, its first row at the top).
  void image_ink_at(QPDFObjectHandle stream, long long w, long long h, const std::string& obj) {
    if (w <= 0 || h <= 0) return;
    const ImageInk ink = image_ink(stream, static_cast<long>(w), ctx_.options.image_budget);
    if (!ink.checked) {
      add(kError, ink.problem.find("budget") != std::string::npos ? "budget" : "parse", obj,
          "the ink in the image was not checked: " + ink.problem,
          "an image that cannot be read cannot be judged; a RIP may fail on it too");
      return;
    }
    const double u = (static_cast<double>(ink.col) + 0.5) / static_cast<double>(w);
    const double v = 1 - (static_cast<double>(ink.row) + 0.5) / static_cast<double>(h);
    const Matrix& m = gs_.ctm;
    const double x = m.a * u + m.c * v + m.e, y = m.b * u + m.d * v + m.f;
    const Box& b = ctx_.bleed;
    if (x < b.x0 || x > b.x1 || y < b.y0 || y > b.y1 || ink.max <= ctx_.max_ink) return;
    ctx_.max_ink = ink.max;
    ctx_.max_ink_where = obj + ", pixel (" + std::to_string(ink.col) + ", " +
                         std::to_string(ink.row) + ") at " + fmt("%.1f", x * 25.4 / 72) + " mm, " +
                         fmt("%.1f", y * 25.4 / 72) + " mm from the page's lower left corner";
  }

  PageCtx& ctx_;
  QPDFObjectHandle res_;
  GState gs_;
  std::vector<GState> stack_;
  std::string where_;
  int depth_ = 0;
  std::vector<Operand> args_;
  Matrix tm_, tlm_;
  std::optional<Box> path_;
};

}  // namespace

void check_content(QPDFObjectHandle page, QPDFObjectHandle resources, int page_no, const Box& bleed,
                   const Box& trim, const Options& options, Budget& budget, DocState& doc,
                   Findings& out) {
  PageCtx ctx{page_no, bleed, trim, options, out, budget, doc, 0, {}, 0, {}, {}, {}};
  QPDFObjectHandle contents = page.getKey("/Contents");
  std::vector<QPDFObjectHandle> streams;
  if (contents.isArray()) {
    // An array of a million streams is walked as far as the budgets allow.
    for (int i = 0, n = contents.getArrayNItems(); i < n; ++i)
      streams.push_back(contents.getArrayItem(i));
  } else if (!contents.isNull()) {
    streams.push_back(contents);
  }
  Walker walker(ctx, resources, GState{}, "page content", 0);
  walker.walk(std::move(streams));
  if (ctx.max_ink > options.ink_limit + 1e-6)
    out.add(kError, "ink", page_no, ctx.max_ink_where,
            "total ink " + fmt("%.0f", ctx.max_ink * 100) + " %, over the limit of " +
                fmt("%.0f", options.ink_limit * 100) + " %",
            "more ink than the paper takes dries badly, sets off on the next sheet and smears");
  if (ctx.min_text > 0 && ctx.min_text < options.min_text_pt - 1e-6)
    out.add(kWarning, "text-size", page_no, ctx.min_text_where,
            "text at " + fmt("%.1f", ctx.min_text) + " pt, smaller than " +
                fmt("%g", options.min_text_pt) + " pt",
            "thin strokes of small text break up in print, and text in several inks shows any "
            "misregistration");
}

namespace {

std::string page_list(const std::vector<int>& pages) {
  std::string s = pages.size() == 1 ? "page " : "pages ";
  for (std::size_t i = 0; i < pages.size() && i < 10; ++i)
    s += (i ? ", " : "") + std::to_string(pages[i]);
  if (pages.size() > 10) s += " and " + std::to_string(pages.size() - 10) + " more";
  return s;
}

}  // namespace

void report_overprint(const DocState& doc, Findings& out) {
  if (!doc.knockout_pages.empty())
    out.add(Severity::note, "overprint", 0, doc.knockout_where,
            "small 100 % black text knocks out (" + page_list(doc.knockout_pages) + ")",
            "a knocked-out black text on a tint shows a white halo when the plates slip; "
            "overprinting it (ExtGState /OP true /op true /OPM 1) avoids that");
  if (!doc.overprint_pages.empty())
    out.add(Severity::note, "overprint", 0, doc.overprint_where,
            "small 100 % black text overprints (" + page_list(doc.overprint_pages) + ")",
            "the tint below shows through the black: no halo when the plates slip");
}

}  // namespace plaquette::preflight

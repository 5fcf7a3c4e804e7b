// The PDF document: libharu setup and errors, document information, pages with their
// print boxes, the walk over display items, PDF/X (pdf_pdfx.cc), and saving to memory.
#include "render/pdf/pdf.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <memory>
#include <system_error>
#include <variant>

#include "render/pdf/pdf_private.h"

namespace plaquette::render::pdf {

namespace {

// libharu calls this from C; it must not throw. Errors are sticky: the first one is kept
// until Context::ok reports it, later ones are usually consequences of the first.
extern "C" void on_haru_error(HPDF_STATUS code, HPDF_STATUS detail, void* user) noexcept {
  auto* error = static_cast<HaruError*>(user);
  if (error->code == HPDF_OK) {
    error->code = code;
    error->detail = detail;
  }
}

// Short meanings of the codes libharu can raise for what this backend does (hpdf_error.h).
const char* haru_error_meaning(HPDF_STATUS code) {
  switch (code) {
    case HPDF_FAILD_TO_ALLOC_MEM:
      return "out of memory";
    case HPDF_FILE_IO_ERROR:
      return "file I/O error";
    case HPDF_FILE_OPEN_ERROR:
      return "cannot open file";
    case HPDF_FONT_EXISTS:
      return "font already loaded";
    case HPDF_INVALID_DATE_TIME:
      return "invalid date";
    case HPDF_INVALID_DOCUMENT:
      return "invalid document";
    case HPDF_INVALID_ENCODER:
      return "invalid encoder";
    case HPDF_INVALID_FONTDEF_DATA:
      return "invalid font data";
    case HPDF_INVALID_FONT_NAME:
      return "invalid font name";
    case HPDF_INVALID_OBJECT:
      return "invalid object";
    case HPDF_INVALID_PARAMETER:
      return "invalid parameter";
    case HPDF_PAGE_INVALID_FONT_SIZE:
      return "invalid font size";
    case HPDF_PAGE_INVALID_GMODE:
      return "operator not allowed here";
    case HPDF_PAGE_INVALID_SIZE:
      return "page size out of range (3..14400 pt)";
    case HPDF_PAGE_OUT_OF_RANGE:
      return "value out of range";
    case HPDF_REAL_OUT_OF_RANGE:
      return "number out of range";
    case HPDF_STRING_OUT_OF_RANGE:
      return "string too long";
    case HPDF_TTF_CANNOT_EMBEDDING_FONT:
      return "font licence forbids embedding";
    case HPDF_TTF_INVALID_CMAP:
      return "font has no usable Unicode cmap";
    case HPDF_TTF_INVALID_FOMAT:
      return "not a TrueType font";
    case HPDF_TTF_MISSING_TABLE:
      return "font lacks a required table (OpenType-CFF?)";
    case HPDF_UNSUPPORTED_FONT_TYPE:
      return "unsupported font type";
    case HPDF_ZLIB_ERROR:
      return "compression failed";
    default:
      return "see hpdf_error.h";
  }
}

/// Frees the libharu document however render() returns.
struct DocDeleter {
  void operator()(HPDF_Doc doc) const { HPDF_Free(doc); }
};

// Seconds since the epoch → a UTC libharu date, computed without the clock or the C
// library's time zone state, so that output only depends on Metadata::date.
HPDF_Date utc_date(int64_t epoch_seconds) {
  using namespace std::chrono;
  const sys_seconds t{seconds{epoch_seconds}};
  const sys_days day = floor<days>(t);
  const year_month_day ymd{day};
  const hh_mm_ss hms{t - day};
  HPDF_Date d{};
  d.year = static_cast<int>(ymd.year());
  d.month = static_cast<int>(static_cast<unsigned>(ymd.month()));
  d.day = static_cast<int>(static_cast<unsigned>(ymd.day()));
  d.hour = static_cast<int>(hms.hours().count());
  d.minutes = static_cast<int>(hms.minutes().count());
  d.seconds = static_cast<int>(hms.seconds().count());
  d.ind = 'Z';
  return d;
}

// A text string of the info dictionary: UTF-16BE with its byte order mark, written as a
// hex string, so that any character of a title survives.
HPDF_Binary text_string(Context& ctx, const std::string& utf8) {
  std::string hex = "FEFF";
  append_utf16_hex(hex, utf8);
  std::string bytes;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) {
    bytes += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
  }
  return HPDF_Binary_New(ctx.doc->mmgr, reinterpret_cast<HPDF_BYTE*>(bytes.data()),
                         static_cast<HPDF_UINT>(bytes.size()));
}

bool write_info(Context& ctx, const display::Metadata& meta) {
  // Explicit dates keep the output reproducible (libharu never reads the clock for them);
  // setting them also creates the info dictionary.
  const HPDF_Date date = utc_date(meta.date);
  HPDF_SetInfoDateAttr(ctx.doc, HPDF_INFO_CREATION_DATE, date);
  HPDF_SetInfoDateAttr(ctx.doc, HPDF_INFO_MOD_DATE, date);
  if (!ctx.ok("setting document dates")) return false;
  const struct {
    const char* key;
    const std::string& value;
  } fields[] = {
      {"Title", meta.title},       {"Author", meta.author},   {"Subject", meta.subject},
      {"Keywords", meta.keywords}, {"Creator", meta.creator},
  };
  for (const auto& f : fields) {
    if (f.value.empty()) continue;
    HPDF_Dict_Add(ctx.doc->info, f.key, text_string(ctx, f.value));
    if (!ctx.ok("setting document information")) return false;
  }
  // libharu writes its own name as Producer unless told otherwise.
  HPDF_SetInfoAttr(ctx.doc, HPDF_INFO_PRODUCER, "plaquette");
  if (!ctx.ok("setting document information")) return false;

  if (!meta.lang.empty()) {
    // No public call for /Lang: add it to the catalog through the object API.
    HPDF_Dict_Add(ctx.doc->catalog, "Lang",
                  HPDF_String_New(ctx.doc->mmgr, meta.lang.c_str(), nullptr));
    if (!ctx.ok("setting the document language")) return false;
  }
  return true;
}

// A display rect (top-left origin, y down) as a PDF box (bottom-left origin, y up).
HPDF_Box pdf_box(const display::Rect& r, double page_height) {
  return HPDF_Box{static_cast<HPDF_REAL>(r.x), static_cast<HPDF_REAL>(page_height - r.bottom()),
                  static_cast<HPDF_REAL>(r.right()), static_cast<HPDF_REAL>(page_height - r.y)};
}

bool empty(const display::Rect& r) { return !(r.width > 0 && r.height > 0); }

bool add_boxes(Context& ctx, HPDF_Page page, const display::Page& p) {
  // A missing trim falls back to the media box and a missing bleed to the trim, so the
  // boxes always nest as PDF requires (Media ⊇ Bleed ⊇ Trim).
  const display::Rect media{0, 0, p.width, p.height};
  const display::Rect& trim = empty(p.trim) ? media : p.trim;
  const display::Rect& bleed = empty(p.bleed) ? trim : p.bleed;
  // libharu has no call for these boxes; its exported object API adds them to the page.
  HPDF_Dict_Add(page, "TrimBox", HPDF_Box_Array_New(ctx.doc->mmgr, pdf_box(trim, p.height)));
  HPDF_Dict_Add(page, "BleedBox", HPDF_Box_Array_New(ctx.doc->mmgr, pdf_box(bleed, p.height)));
  return ctx.ok("adding the trim and bleed boxes");
}

// Display items are walked with exhaustive visitors (no default case): a new item kind
// does not compile until the PDF backend says how to collect and draw it.
bool collect_page(FontSet& fonts, const display::Page& p) {
  for (const display::Item& item : p.items) {
    const bool ok = std::visit(display::Overloaded{
                                   [&](const display::TextRun& run) { return fonts.collect(run); },
                                   [](const display::Path&) { return true; },
                               },
                               item);
    if (!ok) return false;
  }
  return true;
}

/// layout `overprint_black`: two graphics states, overprint on and off, shared by the pages.
struct Overprint {
  HPDF_ExtGState on = nullptr, off = nullptr;
};

bool solid_black(const display::Cmyk& c) { return c.c <= 0 && c.m <= 0 && c.y <= 0 && c.k >= 1; }

// 100 % K text and paths overprint when the layout asks for it (ISO 32000-1, 8.6.7: /OPM 1
// leaves the zero C, M and Y of the black alone on the plates below).
bool make_overprint(Context& ctx, Overprint& op) {
  op.on = HPDF_CreateExtGState(ctx.doc);
  op.off = HPDF_CreateExtGState(ctx.doc);
  if (!ctx.ok("creating the overprint graphics states")) return false;
  for (HPDF_ExtGState gs : {op.on, op.off}) {
    const HPDF_BOOL value = gs == op.on ? HPDF_TRUE : HPDF_FALSE;
    HPDF_Dict_AddBoolean(gs, "OP", value);
    HPDF_Dict_AddBoolean(gs, "op", value);
    HPDF_Dict_AddNumber(gs, "OPM", 1);
  }
  return ctx.ok("creating the overprint graphics states");
}

bool overprints(const display::Item& item) {
  if (const auto* run = std::get_if<display::TextRun>(&item)) return solid_black(run->color);
  const auto& path = std::get<display::Path>(item);
  const bool stroke = path.stroke && path.stroke_width > 0;
  return !path.registration && (path.fill || stroke) &&
         (!path.fill || solid_black(path.fill_color)) &&
         (!stroke || solid_black(path.stroke_color));
}

bool write_page(Context& ctx, FontSet& fonts, const display::Page& p, const Overprint& op) {
  HPDF_Page page = HPDF_AddPage(ctx.doc);
  if (!ctx.ok("adding a page")) return false;
  HPDF_Page_SetWidth(page, static_cast<HPDF_REAL>(p.width));
  HPDF_Page_SetHeight(page, static_cast<HPDF_REAL>(p.height));
  if (!ctx.ok("setting the page size") || !add_boxes(ctx, page, p)) return false;

  PageState ps;
  ps.page = page;
  ps.height = p.height;
  bool overprinting = false;  // each page starts with the default: knock out
  // A text frame (PageState::text_frame) opens at the first text run after anything else
  // and closes before the next path: what Q restores (fill colour, text state, overprint)
  // is restored in the page state too.
  struct Saved {
    std::optional<display::Cmyk> fill;
    bool fill_registration = false;
    const char* font = nullptr;
    double font_size = 0, char_spacing = 0, horizontal_scale = 100;
    bool overprinting = false;
  } saved;
  const auto close_frame = [&] {
    if (!ps.text_frame) return;
    ps.ops += "Q\n";
    ps.fill = saved.fill;
    ps.fill_registration = saved.fill_registration;
    ps.font = saved.font;
    ps.font_size = saved.font_size;
    ps.char_spacing = saved.char_spacing;
    ps.horizontal_scale = saved.horizontal_scale;
    overprinting = saved.overprinting;
    ps.text_frame = false;
  };
  for (const display::Item& item : p.items) {
    const auto* text = std::get_if<display::TextRun>(&item);
    if (!text) close_frame();
    if (op.on && overprints(item) != overprinting) {
      overprinting = !overprinting;
      // The state's name in the page's resources; the operator goes into our own content.
      const char* name = HPDF_Page_GetExtGStateName(page, overprinting ? op.on : op.off);
      if (!ctx.ok("setting overprint") || !name) return false;
      ps.ops += '/';
      ps.ops += name;
      ps.ops += " gs\n";
    }
    if (text && !ps.text_frame && !text->glyphs.empty()) {
      saved = {ps.fill,         ps.fill_registration, ps.font,     ps.font_size,
               ps.char_spacing, ps.horizontal_scale,  overprinting};
      ps.text_frame = true;
      ps.frame_x = std::llround(text->origin.x * 1000);
      ps.frame_y = std::llround(ps.y(text->origin.y) * 1000);
      ps.ops += "q 1 0 0 1 ";
      append_number(ps.ops, static_cast<double>(ps.frame_x) / 1000);
      ps.ops += ' ';
      append_number(ps.ops, static_cast<double>(ps.frame_y) / 1000);
      ps.ops += " cm\n";
    }
    const bool ok =
        std::visit(display::Overloaded{
                       [&](const display::TextRun& run) { return fonts.draw_text(ps, run); },
                       [&](const display::Path& path) { return draw_path(ctx, ps, path); },
                   },
                   item);
    if (!ok) return false;
  }
  close_frame();
  return finish_page(ctx, ps);
}

bool save(Context& ctx, std::string& out) {
  HPDF_SaveToStream(ctx.doc);
  if (!ctx.ok("writing the PDF")) return false;
  // The document is in libharu's memory stream, a list of buffers: appended buffer by
  // buffer (HPDF_ReadFromStream copied it a byte at a time).
  HPDF_Stream stream = ctx.doc->stream;
  const HPDF_UINT count = HPDF_MemStream_GetBufCount(stream);
  out.clear();
  out.reserve(HPDF_GetStreamSize(ctx.doc));
  for (HPDF_UINT i = 0; i < count; ++i) {
    HPDF_UINT length = 0;
    const HPDF_BYTE* buf = HPDF_MemStream_GetBufPtr(stream, i, &length);
    if (!buf) break;
    out.append(reinterpret_cast<const char*>(buf), length);
  }
  if (!ctx.ok("reading the PDF from memory")) return false;
  return out.size() == HPDF_GetStreamSize(ctx.doc);
}

}  // namespace

bool Context::ok(const char* doing, const SourcePos& pos) {
  if (error.code == HPDF_OK) return true;
  char head[64];
  std::snprintf(head, sizeof head, "libharu error 0x%04X (", static_cast<unsigned>(error.code));
  std::string message = head;
  message += haru_error_meaning(error.code);
  if (error.code == HPDF_FILE_OPEN_ERROR || error.code == HPDF_FILE_IO_ERROR) {
    // For file errors libharu's detail is errno.
    message += ": " + std::generic_category().message(static_cast<int>(error.detail));
  } else if (error.detail != 0) {
    message += ", detail " + std::to_string(error.detail);
  }
  message += ") while ";
  message += doing;
  diags.error(pos, std::move(message));
  error = {};
  if (doc) HPDF_ResetError(doc);
  return false;
}

bool render(const display::Document& doc, std::string& out_bytes, Diagnostics& diags) {
  out_bytes.clear();
  Context ctx(diags);
  std::unique_ptr<HPDF_Doc_Rec, DocDeleter> owner(HPDF_New(on_haru_error, &ctx.error));
  ctx.doc = owner.get();
  if (!ctx.doc) {
    ctx.ok("creating the document");
    if (!diags.has_errors()) diags.error({}, "libharu could not create a document");
    return false;
  }
  // Deterministic output relies on PDF/A mode staying off (it seeds /ID from the clock).
  HPDF_SetCompressionMode(ctx.doc, HPDF_COMP_ALL);
  if (!ctx.ok("setting up the document") || !write_info(ctx, doc.meta)) return false;

  FontSet fonts(ctx);
  if (!fonts.load(doc.fonts)) return false;
  // Fonts are subset to the glyphs of the whole document before any page is written, so
  // that the pages can name glyphs by their CID in the subset.
  for (const display::Page& page : doc.pages) {
    if (!collect_page(fonts, page)) return false;
  }
  if (!fonts.write_fonts()) return false;
  Overprint op;
  if (doc.overprint_black && !make_overprint(ctx, op)) return false;
  for (const display::Page& page : doc.pages) {
    if (!write_page(ctx, fonts, page, op)) return false;
  }
  const bool pdfx = !doc.output_profile.empty();
  if (pdfx && !write_pdfx(ctx, doc)) return false;
  if (!save(ctx, out_bytes)) {
    out_bytes.clear();
    return false;
  }
  if (pdfx && !stamp_document_id(out_bytes)) {
    out_bytes.clear();
    diags.error({}, "libharu wrote no document ID placeholder in the trailer");
    return false;
  }
  return true;
}

}  // namespace plaquette::render::pdf

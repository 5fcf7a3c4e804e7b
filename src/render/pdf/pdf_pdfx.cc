// PDF/X-1a:2003: the output intent with its embedded CMYK profile, the PDF/X keys of the
// document information, and a document /ID derived from the bytes.
//
// libharu's PDF/A mode cannot be used: it only writes /S /GTS_PDFA1 output intents and seeds
// /ID from the clock. Everything here goes through libharu's exported object API instead
// (HPDF_Dict_New / HPDF_DictStream_New / HPDF_Dict_Add on the catalog, the info dictionary
// and the trailer), so the PDF is written once, by libharu, and stays byte-deterministic.
#include <hpdf_streams.h>
#include <lcms2.h>
#include <libdeflate.h>
#include <nettle/md5.h>

#include <array>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <mutex>
#include <utility>

#include "base/file.h"
#include "base/sha256.h"
#include "render/pdf/pdf.h"
#include "render/pdf/pdf_private.h"
#include "render/pdf/shipped_profile.h"

namespace plaquette::render::pdf {

namespace {

struct ProfileCloser {
  void operator()(void* p) const { cmsCloseProfile(p); }
};

// Whether `icc` is the shipped profile: the same size and SHA-256 (computed at build time; here
// ~0.1 ms for FOGRA39's 121 KB, where inflating the stream and comparing took ~0.4 ms).
bool is_shipped_profile(std::string_view icc) {
  if (icc.size() != kShippedProfileSize) return false;
  const auto digest = sha256(icc);
  return std::memcmp(digest.data(), kShippedProfileSha256, digest.size()) == 0;
}

/// An output profile read and checked: one version of its file.
struct CheckedProfile {
  FileStamp stamp;  ///< the file's version, looked at before it was read
  std::shared_ptr<const FileBytes> bytes;
  bool shipped = false;  ///< the shipped profile, checked at build time
  std::string description;
};

// Reads the profile and checks with LittleCMS that it is an output profile in CMYK: the
// output intent of PDF/X-1a describes a CMYK printing condition, and a print shop's RIP
// would reject (or silently misuse) anything else. Errors go at `where` (the layout line
// naming the file) and name the file. The shipped profile was checked at build time, and is
// not opened again.
//
// Each version of a file is read and checked once per process: the layout's check and the
// PDF read the same profile, and so do the editions of a batch and the rebuilds of `watch`.
// The version is the file's stamp, looked at before reading it: a file changed since is read
// and checked again. A profile that fails is not kept: it is reported again at each read.
std::shared_ptr<const CheckedProfile> read_profile(const std::string& path, const SourcePos& where,
                                                   Diagnostics& diags) {
  static std::mutex mutex;
  static std::map<std::string, std::shared_ptr<const CheckedProfile>> checked;
  const std::optional<FileStamp> stamp = file_stamp(path);
  if (stamp) {
    std::lock_guard<std::mutex> lock(mutex);
    auto it = checked.find(path);
    if (it != checked.end() && it->second->stamp == *stamp) {
      ReadLog::record(path);  // still a file this build depends on (watch)
      return it->second;
    }
  }
  const SourcePos at = where.known() ? where : SourcePos{path, 0, 0};
  ReadError error;
  std::shared_ptr<const FileBytes> read = read_input_file_shared(path, InputKind::profile, error);
  if (!read) {
    Diagnostic& d =
        diags.error(at, "cannot read the output profile '" + path + "'" +
                            (error.code == ReadError::Code::missing ? "" : ": " + error.message));
    d.hints.push_back(
        "set page.output_profile in the layout to a CMYK ICC profile; paths "
        "are relative to the layout file");
    return nullptr;
  }
  auto p = std::make_shared<CheckedProfile>();
  if (stamp) p->stamp = *stamp;  // else (it appeared since) read again next time
  p->bytes = read;
  p->shipped = is_shipped_profile(read->view());
  if (p->shipped && kShippedProfileUsable) {
    p->description = kShippedProfileDescription;
  } else {
    std::unique_ptr<void, ProfileCloser> profile(
        cmsOpenProfileFromMem(read->data(), static_cast<cmsUInt32Number>(read->size())));
    if (!profile) {
      diags.error(at, "the output profile '" + path + "' is not a valid ICC profile");
      return nullptr;
    }
    if (cmsGetDeviceClass(profile.get()) != cmsSigOutputClass ||
        cmsGetColorSpace(profile.get()) != cmsSigCmykData) {
      diags
          .error(at,
                 "the output profile '" + path + "' must be an output (printer) profile in CMYK")
          .hints.push_back("PDF/X-1a describes a CMYK printing condition, e.g. FOGRA39 coated");
      return nullptr;
    }
    char buf[256] = {};
    cmsGetProfileInfoASCII(profile.get(), cmsInfoDescription, "en", "US", buf, sizeof buf);
    p->description = buf;
  }
  std::lock_guard<std::mutex> lock(mutex);
  checked[path] = p;
  return p;
}

HPDF_String ascii_string(Context& ctx, const std::string& s) {
  // No encoder: written as a PDF literal string, which is what ASCII values need.
  return HPDF_String_New(ctx.doc->mmgr, s.c_str(), nullptr);
}

/// An output profile as the PDF embeds it: compressed once per version of its file and
/// shared by every edition of a batch (deflating FOGRA39 takes ~5 ms; the shipped profile
/// was compressed at build time).
struct EmbeddedProfile {
  std::shared_ptr<const CheckedProfile> source;  ///< the version of the file it was made of
  std::string deflated;                          ///< empty when the profile is named, not embedded
  /// The PNG predictor of `deflated` (shipped_profile.h), 0 and 0 for none.
  std::size_t predictor_colors = 0, predictor_columns = 0;
};

std::shared_ptr<const EmbeddedProfile> embedded_profile(const std::string& path, bool embed,
                                                        Diagnostics& diags) {
  std::shared_ptr<const CheckedProfile> checked = read_profile(path, {}, diags);
  if (!checked) return nullptr;
  static std::mutex mutex;
  static std::map<std::pair<std::string, bool>, std::shared_ptr<const EmbeddedProfile>> profiles;
  std::lock_guard<std::mutex> lock(mutex);
  // The entry holds the version it was made of, so a changed file is never taken for it.
  std::shared_ptr<const EmbeddedProfile>& entry = profiles[{path, embed}];
  if (entry && entry->source == checked) return entry;
  auto p = std::make_shared<EmbeddedProfile>();
  p->source = checked;
  if (embed && checked->shipped) {
    p->deflated.assign(reinterpret_cast<const char*>(kShippedProfileDeflated),
                       kShippedProfileDeflatedSize);
    p->predictor_colors = kShippedProfilePredictorColors;
    p->predictor_columns = kShippedProfilePredictorColumns;
  } else if (embed) {
    p->deflated = deflate_bytes(checked->bytes->data(), checked->bytes->size(), kDeflateBest);
    if (p->deflated.empty()) {
      diags.error(SourcePos{path, 0, 0}, "cannot compress the output profile '" + path + "'");
      return nullptr;
    }
  }
  entry = std::move(p);
  return entry;
}

// The identifier, in the ICC's characterization registry (http://www.color.org), of the
// printing condition a profile describes, found in its description ("Coated FOGRA39
// (ISO 12647-2:2004)" → "FOGRA39"); empty for a profile of no registered condition.
std::string registered_condition(const std::string& description) {
  for (const char* id : {"FOGRA39", "FOGRA47", "FOGRA51", "FOGRA52"}) {
    if (description.find(id) != std::string::npos) return id;
  }
  return {};
}

}  // namespace

std::string deflate_bytes(const char* data, std::size_t size, int level) {
  // libdeflate compresses whole buffers, several times faster than zlib at the same level,
  // and its levels 10 to 12 smaller than zlib's best. A compressor holds its tables (up to a
  // few hundred kilobytes): one per thread and level, kept for the next document.
  struct Deleter {
    void operator()(libdeflate_compressor* c) const { libdeflate_free_compressor(c); }
  };
  thread_local std::unique_ptr<libdeflate_compressor, Deleter> compressors[13];
  if (level < 1 || level > 12) return {};
  auto& compressor = compressors[level];
  if (!compressor) compressor.reset(libdeflate_alloc_compressor(level));
  if (!compressor) return {};
  std::string out(libdeflate_zlib_compress_bound(compressor.get(), size), '\0');
  const std::size_t n =
      libdeflate_zlib_compress(compressor.get(), data, size, out.data(), out.size());
  if (n == 0) return {};
  out.resize(n);
  return out;
}

namespace {

// libharu removes a /Filter key from a stream it does not compress itself, but lets a
// dictionary write extra entries of its own just before ">>".
extern "C" HPDF_STATUS write_flate_filter(HPDF_Dict, HPDF_Stream stream) noexcept {
  return HPDF_Stream_WriteStr(stream, "/Filter /FlateDecode\012");
}

}  // namespace

bool write_deflated(Context& ctx, HPDF_Dict stream, const std::string& deflated) {
  // libharu must not compress it again: no filter of its own, /Filter written by hand.
  stream->filter = HPDF_STREAM_FILTER_NONE;
  stream->write_fn = write_flate_filter;
  HPDF_Stream_Write(stream->stream, reinterpret_cast<const HPDF_BYTE*>(deflated.data()),
                    static_cast<HPDF_UINT>(deflated.size()));
  return ctx.ok("writing a compressed stream");
}

HPDF_Dict deflated_stream(Context& ctx, const std::string& bytes) {
  HPDF_Dict stream = HPDF_DictStream_New(ctx.doc->mmgr, ctx.doc->xref);
  if (!ctx.ok("creating a stream")) return nullptr;
  const std::string deflated = deflate_bytes(bytes, kDeflateFast);
  if (deflated.empty()) {
    ctx.diags.error({}, "PDF output: cannot compress a stream");
    return nullptr;
  }
  return write_deflated(ctx, stream, deflated) ? stream : nullptr;
}

bool check_output_profile(const std::string& path, const SourcePos& where, Diagnostics& diags,
                          bool embed, const SourcePos& embed_where) {
  std::shared_ptr<const CheckedProfile> checked = read_profile(path, where, diags);
  if (!checked) return false;
  const std::string& description = checked->description;
  if (embed || !registered_condition(description).empty()) return true;
  diags
      .error(embed_where.known() ? embed_where : where,
             "embed_output_profile: false needs the profile of a registered printing condition; "
             "'" +
                 path + "' (" + description + ") is not one")
      .hints.push_back(
          "PDF/X-1a may name a condition of the ICC registry (FOGRA39, FOGRA47, FOGRA51, "
          "FOGRA52) without embedding its profile; any other profile must be embedded");
  return false;
}

bool write_pdfx(Context& ctx, const display::Document& doc) {
  const bool embed = doc.embed_output_profile;
  std::shared_ptr<const EmbeddedProfile> profile =
      embedded_profile(doc.output_profile, embed, ctx.diags);
  if (!profile) return false;
  const std::string& description = profile->source->description;
  // A registered condition (FOGRA39, in the ICC's characterization registry) is named by
  // its identifier; any other profile by its own description, and must be embedded.
  const std::string registered = registered_condition(description);
  if (!embed && registered.empty()) {
    check_output_profile(doc.output_profile, {}, ctx.diags, false);
    return false;
  }
  if (doc.meta.title.empty()) {
    ctx.diags.error({}, "PDF/X needs a document title")
        .hints.push_back("set info.title in the layout");
    return false;
  }
  // PDF/X-1a:2003 is based on PDF 1.4 (/Lang is a 1.4 key too); libharu writes 1.3.
  ctx.doc->pdf_version = HPDF_VER_14;

  HPDF_MMgr mmgr = ctx.doc->mmgr;
  HPDF_Dict intent = HPDF_Dict_New(mmgr);
  HPDF_Dict_AddName(intent, "Type", "OutputIntent");
  HPDF_Dict_AddName(intent, "S", "GTS_PDFX");
  HPDF_Dict_Add(intent, "OutputConditionIdentifier",
                ascii_string(ctx, registered.empty() ? description : registered));
  HPDF_Dict_Add(intent, "OutputCondition", ascii_string(ctx, description));
  HPDF_Dict_Add(intent, "RegistryName", ascii_string(ctx, "http://www.color.org"));
  HPDF_Dict_Add(intent, "Info", ascii_string(ctx, description));
  if (embed) {
    HPDF_Dict stream = HPDF_DictStream_New(mmgr, ctx.doc->xref);
    if (!ctx.ok("creating the output profile stream")) return false;
    HPDF_Dict_AddNumber(stream, "N", 4);
    if (!write_deflated(ctx, stream, profile->deflated)) return false;
    if (profile->predictor_colors > 0) {
      HPDF_Dict parms = HPDF_Dict_New(mmgr);
      HPDF_Dict_AddNumber(parms, "Predictor", 15);
      HPDF_Dict_AddNumber(parms, "Colors", static_cast<HPDF_INT32>(profile->predictor_colors));
      HPDF_Dict_AddNumber(parms, "BitsPerComponent", 8);
      HPDF_Dict_AddNumber(parms, "Columns", static_cast<HPDF_INT32>(profile->predictor_columns));
      HPDF_Dict_Add(stream, "DecodeParms", parms);
    }
    HPDF_Dict_Add(intent, "DestOutputProfile", stream);
  }
  HPDF_Array intents = HPDF_Array_New(mmgr);
  HPDF_Array_Add(intents, intent);
  HPDF_Dict_Add(ctx.doc->catalog, "OutputIntents", intents);
  if (!ctx.ok("adding the output intent")) return false;

  // write_info has created the info dictionary (it always sets Producer and the dates).
  HPDF_Dict info = ctx.doc->info;
  HPDF_Dict_Add(info, "GTS_PDFXVersion", ascii_string(ctx, "PDF/X-1a:2003"));
  // plaquette never traps; the print shop may.
  HPDF_Dict_AddName(info, "Trapped", "False");
  if (!ctx.ok("adding the PDF/X document information")) return false;

  // PDF/X requires /ID. A zero placeholder of the final length is written now and replaced
  // by stamp_document_id once the bytes exist: the trailer comes after every object and the
  // cross-reference table, so no offset moves.
  const std::array<HPDF_BYTE, 16> zero{};
  HPDF_Array id = HPDF_Array_New(mmgr);
  HPDF_Array_Add(id, HPDF_Binary_New(mmgr, const_cast<HPDF_BYTE*>(zero.data()), 16));
  HPDF_Array_Add(id, HPDF_Binary_New(mmgr, const_cast<HPDF_BYTE*>(zero.data()), 16));
  HPDF_Dict_Add(ctx.doc->trailer, "ID", id);
  return ctx.ok("adding the document ID");
}

bool stamp_document_id(std::string& bytes) {
  static const std::string placeholder = "<" + std::string(32, '0') + ">";
  const std::size_t trailer = bytes.rfind("trailer");
  if (trailer == std::string::npos) return false;
  const std::size_t first = bytes.find(placeholder, trailer);
  const std::size_t second =
      first == std::string::npos ? first : bytes.find(placeholder, first + placeholder.size());
  if (second == std::string::npos) return false;
  // The MD5 of the whole file with the zero ID: the same content always gets the same ID,
  // and any change of content gives another. Nettle's (libharu exports one too, for its
  // encryption, ~5 times slower: 0.3 ms of a build).
  md5_ctx md5;
  md5_init(&md5);
  md5_update(&md5, bytes.size(), reinterpret_cast<const std::uint8_t*>(bytes.data()));
  std::array<std::uint8_t, MD5_DIGEST_SIZE> digest{};
  md5_digest(&md5, digest.size(), digest.data());
  char hex[33];
  for (int i = 0; i < 16; ++i) std::snprintf(hex + 2 * i, 3, "%02X", digest[i]);
  bytes.replace(first + 1, 32, hex);
  bytes.replace(second + 1, 32, hex);
  return true;
}

}  // namespace plaquette::render::pdf

// Colour: a soft proof of the display list's CMYK on an sRGB screen, with LittleCMS.
//
// The intent is relative colorimetric with black point compensation. Relative colorimetric
// maps the paper's white to the screen's white and leaves every colour the screen can show
// where the press puts it, so the proof is as close to the print as sRGB allows; only the
// few out-of-gamut cyans are clipped. Perceptual would also move in-gamut colours, by a
// table that differs from profile to profile (with FOGRA39L both give the same sRGB,
// within one 8-bit step, for black, navy, cyan and paper). Black point compensation maps the
// press's deepest black (a 300 %+ rich black) to the screen's black so that shadows keep their
// steps instead of clipping; 100 % K alone still shows as the dark grey it prints
// (sRGB ≈ 30, 30, 29), as it should on a proof.
//
// The naive 1 − C conversion is not used: it ignores dot gain and the inks' real hues
// (process cyan is far from #00FFFF), which is what a proof is for.
#include <sys/stat.h>

#include <cmath>
#include <cstdio>
#include <utility>

#include "base/file.h"
#include "render/cairo/cairo_private.h"

namespace plaquette::render::cairo {

namespace {

// LittleCMS calls this from C with the context the failure happened in; it must not throw.
extern "C" void on_lcms_error(cmsContext context, cmsUInt32Number, const char* text) noexcept {
  auto* self = static_cast<ColourConverter*>(cmsGetContextUserData(context));
  if (self && text && self->last_error.empty()) {
    try {
      self->last_error = text;
    } catch (...) {
    }
  }
}

// 0..1 ink to LittleCMS's 16-bit encoding; NaN and rounding overshoot become 0 or 100 %.
uint16_t ink16(double v) {
  if (!(v > 0)) return 0;
  if (v >= 1) return 65535;
  return static_cast<uint16_t>(std::lround(v * 65535.0));
}

}  // namespace

ColourConverter::~ColourConverter() {
  if (transform_) cmsDeleteTransform(transform_);
  if (context_) cmsDeleteContext(context_);
}

bool ColourConverter::open(const std::string& profile_path, Diagnostics& diags) {
  const SourcePos at{profile_path, 0, 0};
  if (profile_path.empty()) {
    diags
        .error(
            {},
            "the document names no CMYK output profile, so its colours cannot be shown on screen")
        .hints.push_back("set `page.output_profile` in the layout");
    return false;
  }
  // A context of our own, so that messages come back here and not to a global handler.
  context_ = cmsCreateContext(nullptr, this);
  if (!context_) {
    diags.error(at, "LittleCMS could not create a context");
    return false;
  }
  cmsSetLogErrorHandlerTHR(context_, on_lcms_error);
  ReadError read_error;
  const auto bytes = read_input_file(profile_path, InputKind::profile, read_error);
  cmsHPROFILE cmyk = bytes ? cmsOpenProfileFromMemTHR(context_, bytes->data(),
                                                      static_cast<cmsUInt32Number>(bytes->size()))
                           : nullptr;
  if (!bytes) last_error = read_error.message;
  if (!cmyk) {
    diags
        .error(at, "cannot read the CMYK output profile" +
                       (last_error.empty() ? std::string() : ": " + last_error))
        .hints.push_back("page.output_profile in the layout names it, relative to the layout file");
    return false;
  }
  if (cmsGetColorSpace(cmyk) != cmsSigCmykData) {
    cmsCloseProfile(cmyk);
    diags.error(at, "the output profile is not a CMYK profile");
    return false;
  }
  cmsHPROFILE srgb = cmsCreate_sRGBProfileTHR(context_);
  if (srgb) {
    transform_ =
        cmsCreateTransformTHR(context_, cmyk, TYPE_CMYK_16, srgb, TYPE_RGB_16,
                              INTENT_RELATIVE_COLORIMETRIC, cmsFLAGS_BLACKPOINTCOMPENSATION);
    cmsCloseProfile(srgb);
  }
  cmsCloseProfile(cmyk);
  if (!transform_) {
    diags.error(at, "cannot convert from the CMYK output profile to sRGB" +
                        (last_error.empty() ? std::string() : ": " + last_error));
    return false;
  }
  return true;
}

std::shared_ptr<ColourConverter> shared_converter(const std::string& path, Diagnostics& diags) {
  static std::mutex mutex;
  // Path → (its stamp when opened, the converter). A handful of profiles at most.
  static std::map<std::string, std::pair<FileStamp, std::shared_ptr<ColourConverter>>> cache;
  const std::optional<FileStamp> stamp = file_stamp(path);
  if (stamp) {
    std::lock_guard<std::mutex> lock(mutex);
    auto it = cache.find(path);
    if (it != cache.end() && it->second.first == *stamp) {
      ReadLog::record(path);  // read by an earlier render: still a dependency of this one
      return it->second.second;
    }
  }
  auto converter = std::make_shared<ColourConverter>();
  if (!converter->open(path, diags)) return nullptr;
  // Stamped before reading: a file changed while it was read gets another stamp next time.
  if (stamp) {
    std::lock_guard<std::mutex> lock(mutex);
    if (cache.size() >= 16) cache.clear();
    cache[path] = {*stamp, converter};
  }
  return converter;
}

Rgb ColourConverter::convert(const display::Cmyk& c) {
  const std::array<uint16_t, 4> in = {ink16(c.c), ink16(c.m), ink16(c.y), ink16(c.k)};
  std::lock_guard<std::mutex> lock(mutex_);
  if (auto it = cache_.find(in); it != cache_.end()) return it->second;
  uint16_t out[3] = {0, 0, 0};
  cmsDoTransform(transform_, in.data(), out, 1);
  const Rgb rgb{out[0] / 65535.0, out[1] / 65535.0, out[2] / 65535.0};
  cache_.emplace(in, rgb);
  return rgb;
}

void ColourConverter::set_source(cairo_t* cr, const display::Cmyk& c) {
  const Rgb rgb = convert(c);
  cairo_set_source_rgb(cr, rgb.r, rgb.g, rgb.b);
}

}  // namespace plaquette::render::cairo

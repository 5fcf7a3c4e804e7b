// Total ink inside CMYK images: the image is decoded by qpdf (every filter, JPEG included)
// into a pipeline that looks at each pixel as it passes and keeps nothing but the darkest
// one, so that an A3 image at 300 ppi (139 MB decoded) costs time, not memory.
#include <exception>

#include "preflight/preflight_private.h"  // first: it sets qpdf's pointer mode

namespace plaquette::preflight {
namespace {

class InkSink : public Pipeline {
 public:
  InkSink(long width, const double* decode, std::size_t budget, ImageInk& out)
      : Pipeline("image ink", nullptr), width_(width), budget_(budget), out_(out) {
    for (int i = 0; i < 4; ++i)
      lo_[i] = decode[2 * i], span_[i] = (decode[2 * i + 1] - lo_[i]) / 255;
  }
  struct Over {};
  void write(unsigned char const* data, size_t len) override {
    for (size_t i = 0; i < len; ++i) {
      if (++seen_ > budget_) throw Over{};
      pixel_[filled_++] = data[i];
      if (filled_ < 4) continue;
      filled_ = 0;
      double sum = 0;
      for (int c = 0; c < 4; ++c) sum += lo_[c] + span_[c] * pixel_[c];
      if (sum > out_.max + 1e-9) {
        out_.max = sum;
        out_.col = index_ % width_;
        out_.row = index_ / width_;
      }
      ++index_;
    }
  }
  void finish() override {}

 private:
  long width_;
  std::size_t budget_, seen_ = 0;
  ImageInk& out_;
  double lo_[4], span_[4];
  unsigned char pixel_[4] = {};
  int filled_ = 0;
  long index_ = 0;
};

}  // namespace

ImageInk image_ink(QPDFObjectHandle image, long width, std::size_t budget) {
  ImageInk out;
  if (!image.isStream() || width <= 0) return out;
  double decode[8] = {0, 1, 0, 1, 0, 1, 0, 1};
  QPDFObjectHandle d = image.getDict().getKey("/Decode");
  if (d.isArray() && d.getArrayNItems() == 8)
    for (int i = 0; i < 8; ++i)
      if (d.getArrayItem(i).isNumber()) decode[i] = d.getArrayItem(i).getNumericValue();
  InkSink sink(width, decode, budget, out);
  try {
    bool attempted = false;
    const bool ok = image.pipeStreamData(&sink, &attempted, 0, qpdf_dl_all, true, false);
    if (!ok || !attempted) {
      out.problem = "its data cannot be decoded";
      return out;
    }
  } catch (const InkSink::Over&) {
    out.problem = "it decodes to more than the " + mib(budget) + " image budget";
    return out;
  } catch (const std::exception& e) {
    out.problem = std::string("its data cannot be decoded: ") + e.what();
    return out;
  }
  out.checked = true;
  return out;
}

}  // namespace plaquette::preflight

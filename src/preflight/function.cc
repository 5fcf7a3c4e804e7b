// PDF functions of one input (ISO 32000-1, 7.10): sampled (type 0, 8 or 16 bits), exponential
// (type 2) and stitching (type 3), evaluated to measure the ink of shadings and of spot
// colours through their alternate space. PostScript calculator functions (type 4) are not
// evaluated: what uses one is reported as not checked.
#include <algorithm>
#include <cmath>

#include "preflight/preflight_private.h"  // first: it sets qpdf's pointer mode

namespace plaquette::preflight {
namespace {

std::vector<double> numbers(QPDFObjectHandle a) {
  std::vector<double> v;
  if (!a.isArray()) return v;
  for (int i = 0, n = std::min(a.getArrayNItems(), 64); i < n; ++i)
    if (a.getArrayItem(i).isNumber()) v.push_back(a.getArrayItem(i).getNumericValue());
  return v;
}

}  // namespace

Function Function::parse(QPDFObjectHandle f, Budget& budget, int depth) {
  Function fn;
  if (depth > 8) {
    fn.why_ = "functions nested too deep";
    return fn;
  }
  QPDFObjectHandle type = key(f, "/FunctionType");
  std::vector<double> domain = numbers(key(f, "/Domain"));
  if (!type.isInteger() || domain.size() < 2) {
    fn.why_ = "a damaged function";
    return fn;
  }
  fn.type_ = static_cast<int>(type.getIntValue());
  fn.d0_ = domain[0], fn.d1_ = domain[1];
  fn.range_ = numbers(key(f, "/Range"));
  if (fn.type_ == 2) {
    fn.c0_ = numbers(key(f, "/C0"));
    fn.c1_ = numbers(key(f, "/C1"));
    if (fn.c0_.empty()) fn.c0_ = {0};
    if (fn.c1_.empty()) fn.c1_ = {1};
    QPDFObjectHandle n = key(f, "/N");
    fn.n_ = n.isNumber() ? n.getNumericValue() : 1;
    fn.ok_ = fn.c0_.size() == fn.c1_.size();
  } else if (fn.type_ == 3) {
    QPDFObjectHandle fs = key(f, "/Functions");
    fn.bounds_ = numbers(key(f, "/Bounds"));
    fn.encode_ = numbers(key(f, "/Encode"));
    if (!fs.isArray() || fs.getArrayNItems() == 0 || fs.getArrayNItems() > 64 ||
        fn.bounds_.size() + 1 != static_cast<std::size_t>(fs.getArrayNItems()) ||
        fn.encode_.size() != 2 * static_cast<std::size_t>(fs.getArrayNItems())) {
      fn.why_ = "a damaged stitching function";
      return fn;
    }
    for (int i = 0; i < fs.getArrayNItems(); ++i) {
      fn.parts_.push_back(parse(fs.getArrayItem(i), budget, depth + 1));
      if (!fn.parts_.back().ok_) {
        fn.why_ = fn.parts_.back().why_;
        return fn;
      }
    }
    fn.ok_ = true;
  } else if (fn.type_ == 0) {
    std::vector<double> size = numbers(key(f, "/Size"));
    QPDFObjectHandle bps = key(f, "/BitsPerSample");
    fn.bits_ = bps.isInteger() ? static_cast<int>(bps.getIntValue()) : 0;
    fn.encode_ = numbers(key(f, "/Encode"));
    fn.decode_ = numbers(key(f, "/Decode"));
    if (size.size() != 1 || size[0] < 1 || size[0] > 65536 || (fn.bits_ != 8 && fn.bits_ != 16) ||
        fn.range_.size() < 2) {
      fn.why_ = "a sampled function of a kind not evaluated here";
      return fn;
    }
    fn.size_ = static_cast<int>(size[0]);
    if (fn.encode_.size() < 2) fn.encode_ = {0, static_cast<double>(fn.size_ - 1)};
    if (fn.decode_.size() < fn.range_.size()) fn.decode_ = fn.range_;
    std::string problem;
    if (decode_all(f, budget, fn.samples_, problem) != DecodeStatus::ok) {
      fn.why_ = "its samples cannot be read: " + problem;
      return fn;
    }
    const std::size_t outputs = fn.range_.size() / 2;
    fn.ok_ = fn.samples_.size() >= static_cast<std::size_t>(fn.size_) * outputs * (fn.bits_ / 8);
    if (!fn.ok_) fn.why_ = "a sampled function with too few samples";
  } else {
    fn.why_ = fn.type_ == 4 ? "a PostScript calculator function (type 4), not evaluated"
                            : "a function of type " + std::to_string(fn.type_);
  }
  return fn;
}

std::vector<double> Function::eval(double x) const {
  x = std::clamp(x, std::min(d0_, d1_), std::max(d0_, d1_));
  std::vector<double> out;
  if (type_ == 2) {
    const double p = std::pow(x, n_);
    for (std::size_t i = 0; i < c0_.size(); ++i) out.push_back(c0_[i] + p * (c1_[i] - c0_[i]));
  } else if (type_ == 3) {
    std::size_t k = 0;
    while (k < bounds_.size() && x >= bounds_[k]) ++k;
    const double lo = k == 0 ? d0_ : bounds_[k - 1], hi = k == bounds_.size() ? d1_ : bounds_[k];
    const double t = hi > lo ? (x - lo) / (hi - lo) : 0;
    out = parts_[k].eval(encode_[2 * k] + t * (encode_[2 * k + 1] - encode_[2 * k]));
  } else if (type_ == 0) {
    const std::size_t outputs = range_.size() / 2;
    const double span = d1_ > d0_ ? (x - d0_) / (d1_ - d0_) : 0;
    const double e = std::clamp(encode_[0] + span * (encode_[1] - encode_[0]), 0.0,
                                static_cast<double>(size_ - 1));
    const std::size_t i = static_cast<std::size_t>(std::lround(e));
    const double max = bits_ == 8 ? 255 : 65535;
    for (std::size_t o = 0; o < outputs; ++o) {
      const std::size_t at = (i * outputs + o) * (bits_ / 8);
      double s = static_cast<unsigned char>(samples_[at]);
      if (bits_ == 16) s = s * 256 + static_cast<unsigned char>(samples_[at + 1]);
      out.push_back(decode_[2 * o] + s / max * (decode_[2 * o + 1] - decode_[2 * o]));
    }
  }
  for (std::size_t i = 0; 2 * i + 1 < range_.size() && i < out.size(); ++i)
    out[i] = std::clamp(out[i], range_[2 * i], range_[2 * i + 1]);
  return out;
}

}  // namespace plaquette::preflight

// PDF functions (ISO 32000-1, 7.10): sampled (type 0, 8 or 16 bits, any number of inputs,
// read at the nearest sample), exponential (type 2), stitching (type 3) and PostScript
// calculator (type 4) functions, evaluated to measure the ink of shadings and of spot
// colours through their alternate space. Every evaluation is bounded: programs and samples
// are read within the decompression budgets, a calculator program has no loops, and its
// stack and nesting are capped.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>

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

// The operators of PostScript calculator functions (ISO 32000-1, table 42).
constexpr const char* kOperators[] = {
    "abs",   "add",   "atan",     "ceiling", "cos",      "cvi",   "cvr",   "div",   "exp",
    "floor", "idiv",  "ln",       "log",     "mod",      "mul",   "neg",   "round", "sin",
    "sqrt",  "sub",   "truncate", "and",     "bitshift", "eq",    "false", "ge",    "gt",
    "le",    "lt",    "ne",       "not",     "or",       "true",  "xor",   "copy",  "dup",
    "exch",  "index", "pop",      "roll",    "if",       "ifelse"};
constexpr int kIf = 41, kIfElse = 42;             // 1-based codes of "if" and "ifelse"
constexpr std::size_t kMaxStack = 100;            // the limit PDF readers are built for
constexpr std::size_t kMaxInstructions = 100000;  // a tint transform is a few dozen
constexpr int kMaxProcDepth = 32;

int operator_code(const std::string& word) {
  for (int i = 0; i < static_cast<int>(std::size(kOperators)); ++i)
    if (word == kOperators[i]) return i + 1;
  return -1;
}

}  // namespace

Function Function::parse(QPDFObjectHandle f, Budget& budget, int depth) {
  Function fn;
  if (depth > 8) {
    fn.why_ = "functions nested too deep";
    return fn;
  }
  QPDFObjectHandle type = key(f, "/FunctionType");
  fn.domain_ = numbers(key(f, "/Domain"));
  if (!type.isInteger() || fn.domain_.size() < 2 || fn.domain_.size() % 2 != 0) {
    fn.why_ = "a damaged function";
    return fn;
  }
  fn.type_ = static_cast<int>(type.getIntValue());
  fn.range_ = numbers(key(f, "/Range"));
  if (fn.type_ == 2) {
    fn.c0_ = numbers(key(f, "/C0"));
    fn.c1_ = numbers(key(f, "/C1"));
    if (fn.c0_.empty()) fn.c0_ = {0};
    if (fn.c1_.empty()) fn.c1_ = {1};
    QPDFObjectHandle n = key(f, "/N");
    fn.n_ = n.isNumber() ? n.getNumericValue() : 1;
    fn.ok_ = fn.c0_.size() == fn.c1_.size();
    if (!fn.ok_) fn.why_ = "a damaged exponential function";
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
    const std::vector<double> size = numbers(key(f, "/Size"));
    QPDFObjectHandle bps = key(f, "/BitsPerSample");
    fn.bits_ = bps.isInteger() ? static_cast<int>(bps.getIntValue()) : 0;
    fn.encode_ = numbers(key(f, "/Encode"));
    fn.decode_ = numbers(key(f, "/Decode"));
    const std::size_t inputs = fn.domain_.size() / 2;
    double total = 1;
    for (double s : size) total *= s;
    if (size.size() != inputs || inputs > 16 || total < 1 || total > (1 << 24) ||
        (fn.bits_ != 8 && fn.bits_ != 16) || fn.range_.size() < 2) {
      fn.why_ = "a sampled function of a kind not evaluated here";
      return fn;
    }
    for (double s : size) {
      if (s < 1) {
        fn.why_ = "a damaged sampled function";
        return fn;
      }
      fn.size_.push_back(static_cast<int>(s));
    }
    if (fn.encode_.size() < 2 * inputs) {
      fn.encode_.clear();
      for (int s : fn.size_) fn.encode_.insert(fn.encode_.end(), {0, static_cast<double>(s - 1)});
    }
    if (fn.decode_.size() < fn.range_.size()) fn.decode_ = fn.range_;
    std::string problem;
    if (decode_all(f, budget, fn.samples_, problem) != DecodeStatus::ok) {
      fn.why_ = "its samples cannot be read: " + problem;
      return fn;
    }
    const std::size_t outputs = fn.range_.size() / 2;
    fn.ok_ = fn.samples_.size() >= static_cast<std::size_t>(total) * outputs * (fn.bits_ / 8);
    if (!fn.ok_) fn.why_ = "a sampled function with too few samples";
  } else if (fn.type_ == 4) {
    std::string program, problem;
    if (fn.range_.size() < 2) {
      fn.why_ = "a PostScript calculator function without /Range";
    } else if (!f.isStream()) {
      fn.why_ = "a PostScript calculator function that is not a stream";
    } else if (decode_all(f, budget, program, problem) != DecodeStatus::ok) {
      fn.why_ = "its program cannot be read: " + problem;
    } else if (!fn.parse_calculator(program)) {
      fn.why_ = "a PostScript calculator function that cannot be read";
    } else {
      fn.ok_ = true;
    }
  } else {
    fn.why_ = "a function of type " + std::to_string(fn.type_);
  }
  return fn;
}

// { ... } with nested { } procedures, each followed by `if` or `ifelse` (ISO 32000-1,
// 7.10.5): numbers, booleans and operators; anything else makes the function unreadable.
bool Function::parse_calculator(const std::string& text) {
  std::vector<int> open;                  // procedures being read, innermost last
  std::vector<std::vector<int>> waiting;  // per open procedure: procedures before if / ifelse
  std::size_t count = 0, i = 0;
  bool done = false;
  while (i < text.size()) {
    const char c = text[i];
    if (std::isspace(static_cast<unsigned char>(c)) || c == '\0') {
      ++i;
      continue;
    }
    if (c == '%') {
      while (i < text.size() && text[i] != '\n' && text[i] != '\r') ++i;
      continue;
    }
    if (done || ++count > kMaxInstructions) return false;
    if (c == '{') {
      if (open.size() >= kMaxProcDepth) return false;
      procs_.emplace_back();
      open.push_back(static_cast<int>(procs_.size()) - 1);
      waiting.emplace_back();
      ++i;
      continue;
    }
    if (c == '}') {
      if (open.empty() || !waiting.back().empty()) return false;
      const int closed = open.back();
      open.pop_back();
      waiting.pop_back();
      if (open.empty()) {
        done = true;
      } else {
        waiting.back().push_back(closed);
      }
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < text.size() && !std::isspace(static_cast<unsigned char>(text[j])) &&
           text[j] != '{' && text[j] != '}' && text[j] != '%')
      ++j;
    const std::string word = text.substr(i, j - i);
    i = j;
    if (open.empty()) return false;
    std::vector<int>& pending = waiting.back();
    Instr in;
    char* end = nullptr;
    const double v = std::strtod(word.c_str(), &end);
    if (end && *end == '\0' && !word.empty() &&
        (std::isdigit(static_cast<unsigned char>(word[0])) || word[0] == '-' || word[0] == '+' ||
         word[0] == '.')) {
      in.num = v;
    } else {
      in.op = operator_code(word);
      if (in.op < 0) return false;
      if (in.op == kIf) {
        if (pending.size() != 1) return false;
        in.then_ = pending[0];
      } else if (in.op == kIfElse) {
        if (pending.size() != 2) return false;
        in.then_ = pending[0], in.else_ = pending[1];
      }
      if (in.op == kIf || in.op == kIfElse) pending.clear();
    }
    if (!pending.empty() && in.op != kIf && in.op != kIfElse) return false;
    procs_[open.back()].push_back(in);
  }
  return done;
}

// Booleans are 1 and 0 on the stack: the operators that take them (and, or, not, xor)
// work on integers too, bitwise.
bool Function::run(int proc, std::vector<double>& st, int depth) const {
  if (depth > kMaxProcDepth) return false;
  const auto need = [&](std::size_t n) { return st.size() >= n; };
  const auto as_int = [](double v) { return static_cast<long long>(std::trunc(v)); };
  for (const Instr& in : procs_[static_cast<std::size_t>(proc)]) {
    if (in.op == 0) {
      if (st.size() >= kMaxStack) return false;
      st.push_back(in.num);
      continue;
    }
    const std::string_view name = kOperators[in.op - 1];
    if (name == "true" || name == "false") {
      if (st.size() >= kMaxStack) return false;
      st.push_back(name == "true" ? 1 : 0);
      continue;
    }
    if (in.op == kIf || in.op == kIfElse) {
      if (!need(1)) return false;
      const bool cond = st.back() != 0;
      st.pop_back();
      const int next = cond ? in.then_ : in.else_;
      if (next >= 0 && !run(next, st, depth + 1)) return false;
      continue;
    }
    // Stack operators.
    if (name == "dup") {
      if (!need(1) || st.size() >= kMaxStack) return false;
      st.push_back(st.back());
    } else if (name == "pop") {
      if (!need(1)) return false;
      st.pop_back();
    } else if (name == "exch") {
      if (!need(2)) return false;
      std::swap(st[st.size() - 1], st[st.size() - 2]);
    } else if (name == "copy") {
      if (!need(1)) return false;
      const long long n = as_int(st.back());
      st.pop_back();
      if (n < 0 || !need(static_cast<std::size_t>(n)) ||
          st.size() + static_cast<std::size_t>(n) > kMaxStack)
        return false;
      const std::size_t from = st.size() - static_cast<std::size_t>(n);
      for (long long k = 0; k < n; ++k) st.push_back(st[from + static_cast<std::size_t>(k)]);
    } else if (name == "index") {
      if (!need(1)) return false;
      const long long n = as_int(st.back());
      st.pop_back();
      if (n < 0 || !need(static_cast<std::size_t>(n) + 1)) return false;
      st.push_back(st[st.size() - 1 - static_cast<std::size_t>(n)]);
    } else if (name == "roll") {
      if (!need(2)) return false;
      long long j = as_int(st.back());
      st.pop_back();
      const long long n = as_int(st.back());
      st.pop_back();
      if (n < 0 || !need(static_cast<std::size_t>(n))) return false;
      if (n > 0) {
        j %= n;
        if (j < 0) j += n;
        std::rotate(st.end() - n, st.end() - j, st.end());
      }
    } else {
      // Arithmetic, relational and boolean operators: one or two operands, one result.
      const bool unary = name == "abs" || name == "ceiling" || name == "cos" || name == "cvi" ||
                         name == "cvr" || name == "floor" || name == "ln" || name == "log" ||
                         name == "neg" || name == "round" || name == "sin" || name == "sqrt" ||
                         name == "truncate" || name == "not";
      if (!need(unary ? 1 : 2)) return false;
      const double b = st.back();
      st.pop_back();
      const double a = unary ? 0 : st.back();
      if (!unary) st.pop_back();
      constexpr double kDeg = 180 / 3.14159265358979323846;
      double r = 0;
      if (name == "abs")
        r = std::abs(b);
      else if (name == "ceiling")
        r = std::ceil(b);
      else if (name == "cos")
        r = std::cos(b / kDeg);
      else if (name == "cvi" || name == "truncate")
        r = std::trunc(b);
      else if (name == "cvr")
        r = b;
      else if (name == "floor")
        r = std::floor(b);
      else if (name == "ln")
        r = b > 0 ? std::log(b) : 0;
      else if (name == "log")
        r = b > 0 ? std::log10(b) : 0;
      else if (name == "neg")
        r = -b;
      else if (name == "round")
        r = std::floor(b + 0.5);
      else if (name == "sin")
        r = std::sin(b / kDeg);
      else if (name == "sqrt")
        r = b >= 0 ? std::sqrt(b) : 0;
      else if (name == "not")
        r = b == 0 || b == 1 ? 1 - b : static_cast<double>(~as_int(b));
      else if (name == "add")
        r = a + b;
      else if (name == "sub")
        r = a - b;
      else if (name == "mul")
        r = a * b;
      else if (name == "div")
        r = b != 0 ? a / b : 0;
      else if (name == "idiv")
        r = as_int(b) != 0 ? static_cast<double>(as_int(a) / as_int(b)) : 0;
      else if (name == "mod")
        r = as_int(b) != 0 ? static_cast<double>(as_int(a) % as_int(b)) : 0;
      else if (name == "exp")
        r = std::pow(a, b);
      else if (name == "atan") {
        r = std::atan2(a, b) * kDeg;
        if (r < 0) r += 360;
      } else if (name == "and")
        r = static_cast<double>(as_int(a) & as_int(b));
      else if (name == "or")
        r = static_cast<double>(as_int(a) | as_int(b));
      else if (name == "xor")
        r = static_cast<double>(as_int(a) ^ as_int(b));
      else if (name == "bitshift") {
        const long long s = as_int(b);
        r = s >= 0 ? static_cast<double>(as_int(a) << std::min(s, 62LL))
                   : static_cast<double>(as_int(a) >> std::min(-s, 62LL));
      } else if (name == "eq")
        r = a == b;
      else if (name == "ne")
        r = a != b;
      else if (name == "ge")
        r = a >= b;
      else if (name == "gt")
        r = a > b;
      else if (name == "le")
        r = a <= b;
      else if (name == "lt")
        r = a < b;
      if (!std::isfinite(r)) r = 0;
      st.push_back(r);
    }
  }
  return true;
}

std::vector<double> Function::eval(std::vector<double> in) const {
  const std::size_t inputs = domain_.size() / 2;
  in.resize(inputs, 0);
  for (std::size_t i = 0; i < inputs; ++i)
    in[i] = std::clamp(in[i], std::min(domain_[2 * i], domain_[2 * i + 1]),
                       std::max(domain_[2 * i], domain_[2 * i + 1]));
  std::vector<double> out;
  const double x = inputs > 0 ? in[0] : 0, d0 = domain0(), d1 = domain1();
  if (type_ == 2) {
    const double p = std::pow(x, n_);
    for (std::size_t i = 0; i < c0_.size(); ++i) out.push_back(c0_[i] + p * (c1_[i] - c0_[i]));
  } else if (type_ == 3) {
    std::size_t k = 0;
    while (k < bounds_.size() && x >= bounds_[k]) ++k;
    const double lo = k == 0 ? d0 : bounds_[k - 1], hi = k == bounds_.size() ? d1 : bounds_[k];
    const double t = hi > lo ? (x - lo) / (hi - lo) : 0;
    out = parts_[k].eval(encode_[2 * k] + t * (encode_[2 * k + 1] - encode_[2 * k]));
  } else if (type_ == 0) {
    const std::size_t outputs = range_.size() / 2;
    std::size_t index = 0, stride = 1;
    for (std::size_t i = 0; i < inputs; ++i) {
      const double lo = domain_[2 * i], hi = domain_[2 * i + 1];
      const double span = hi > lo ? (in[i] - lo) / (hi - lo) : 0;
      const double e = std::clamp(encode_[2 * i] + span * (encode_[2 * i + 1] - encode_[2 * i]),
                                  0.0, static_cast<double>(size_[i] - 1));
      index += static_cast<std::size_t>(std::lround(e)) * stride;
      stride *= static_cast<std::size_t>(size_[i]);
    }
    const double max = bits_ == 8 ? 255 : 65535;
    for (std::size_t o = 0; o < outputs; ++o) {
      const std::size_t at = (index * outputs + o) * (bits_ / 8);
      double s = static_cast<unsigned char>(samples_[at]);
      if (bits_ == 16) s = s * 256 + static_cast<unsigned char>(samples_[at + 1]);
      out.push_back(decode_[2 * o] + s / max * (decode_[2 * o + 1] - decode_[2 * o]));
    }
  } else if (type_ == 4) {
    std::vector<double> st(in);
    if (procs_.empty() || !run(0, st, 0)) return {};
    const std::size_t outputs = range_.size() / 2;
    if (st.size() < outputs) return {};
    out.assign(st.end() - static_cast<std::ptrdiff_t>(outputs), st.end());
  }
  for (std::size_t i = 0; 2 * i + 1 < range_.size() && i < out.size(); ++i)
    out[i] = std::clamp(out[i], range_[2 * i], range_[2 * i + 1]);
  return out;
}

}  // namespace plaquette::preflight

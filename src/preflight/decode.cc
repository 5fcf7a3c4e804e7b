// Decoding streams within the decompression budgets. Flate and RunLength data (nearly every
// content stream) is inflated a kilobyte of raw data at a time and handed out in chunks, so
// that a stream that inflates to a gigabyte never sits in memory; other filters go through
// qpdf's decoder into a buffer that stops at the per-stream budget.
#include <algorithm>
#include <exception>
#include <qpdf/Buffer.hh>
#include <qpdf/Pl_Flate.hh>
#include <qpdf/Pl_RunLength.hh>

#include "preflight/preflight_private.h"  // first: it sets qpdf's pointer mode

namespace plaquette::preflight {

std::string mib(std::size_t bytes) { return std::to_string(bytes / (1024 * 1024)) + " MiB"; }

/// The end of every decoding chain: appends to the reader's current output, and stops the
/// decoding (by throwing) when a budget would be passed.
class StreamReader::Sink : public Pipeline {
 public:
  explicit Sink(StreamReader& r) : Pipeline("preflight budget", nullptr), r_(r) {}
  void write(unsigned char const* data, size_t len) override {
    Budget& b = r_.budget_;
    const std::size_t room = std::min(b.stream_limit - std::min(b.stream_limit, r_.stream_bytes_),
                                      b.file_limit - std::min(b.file_limit, b.file_used));
    const std::size_t take = std::min(room, len);
    r_.target_->append(reinterpret_cast<const char*>(data), take);
    r_.stream_bytes_ += take;
    b.file_used += take;
    if (take < len) throw OverBudget{};
  }
  void finish() override {}

 private:
  StreamReader& r_;
};

StreamReader::StreamReader(std::vector<QPDFObjectHandle> streams, Budget& budget)
    : streams_(std::move(streams)), budget_(budget), sink_(std::make_unique<Sink>(*this)) {}

StreamReader::~StreamReader() = default;

std::vector<std::string> filters_of(QPDFObjectHandle stream) {
  std::vector<std::string> names;
  QPDFObjectHandle f = key(stream, "/Filter");
  if (f.isName()) names.push_back(f.getName());
  if (f.isArray())
    for (int i = 0; i < f.getArrayNItems() && i < 16; ++i)
      names.push_back(f.getArrayItem(i).isName() ? f.getArrayItem(i).getName() : "?");
  return names;
}

bool StreamReader::open_next() {
  chain_.clear();
  raw_.reset();
  buffered_.clear();
  raw_pos_ = buffered_pos_ = 0;
  stream_bytes_ = 0;
  if (next_ >= streams_.size()) return false;
  QPDFObjectHandle s = streams_[next_++];
  current_ = s;
  if (!s.isStream()) {
    fail("is not a stream");
    return false;
  }
  const std::vector<std::string> filters = filters_of(s);
  QPDFObjectHandle parms = key(s, "/DecodeParms");
  // A predictor is the only decode parameter of Flate: without one, inflate here.
  const bool plain = !parms.isDictionary() && !parms.isArray();
  bool pull = plain;
  for (const std::string& f : filters)
    pull = pull && (f == "/FlateDecode" || f == "/Fl" || f == "/RunLengthDecode" || f == "/RL");
  try {
    if (pull) {
      raw_ = s.getRawStreamData();
      Pipeline* next = sink_.get();
      // The last filter feeds the sink: build the chain from the end.
      for (auto f = filters.rbegin(); f != filters.rend(); ++f) {
        if (*f == "/FlateDecode" || *f == "/Fl")
          chain_.push_back(std::make_unique<Pl_Flate>("inflate", next, Pl_Flate::a_inflate, 16384));
        else
          chain_.push_back(
              std::make_unique<Pl_RunLength>("run length", next, Pl_RunLength::a_decode));
        next = chain_.back().get();
      }
      pull_ = true;
    } else {
      pull_ = false;
      target_ = &buffered_;
      bool attempted = false;
      const bool ok =
          s.pipeStreamData(sink_.get(), &attempted, 0, qpdf_dl_generalized, true, false);
      if (!filters.empty() && !attempted) {
        buffered_.clear();
        std::string list;
        for (const std::string& f : filters) list += (list.empty() ? "" : " ") + f;
        fail("cannot be decoded (filter " + list + ")");
        return false;
      }
      if (!ok) {
        fail("cannot be decoded (damaged data)");
        return false;
      }
    }
  } catch (const OverBudget&) {
    over_budget();  // the buffered part is still handed out
  } catch (const std::exception& e) {
    fail(std::string("cannot be read: ") + e.what());
    return false;
  }
  return true;
}

void StreamReader::over_budget() {
  budget_hit_ = true;
  const bool per_file = budget_.file_used >= budget_.file_limit;
  problem_ = "decodes to more than the " +
             mib(per_file ? budget_.file_limit : budget_.stream_limit) +
             (per_file ? " decompression budget per file" : " decompression budget per stream") +
             "; what follows was not checked";
  done_ = true;
}

void StreamReader::fail(const std::string& why) {
  const std::string ref = object_ref(current_);
  problem_ = (ref.empty() ? "a stream" : "stream " + ref) + " " + why;
  done_ = true;
  buffered_.clear();
  raw_.reset();
}

bool StreamReader::read(std::string& out) {
  const std::size_t before = out.size();
  while (out.size() == before) {
    if (!open_) {
      if (done_ || next_ >= streams_.size() || !open_next()) {
        done_ = true;
        return out.size() > before;
      }
      open_ = true;
      // The streams of a page's /Contents array are one content stream: a token never
      // spans two of them, so a line end joins them.
      if (next_ > 1) out += '\n';
    }
    if (!pull_) {
      if (buffered_pos_ < buffered_.size()) {
        const std::size_t n = std::min<std::size_t>(buffered_.size() - buffered_pos_, 1 << 16);
        out.append(buffered_, buffered_pos_, n);
        buffered_pos_ += n;
      } else {
        open_ = false;
        if (done_) return out.size() > before;
      }
      continue;
    }
    target_ = &out;
    try {
      if (raw_pos_ < raw_->getSize()) {
        // A kilobyte of raw data inflates to a megabyte at most (deflate's ratio is 1032:1).
        const std::size_t n = std::min<std::size_t>(raw_->getSize() - raw_pos_, 1024);
        chain_.empty() ? sink_->write(raw_->getBuffer() + raw_pos_, n)
                       : chain_.back()->write(raw_->getBuffer() + raw_pos_, n);
        raw_pos_ += n;
      } else {
        if (!chain_.empty()) chain_.back()->finish();
        open_ = false;
      }
    } catch (const OverBudget&) {
      over_budget();
      open_ = false;
    } catch (const std::exception& e) {
      fail(std::string("cannot be decoded: ") + e.what());
      open_ = false;
    }
  }
  return true;
}

DecodeStatus decode_all(QPDFObjectHandle stream, Budget& budget, std::string& out,
                        std::string& problem) {
  StreamReader r({stream}, budget);
  out.clear();
  while (r.read(out)) {
  }
  problem = r.problem();
  return r.budget_hit()    ? DecodeStatus::over_budget
         : problem.empty() ? DecodeStatus::ok
                           : DecodeStatus::failed;
}

}  // namespace plaquette::preflight

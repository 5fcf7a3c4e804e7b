// Hostile PDFs made at test time, and a way to measure what checking one costs: raw PDF
// files written byte by byte (a page tree or a stream that qpdf's writer would refuse or
// rewrite), zip bombs made with zlib without compressing a gigabyte, and a child process
// whose time and peak memory getrusage reports.
#pragma once

#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

#include <cstdio>
#include <functional>
#include <string>
#include <vector>

namespace plaquette::preflight::test {

/// A PDF whose objects 1, 2, ... have these bodies ("<< ... >>", or a dictionary followed by
/// "stream\n...\nendstream"); object 1 is the catalog.
inline std::string raw_pdf(const std::vector<std::string>& bodies,
                           const std::string& header = "%PDF-1.4") {
  std::string out = header + "\n%\xE2\xE3\xCF\xD3\n";
  std::vector<std::size_t> offsets;
  for (std::size_t i = 0; i < bodies.size(); ++i) {
    offsets.push_back(out.size());
    out += std::to_string(i + 1) + " 0 obj\n" + bodies[i] + "\nendobj\n";
  }
  const std::size_t xref = out.size();
  out += "xref\n0 " + std::to_string(bodies.size() + 1) + "\n0000000000 65535 f \n";
  for (std::size_t off : offsets) {
    char line[24];
    std::snprintf(line, sizeof line, "%010zu 00000 n \n", off);
    out += line;
  }
  out += "trailer\n<< /Size " + std::to_string(bodies.size() + 1) + " /Root 1 0 R >>\nstartxref\n" +
         std::to_string(xref) + "\n%%EOF\n";
  return out;
}

/// A stream object's body: its dictionary entries (without << >>) and its data.
inline std::string stream_body(const std::string& entries, const std::string& data) {
  return "<< " + entries + " /Length " + std::to_string(data.size()) + " >>\nstream\n" + data +
         "\nendstream";
}

/// zlib data that inflates to `chunk` repeated `times` times. Each chunk is deflated once
/// and its block repeated (a full flush makes blocks independent); the checksum of the whole
/// is combined from the chunk's, so a gigabyte costs a megabyte and milliseconds.
inline std::string deflate_repeated(const std::string& chunk, std::size_t times) {
  z_stream z{};
  deflateInit2(&z, 9, Z_DEFLATED, -15, 9, Z_DEFAULT_STRATEGY);
  std::string block(chunk.size() + 1024, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(chunk.data()));
  z.avail_in = static_cast<uInt>(chunk.size());
  z.next_out = reinterpret_cast<Bytef*>(block.data());
  z.avail_out = static_cast<uInt>(block.size());
  deflate(&z, Z_FULL_FLUSH);
  block.resize(block.size() - z.avail_out);
  deflateEnd(&z);
  std::string out = "\x78\x9C";
  out.reserve(2 + block.size() * times + 8);
  const uLong one = adler32(adler32(0, nullptr, 0), reinterpret_cast<const Bytef*>(chunk.data()),
                            static_cast<uInt>(chunk.size()));
  uLong sum = adler32(0, nullptr, 0);
  for (std::size_t i = 0; i < times; ++i) {
    out += block;
    sum = adler32_combine(sum, one, static_cast<z_off_t>(chunk.size()));
  }
  out += std::string("\x03\x00", 2);  // the final, empty, fixed-Huffman block
  for (int shift = 24; shift >= 0; shift -= 8) out += static_cast<char>((sum >> shift) & 0xFF);
  return out;
}

/// What a child process cost.
struct Cost {
  int status = -1;      ///< exit status of the child
  double seconds = 0;   ///< processor time (user + system): wall time on a shared machine
                        ///< measures the other jobs too
  double peak_mib = 0;  ///< peak resident memory
  std::string output;   ///< what it wrote to the pipe
};

/// Runs `body` in a child process; `body` returns the text sent back and the exit status.
inline Cost run_child(const std::function<int(std::string&)>& body) {
  int fds[2];
  Cost cost;
  if (pipe(fds) != 0) return cost;
  const pid_t pid = fork();
  if (pid == 0) {
    close(fds[0]);
    std::string text;
    const int status = body(text);
    for (std::size_t done = 0; done < text.size();) {
      const ssize_t n = write(fds[1], text.data() + done, text.size() - done);
      if (n <= 0) break;
      done += static_cast<std::size_t>(n);
    }
    _exit(status);
  }
  close(fds[1]);
  char buf[4096];
  for (ssize_t n; (n = read(fds[0], buf, sizeof buf)) > 0;)
    cost.output.append(buf, static_cast<std::size_t>(n));
  close(fds[0]);
  int status = 0;
  struct rusage usage {};
  wait4(pid, &status, 0, &usage);
  cost.seconds = static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
                 static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
  cost.peak_mib = static_cast<double>(usage.ru_maxrss) / 1024;
  cost.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return cost;
}

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kSanitized = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(undefined_behavior_sanitizer)
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif
#else
constexpr bool kSanitized = false;
#endif

}  // namespace plaquette::preflight::test

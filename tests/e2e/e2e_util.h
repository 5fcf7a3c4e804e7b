// Shared by the end-to-end tests: running the real program and reading what it wrote.
#pragma once

#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

namespace plaquette::e2e_util {

namespace fs = std::filesystem;

inline const std::string kBinary = PLAQUETTE_BINARY;
inline const std::string kData = PLAQUETTE_SOURCE_DIR "/data/hauts-de-france-2019-2022.yaml";
inline const std::string kLayout = PLAQUETTE_SOURCE_DIR "/layouts/gusp-brochure.yaml";

/// What a run of the program printed, and its exit status.
struct Result {
  int status = -1;
  std::string out, err;
};

/// The whole content of a file ("" when it cannot be read).
inline std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), {});
}

// Runs the program in the folder `cwd` with arguments (already shell-quoted) and captures
// both streams, through files in `tmp`.
inline Result run_in(const fs::path& cwd, const std::string& args, const fs::path& tmp) {
  fs::path out = tmp / "stdout.txt", err = tmp / "stderr.txt";
  std::string cmd = "cd '" + cwd.string() + "' && '" + kBinary + "' " + args + " >'" +
                    out.string() + "' 2>'" + err.string() + "'";
  int raw = std::system(cmd.c_str());
  Result r;
  r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  r.out = slurp(out);
  r.err = slurp(err);
  fs::remove(out);
  fs::remove(err);
  return r;
}

// Runs the program in the source folder (the project), like run_in.
inline Result run(const std::string& args, const fs::path& tmp) {
  return run_in(PLAQUETTE_SOURCE_DIR, args, tmp);
}

/// A copy of the project (data, layouts, fonts) in a new folder `dir`, for tests that write
/// the default outputs (out/) or change the inputs.
inline void copy_project(const fs::path& dir) {
  fs::create_directories(dir);
  for (const char* sub : {"data", "layouts", "fonts"})
    fs::copy(fs::path(PLAQUETTE_SOURCE_DIR) / sub, dir / sub, fs::copy_options::recursive);
}

/// The text poppler extracts from a PDF, UTF-8 ("" on failure).
inline std::string pdftotext(const fs::path& pdf) {
  fs::path txt = pdf;
  txt += ".txt";
  std::string cmd = "pdftotext -enc UTF-8 '" + pdf.string() + "' '" + txt.string() + "'";
  if (std::system(cmd.c_str()) != 0) return {};
  std::string text = slurp(txt);
  fs::remove(txt);
  return text;
}

}  // namespace plaquette::e2e_util

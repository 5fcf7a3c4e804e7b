// The bad-input corpus: every folder of tests/corpus/ is one broken input run through the
// real `plaquette` binary, which must fail with status 1, write nothing, and print exactly
// the diagnostics of the folder's `expected` file.
//
// A case folder holds:
//   command   the arguments, on one line, run from the repository root;
//   expected  the exact standard error;
//   generate  (optional) big inputs written at test time instead of kept in git: lines
//             `OUT PART COUNT` append the case's file PART COUNT times to $GEN/OUT, where
//             $GEN is a folder of the build tree (printed as `$GEN` in `expected`); `{i}`
//             and `{i+1}` in PART become the number of the copy (0, 1, ...);
//   fifos     (optional) names of FIFOs to create in $GEN, one a line (git cannot hold one);
//   FILE.patch (optional) FILE as a unified diff (`diff -u`) against the file of the same
//             name in a tests/corpus/base-*/ folder (base-data/data.yaml,
//             base-layout/layout.yaml, base-layout/layout.fr.yaml): most cases break one
//             line of a small valid input. The harness writes FILE into the case folder
//             with `patch` before the run (an empty patch: the base as it is) and removes
//             it after, so that messages name the case's own file, lines and columns;
//             make one with `diff -u tests/corpus/base-data/data.yaml data.yaml >
//             data.yaml.patch` in the case folder (a case with FILE.patch must not keep FILE);
//   any input files the command names.
// Each case must also stay within 2 s of CPU time and 200 MiB of memory (the child's
// getrusage; scaled or skipped under the sanitizers), and is killed after 60 s.
// PLAQUETTE_UPDATE_REFERENCES=1 rewrites every `expected` from the actual output.
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

// The budget of one case. The sanitizers' shadow memory and quarantine alone take more
// than the memory budget, and they slow everything down several times.
#ifdef PLAQUETTE_SANITIZED
constexpr double kMaxCpuSeconds = 20;
constexpr long kMaxRssKiB = 0;  // not checked
#else
constexpr double kMaxCpuSeconds = 2;
constexpr long kMaxRssKiB = 200 * 1024;
#endif

const fs::path kSource = PLAQUETTE_SOURCE_DIR;
const fs::path kCorpus = kSource / "tests/corpus";

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<std::string> case_names() {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(kCorpus, ec))
    if (e.is_directory() && fs::exists(e.path() / "command")) names.push_back(e.path().filename());
  std::sort(names.begin(), names.end());
  return names;
}

void replace_all(std::string& s, const std::string& from, const std::string& to) {
  for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
    s.replace(at, from.size(), to);
}

// Every file under `dir` with its size and modification time: what "nothing written" means.
std::map<std::string, std::string> snapshot(const fs::path& dir) {
  std::map<std::string, std::string> files;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    std::string stamp = e.is_regular_file() ? std::to_string(e.file_size()) : "dir";
    stamp += "@" + std::to_string(e.last_write_time().time_since_epoch().count());
    files[fs::relative(e.path(), dir).string()] = stamp;
  }
  return files;
}

// The base file a FILE.patch applies to: FILE in the one base-*/ folder that has it.
fs::path base_of(const std::string& name) {
  std::vector<fs::path> found;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(kCorpus, ec))
    if (e.path().filename().string().rfind("base-", 0) == 0 && fs::exists(e.path() / name))
      found.push_back(e.path() / name);
  return found.size() == 1 ? found[0] : fs::path();
}

// Writes each FILE of the case's FILE.patch files; returns their paths (empty and a test
// failure when a patch does not apply).
std::vector<fs::path> apply_patches(const fs::path& dir) {
  std::vector<fs::path> made;
  for (const auto& e : fs::directory_iterator(dir)) {
    const fs::path patch = e.path();
    if (patch.extension() != ".patch") continue;
    const fs::path target = dir / patch.stem();
    const fs::path base = base_of(patch.stem().string());
    EXPECT_FALSE(base.empty()) << patch << ": no base-*/" << patch.stem().string();
    if (base.empty()) continue;
    made.push_back(target);
    if (fs::is_empty(patch)) {
      fs::copy_file(base, target, fs::copy_options::overwrite_existing);
      continue;
    }
    // --force: never a question; -r -: no reject file; -o: the base is left as it is.
    const std::string cmd = "patch --quiet --force --reject-file=- -o '" + target.string() + "' '" +
                            base.string() + "' '" + patch.string() + "'";
    const int raw = std::system(cmd.c_str());
    EXPECT_TRUE(WIFEXITED(raw) && WEXITSTATUS(raw) == 0) << cmd;
  }
  return made;
}

class Corpus : public testing::TestWithParam<std::string> {};

TEST_P(Corpus, FailsWithExactDiagnostics) {
  const fs::path dir = kCorpus / GetParam();
  const fs::path gen = fs::path(PLAQUETTE_BINARY).parent_path() / "test-output/corpus" / GetParam();
  fs::remove_all(gen);
  fs::create_directories(gen);
  // The files made from patches go again when the case ends, however it ends.
  struct Made {
    std::vector<fs::path> files;
    ~Made() {
      std::error_code ec;
      for (const fs::path& f : files) fs::remove(f, ec);
    }
  } made{apply_patches(dir)};

  std::ifstream spec(dir / "generate");
  std::string out, part;
  std::size_t count = 0;
  while (spec >> out >> part >> count) {
    const std::string bytes = read_file(dir / part);
    std::ofstream o(gen / out, std::ios::binary | std::ios::app);
    // `{i}` and `{i+1}` in a part become the copy's number: distinct names for each copy.
    const bool numbered = bytes.find("{i") != std::string::npos;
    for (std::size_t i = 0; i < count; ++i) {
      if (!numbered) {
        o << bytes;
        continue;
      }
      std::string b = bytes;
      replace_all(b, "{i+1}", std::to_string(i + 1));
      replace_all(b, "{i}", std::to_string(i));
      o << b;
    }
  }

  std::ifstream fifos(dir / "fifos");
  for (std::string name; std::getline(fifos, name);) {
    if (!name.empty()) {
      ASSERT_EQ(::mkfifo((gen / name).c_str(), 0600), 0) << name;
    }
  }

  std::string args = read_file(dir / "command");
  while (!args.empty() && (args.back() == '\n' || args.back() == ' ')) args.pop_back();
  replace_all(args, "$GEN", gen.string());
  const fs::path err = gen / "stderr";
  const fs::path outdir = kSource / "out";
  const auto before = snapshot(dir), gen_before = snapshot(gen);
  const bool had_out = fs::exists(outdir);
  const auto out_before = had_out ? snapshot(outdir) : std::map<std::string, std::string>{};
  // exec, not system(): wait4 gives the resources of the shell and of plaquette, its child.
  const std::string cmd = "cd '" + kSource.string() + "' && exec '" PLAQUETTE_BINARY "' " + args +
                          " >/dev/null 2>'" + err.string() + "'";
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    ::alarm(60);  // a hang ends in SIGALRM, reported below, not in a stuck test run
    ::execl("/bin/sh", "sh", "-c", cmd.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  int status = 0;
  struct rusage usage {};
  ASSERT_EQ(::wait4(child, &status, 0, &usage), child);
  ASSERT_TRUE(WIFEXITED(status)) << "plaquette " << args << " did not exit (a crash or a hang?)";
  EXPECT_EQ(WEXITSTATUS(status), 1) << "plaquette " << args;
  const double cpu = static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
                     static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
  EXPECT_LT(cpu, kMaxCpuSeconds) << "plaquette " << args << " took " << cpu << " s of CPU";
  if (kMaxRssKiB > 0) {
    EXPECT_LT(usage.ru_maxrss, kMaxRssKiB)
        << "plaquette " << args << " used " << usage.ru_maxrss / 1024 << " MiB";
  }

  std::string actual = read_file(err);
  replace_all(actual, gen.string(), "$GEN");
  fs::remove(err);
  EXPECT_EQ(snapshot(dir), before) << "plaquette " << args << " wrote into " << dir;
  EXPECT_EQ(snapshot(gen), gen_before) << "plaquette " << args << " wrote into " << gen;
  if (had_out) {
    EXPECT_EQ(snapshot(outdir), out_before) << "plaquette " << args << " wrote into out/";
  }

  if (const char* u = std::getenv("PLAQUETTE_UPDATE_REFERENCES"); u && std::string(u) == "1") {
    std::ofstream(dir / "expected", std::ios::binary) << actual;
    return;
  }
  EXPECT_EQ(actual, read_file(dir / "expected")) << "plaquette " << args;
}

std::string test_name(const testing::TestParamInfo<std::string>& info) {
  std::string name = info.param;
  for (char& c : name)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  return name;
}

INSTANTIATE_TEST_SUITE_P(BadInput, Corpus, testing::ValuesIn(case_names()), test_name);

// The corpus is the promise of the issue: at least 40 broken inputs, each a folder.
TEST(CorpusSize, HasAtLeastFortyCases) { EXPECT_GE(case_names().size(), 40u); }

}  // namespace

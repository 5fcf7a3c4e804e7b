// Replays a fuzz target over its seed corpus without libFuzzer, so that the seeds run as an
// ordinary test on any compiler: `<target>_replay DIR...` feeds every file of each DIR (in
// name order, for a reproducible log) to LLVMFuzzerTestOneInput once.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

int main(int argc, char** argv) {
  namespace fs = std::filesystem;
  std::size_t runs = 0;
  for (int i = 1; i < argc; ++i) {
    std::vector<fs::path> files;
    std::error_code ec;
    for (const auto& e : fs::recursive_directory_iterator(argv[i], ec))
      if (e.is_regular_file()) files.push_back(e.path());
    if (ec || files.empty()) {
      std::cerr << argv[i] << ": no seed files\n";
      return 1;
    }
    std::sort(files.begin(), files.end());
    for (const fs::path& f : files) {
      std::ifstream in(f, std::ios::binary);
      std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      std::cout << "replaying " << f.string() << " (" << bytes.size() << " bytes)\n" << std::flush;
      LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
      ++runs;
    }
  }
  if (argc < 2) {
    std::cerr << "usage: " << argv[0] << " SEED_DIR...\n";
    return 2;
  }
  std::cout << runs << " inputs replayed\n";
  return 0;
}

#include "cli/modules.h"

#include <dlfcn.h>
#include <unistd.h>

#include <climits>
#include <mutex>

namespace plaquette::cli {
namespace {

// The folder of the running executable: the modules are built beside it.
std::string executable_dir() {
  char buf[PATH_MAX];
  const ssize_t n = ::readlink("/proc/self/exe", buf, sizeof buf - 1);
  if (n <= 0) return ".";
  std::string path(buf, static_cast<std::size_t>(n));
  const std::size_t slash = path.rfind('/');
  return slash == std::string::npos ? "." : path.substr(0, slash);
}

// Loads `file` and calls its entry point once; the handle is never closed (the tables
// point into it for the rest of the process).
template <class Table>
const Table* load(const char* file, const char* entry, std::string& error) {
  const std::string path = executable_dir() + "/" + file;
  void* handle = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!handle) {
    const char* why = ::dlerror();
    error = "cannot load " + path + ": " + (why ? why : "unknown error");
    return nullptr;
  }
  using Entry = const Table* (*)();
  auto get = reinterpret_cast<Entry>(::dlsym(handle, entry));
  const Table* table = get ? get() : nullptr;
  if (!table || table->abi != kModuleAbi) {
    error = path + " is not a module of this build of plaquette (`" + entry + "`)";
    return nullptr;
  }
  return table;
}

}  // namespace

const ProofModule* proof_module(std::string& error) {
  static std::mutex mutex;
  static const ProofModule* module = nullptr;
  static std::string failure;
  std::lock_guard<std::mutex> lock(mutex);
  if (!module && failure.empty())
    module = load<ProofModule>("plaquette-proof.so", "plaquette_proof_module", failure);
  error = failure;
  return module;
}

const PreflightModule* preflight_module(std::string& error) {
  static std::mutex mutex;
  static const PreflightModule* module = nullptr;
  static std::string failure;
  std::lock_guard<std::mutex> lock(mutex);
  if (!module && failure.empty())
    module = load<PreflightModule>("plaquette-preflight.so", "plaquette_preflight_module", failure);
  error = failure;
  return module;
}

}  // namespace plaquette::cli

// plaquette: YAML data + YAML layout → print-ready PDF. See README.md.
#include <cstdio>
#include <cstdlib>

#include "cli/cli.h"

int main(int argc, char** argv) {
  const int status = plaquette::cli::run(argc, argv);
#if !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
  // Every output is written and closed, and standard output flushed and checked (cli::run).
  // What is left, the static caches' destructors (fonts, paragraphs, formatters, mapped
  // files), would free a few MiB block by block, ~0.7 ms of a 25 ms build, for a kernel that
  // reclaims the whole process at once: clang ends the same way. Instrumented builds exit
  // normally, LeakSanitizer checks at exit.
  std::fflush(nullptr);
  std::_Exit(status);
#else
  return status;
#endif
}

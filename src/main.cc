// plaquette: YAML data + YAML layout → print-ready PDF. See README.md.
#include "base/memory.h"
#include "cli/cli.h"

int main(int argc, char** argv) {
  plaquette::heap_in_huge_pages();
  return plaquette::cli::run(argc, argv);
}

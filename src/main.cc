// plaquette: YAML data + YAML layout → print-ready PDF. See README.md.
#include "cli/cli.h"

int main(int argc, char** argv) { return plaquette::cli::run(argc, argv); }

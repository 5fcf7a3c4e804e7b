// The command line: plaquette build | check | dump.
#pragma once

namespace plaquette::cli {

/// Runs the program; returns the exit status (0 success, 1 bad input, 2 bad usage,
/// 3 internal error).
int run(int argc, char** argv);

/// The command itself, without the last-resort handler of run().
int run_command(int argc, char** argv);

}  // namespace plaquette::cli

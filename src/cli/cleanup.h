// Interrupted runs leave nothing behind: temporary output files are removed on a signal.
#pragma once

namespace plaquette::cli {

/// Installs handlers for SIGINT, SIGTERM and SIGHUP that remove the temporary files being
/// written, then end the process as the signal would have. SIGXFSZ is ignored, so that a
/// file size limit (`ulimit -f`) makes write() fail with EFBIG, a clean error that removes
/// the temporary file, instead of killing the process.
void install_signal_cleanup();

/// Registers a temporary file for removal on a signal, however many are alive at once;
/// returns a handle for untrack_temp_file (-1 for a path longer than PATH_MAX, which
/// cannot have been created).
int track_temp_file(const char* path);

/// Forgets a temporary file once it was renamed or removed.
void untrack_temp_file(int handle);

}  // namespace plaquette::cli

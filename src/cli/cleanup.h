// Interrupted runs leave nothing behind: temporary output files are removed on a signal.
#pragma once

namespace plaquette::cli {

/// Installs handlers for SIGINT, SIGTERM and SIGHUP that remove the temporary files being
/// written, then end the process as the signal would have.
void install_signal_cleanup();

/// Registers a temporary file for removal on a signal; returns a slot for untrack_temp_file
/// (-1 when every slot is taken, in which case the file is simply not tracked).
int track_temp_file(const char* path);

/// Forgets a temporary file once it was renamed or removed.
void untrack_temp_file(int slot);

}  // namespace plaquette::cli

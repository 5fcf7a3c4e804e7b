// The shared libraries the program loads on demand (cmake/LazyLibraries.cmake).
#pragma once

namespace plaquette::lazy {

/// Starts loading HarfBuzz, FreeType, libharu, LittleCMS and libdeflate on a second thread,
/// for a command that will lay out or write: the main thread reads the YAML meanwhile, and
/// the first call into one of them waits for the load if it is not done. Where the libraries
/// are linked as usual (tests, instrumented builds, other architectures) it does nothing.
void preload();

/// Whether the libraries are loaded on demand in this program.
bool on_demand();

}  // namespace plaquette::lazy

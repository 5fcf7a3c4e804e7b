// The shared libraries the program loads on demand (cmake/LazyLibraries.cmake).
#pragma once

namespace plaquette::lazy {

/// Whether HarfBuzz, libharu, LittleCMS and libdeflate are loaded on demand in this
/// program (on the first call into any of them), or linked as usual (tests, instrumented
/// builds, other architectures).
bool on_demand();

}  // namespace plaquette::lazy

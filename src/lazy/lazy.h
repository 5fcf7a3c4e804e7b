// The shared libraries the program loads on demand (cmake/LazyLibraries.cmake).
#pragma once

namespace plaquette::lazy {

/// Whether HarfBuzz, libharu, LittleCMS and libdeflate are loaded on demand in this
/// program (on the first call into any of them), or linked as usual (tests, instrumented
/// builds, other architectures).
bool on_demand();

/// Sets what runs before the program ends because a library cannot be loaded (the batch's
/// temporary files written so far are removed there: a library is loaded at the first call
/// of one of its functions, which may come after some editions were written). Set once, at
/// start; a program that links the libraries never calls it.
void on_failure(void (*cleanup)());

}  // namespace plaquette::lazy

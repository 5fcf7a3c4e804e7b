// The libraries are linked as usual: nothing to load (see lazy.cc for the program's way).
#include "lazy/lazy.h"

namespace plaquette::lazy {

bool on_demand() { return false; }

void on_failure(void (*)()) {}  // linked as usual: nothing fails to load

}  // namespace plaquette::lazy

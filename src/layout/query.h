// List queries: the items of a list that a page, a repeat, a list block or a computed list
// takes (`where`), in which order (`sort`, `order`) and how many (`limit`).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "base/diag.h"
#include "figures/value.h"
#include "layout/spec.h"
#include "layout/template.h"

namespace plaquette::layout {

/// The items of `list` that `q` takes, as indexes into it, in their new order: those for
/// which `where` holds (each item seen as `as` in `scope`; `path` is the list's binding path,
/// for messages), sorted by `sort` (stable; numbers or texts, never both), at most `limit`.
/// The first error stops it (reported once, not once per item): nullopt.
std::optional<std::vector<std::size_t>> select_items(const figures::Value& list, const ListQuery& q,
                                                     const std::string& as, const std::string& path,
                                                     const Scope& scope, Diagnostics& diags);

}  // namespace plaquette::layout

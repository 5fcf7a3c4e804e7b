// Private to the expr module: the syntax tree of an expression.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace plaquette::expr {

/// What a node does.
enum class Op {
  number,   ///< literal number
  string,   ///< literal text
  boolean,  ///< true / false
  path,     ///< a dotted path: steps
  neg,      ///< unary minus
  add,
  sub,
  mul,
  div,
  eq,
  ne,
  lt,
  le,
  gt,
  ge,
  and_,
  or_,
  not_,
  call,  ///< an aggregate: name(args)
};

/// One step of a path and where it was written.
struct Step {
  std::string name;
  std::size_t offset = 0;
};

/// A node of the tree; `begin`..`end` is the part of the text it was parsed from.
struct Node {
  Op op = Op::number;
  double number = 0;
  bool truth = false;
  std::string text;         ///< literal text, or the function name of a call
  std::vector<Step> steps;  ///< path
  std::vector<std::unique_ptr<Node>> args;
  std::size_t begin = 0, end = 0;
  std::size_t op_offset = 0;  ///< where the operator was written (binary and unary nodes)
};

}  // namespace plaquette::expr

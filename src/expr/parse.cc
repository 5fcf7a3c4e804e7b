// A hand-written recursive-descent parser: one function per precedence level, lowest first.
//
//   or      := and ('or' and)*
//   and     := not ('and' not)*
//   not     := 'not' not | compare
//   compare := sum (('==' | '!=' | '<' | '<=' | '>' | '>=') sum)?
//   sum     := product (('+' | '-') product)*
//   product := unary (('*' | '/') unary)*
//   unary   := '-' unary | primary
//   primary := number | text | 'true' | 'false' | name '(' or ')' | path | '(' or ')'
//   path    := name ('.' (name | digits))*
#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "expr/expr.h"
#include "expr/node.h"

namespace plaquette::expr {
namespace {

bool is_name_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_name_char(char c) { return is_name_start(c) || (c >= '0' && c <= '9'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Keywords cannot be names: `not` as a field would make `not x` ambiguous.
bool is_keyword(std::string_view w) {
  return w == "and" || w == "or" || w == "not" || w == "true" || w == "false";
}

class Parser {
 public:
  Parser(std::string_view text, const SourcePos& start, Diagnostics& diags)
      : s_(text), start_(start), diags_(diags) {}

  std::unique_ptr<Node> run() {
    skip();
    if (i_ >= s_.size()) {
      fail(0, "empty expression");
      return nullptr;
    }
    auto n = parse_or(0);
    if (!n) return nullptr;
    skip();
    if (i_ < s_.size()) {
      std::size_t cut = std::min<std::size_t>(s_.size(), i_ + 20);
      while (cut < s_.size() && (static_cast<unsigned char>(s_[cut]) & 0xC0) == 0x80) ++cut;
      std::string rest(s_.substr(i_, cut - i_));
      fail(i_, "unexpected `" + rest + "` after the expression")
          .hints.push_back("join conditions with `and` / `or`, values with + - * /");
      return nullptr;
    }
    return n;
  }

 private:
  Diagnostic& fail(std::size_t at, std::string message) {
    failed_ = true;
    return diags_.error(offset_pos(start_, s_, at), std::move(message));
  }

  void skip() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n')) ++i_;
  }

  // The next word (a name or keyword) without consuming it.
  std::string_view peek_word() {
    skip();
    std::size_t j = i_;
    if (j >= s_.size() || !is_name_start(s_[j])) return {};
    while (j < s_.size() && is_name_char(s_[j])) ++j;
    return s_.substr(i_, j - i_);
  }

  bool eat_word(std::string_view w) {
    if (peek_word() != w) return false;
    i_ += w.size();
    return true;
  }

  bool eat(std::string_view op) {
    skip();
    if (s_.substr(i_, op.size()) != op) return false;
    i_ += op.size();
    return true;
  }

  bool deeper(int depth) {
    if (depth <= kMaxDepth) return true;
    fail(i_, "expression nested more than " + std::to_string(kMaxDepth) +
                 " levels deep (the nesting budget of an expression)");
    return false;
  }

  std::unique_ptr<Node> binary(Op op, std::size_t at, std::unique_ptr<Node> l,
                               std::unique_ptr<Node> r) {
    auto n = std::make_unique<Node>();
    n->op = op;
    n->begin = l->begin;
    n->end = r->end;
    n->op_offset = at;
    n->args.push_back(std::move(l));
    n->args.push_back(std::move(r));
    return n;
  }

  std::unique_ptr<Node> parse_or(int depth) {
    if (!deeper(depth)) return nullptr;
    auto l = parse_and(depth + 1);
    while (l) {
      skip();
      std::size_t at = i_;
      if (!eat_word("or")) break;
      auto r = parse_and(depth + 1);
      if (!r) return nullptr;
      l = binary(Op::or_, at, std::move(l), std::move(r));
    }
    return l;
  }

  std::unique_ptr<Node> parse_and(int depth) {
    auto l = parse_not(depth);
    while (l) {
      skip();
      std::size_t at = i_;
      if (!eat_word("and")) break;
      auto r = parse_not(depth);
      if (!r) return nullptr;
      l = binary(Op::and_, at, std::move(l), std::move(r));
    }
    return l;
  }

  std::unique_ptr<Node> parse_not(int depth) {
    if (!deeper(depth)) return nullptr;
    skip();
    std::size_t at = i_;
    if (eat_word("not")) {
      auto operand = parse_not(depth + 1);
      if (!operand) return nullptr;
      auto n = std::make_unique<Node>();
      n->op = Op::not_;
      n->begin = at;
      n->end = operand->end;
      n->op_offset = at;
      n->args.push_back(std::move(operand));
      return n;
    }
    return parse_compare(depth);
  }

  std::unique_ptr<Node> parse_compare(int depth) {
    auto l = parse_sum(depth);
    if (!l) return nullptr;
    skip();
    std::size_t at = i_;
    static const std::pair<const char*, Op> kOps[] = {{"==", Op::eq}, {"!=", Op::ne},
                                                      {"<=", Op::le}, {">=", Op::ge},
                                                      {"<", Op::lt},  {">", Op::gt}};
    for (const auto& [text, op] : kOps) {
      if (!eat(text)) continue;
      auto r = parse_sum(depth);
      if (!r) return nullptr;
      auto n = binary(op, at, std::move(l), std::move(r));
      skip();
      for (const auto& [again, unused] : kOps) {
        (void)unused;
        if (s_.substr(i_, std::string_view(again).size()) == again) {
          fail(i_, "comparisons cannot be chained").hints.push_back("write `a < b and b < c`");
          return nullptr;
        }
      }
      return n;
    }
    if (s_.substr(i_, 1) == "=") {
      fail(i_, "`=` is not an operator").hints.push_back("compare with `==`");
      return nullptr;
    }
    return l;
  }

  std::unique_ptr<Node> parse_sum(int depth) {
    auto l = parse_product(depth);
    while (l) {
      skip();
      std::size_t at = i_;
      Op op;
      if (eat("+")) {
        op = Op::add;
      } else if (eat("-")) {
        op = Op::sub;
      } else {
        break;
      }
      auto r = parse_product(depth);
      if (!r) return nullptr;
      l = binary(op, at, std::move(l), std::move(r));
    }
    return l;
  }

  std::unique_ptr<Node> parse_product(int depth) {
    auto l = parse_unary(depth);
    while (l) {
      skip();
      std::size_t at = i_;
      Op op;
      if (eat("*")) {
        op = Op::mul;
      } else if (eat("/")) {
        op = Op::div;
      } else {
        break;
      }
      auto r = parse_unary(depth);
      if (!r) return nullptr;
      l = binary(op, at, std::move(l), std::move(r));
    }
    return l;
  }

  std::unique_ptr<Node> parse_unary(int depth) {
    if (!deeper(depth)) return nullptr;
    skip();
    std::size_t at = i_;
    if (eat("-")) {
      auto operand = parse_unary(depth + 1);
      if (!operand) return nullptr;
      auto n = std::make_unique<Node>();
      n->op = Op::neg;
      n->begin = at;
      n->end = operand->end;
      n->op_offset = at;
      n->args.push_back(std::move(operand));
      return n;
    }
    return parse_primary(depth);
  }

  std::unique_ptr<Node> parse_primary(int depth) {
    skip();
    if (i_ >= s_.size()) {
      fail(i_, "the expression ends where a value is expected");
      return nullptr;
    }
    const std::size_t at = i_;
    const char c = s_[i_];
    auto n = std::make_unique<Node>();
    n->begin = at;
    if (c == '(') {
      ++i_;
      auto inner = parse_or(depth + 1);
      if (!inner) return nullptr;
      if (!eat(")")) {
        fail(at, "unclosed `(`").hints.push_back("add the `)` that closes it");
        return nullptr;
      }
      inner->begin = at;
      inner->end = i_;
      return inner;
    }
    if (c == '"' || c == '\'') {
      std::size_t close = s_.find(c, i_ + 1);
      if (close == std::string_view::npos) {
        fail(at, std::string("unclosed text: no closing ") + c);
        return nullptr;
      }
      n->op = Op::string;
      n->text = std::string(s_.substr(i_ + 1, close - i_ - 1));
      i_ = close + 1;
      n->end = i_;
      return n;
    }
    if (is_digit(c) || (c == '.' && i_ + 1 < s_.size() && is_digit(s_[i_ + 1]))) {
      std::size_t j = i_;
      while (j < s_.size() && is_digit(s_[j])) ++j;
      if (j < s_.size() && s_[j] == '.' && j + 1 < s_.size() && is_digit(s_[j + 1])) {
        ++j;
        while (j < s_.size() && is_digit(s_[j])) ++j;
      }
      if (j < s_.size() && is_name_start(s_[j])) {
        fail(at, "`" + std::string(s_.substr(at, j + 1 - at)) + "` is not a number")
            .hints.push_back("a text is quoted: \"2A\"");
        return nullptr;
      }
      std::string digits(s_.substr(i_, j - i_));
      double v = std::strtod(digits.c_str(), nullptr);
      if (!std::isfinite(v)) {
        fail(at, "the number `" + digits + "` is too large");
        return nullptr;
      }
      n->op = Op::number;
      n->number = v;
      i_ = j;
      n->end = i_;
      return n;
    }
    if (is_name_start(c)) {
      std::string_view word = peek_word();
      if (word == "true" || word == "false") {
        i_ += word.size();
        n->op = Op::boolean;
        n->truth = word == "true";
        n->end = i_;
        return n;
      }
      if (is_keyword(word)) {
        fail(at, "`" + std::string(word) + "` where a value is expected");
        return nullptr;
      }
      i_ += word.size();
      if (i_ < s_.size() && s_[i_] == '(') {
        ++i_;
        n->op = Op::call;
        n->text = std::string(word);
        auto arg = parse_or(depth + 1);
        if (!arg) return nullptr;
        if (!eat(")")) {
          skip();
          if (i_ < s_.size() && s_[i_] == ',')
            fail(i_, "`" + n->text + "` takes one list")
                .hints.push_back("write `" + n->text + "(projects.budget)`");
          else
            fail(at + word.size(), "unclosed `(`").hints.push_back("add the `)` that closes it");
          return nullptr;
        }
        n->args.push_back(std::move(arg));
        n->end = i_;
        return n;
      }
      n->op = Op::path;
      n->steps.push_back({std::string(word), at});
      while (i_ < s_.size() && s_[i_] == '.') {
        std::size_t step_at = i_ + 1;
        std::size_t j = step_at;
        if (j < s_.size() && is_digit(s_[j])) {
          while (j < s_.size() && is_digit(s_[j])) ++j;
        } else if (j < s_.size() && is_name_start(s_[j])) {
          while (j < s_.size() && is_name_char(s_[j])) ++j;
        } else {
          fail(step_at, "a field name or an index is expected after `.`");
          return nullptr;
        }
        n->steps.push_back({std::string(s_.substr(step_at, j - step_at)), step_at});
        i_ = j;
      }
      n->end = i_;
      return n;
    }
    std::size_t len = 1;  // the whole character, in a message that must stay UTF-8
    while (at + len < s_.size() && (static_cast<unsigned char>(s_[at + len]) & 0xC0) == 0x80) ++len;
    auto& d = fail(at, "unexpected `" + std::string(s_.substr(at, len)) + "`");
    if (c == '|')
      d.hints.push_back("a format comes last, after the whole expression: `{= a / b|percent}`");
    return nullptr;
  }

  std::string_view s_;
  const SourcePos& start_;
  Diagnostics& diags_;
  std::size_t i_ = 0;
  bool failed_ = false;
};

void collect_names(const Node& n, std::vector<std::string>& out) {
  if (n.op == Op::path) {
    const std::string& head = n.steps.front().name;
    bool seen = false;
    for (const std::string& s : out) seen = seen || s == head;
    if (!seen) out.push_back(head);
  }
  for (const auto& a : n.args) collect_names(*a, out);
}

}  // namespace

Expr::Expr() = default;
Expr::~Expr() = default;
Expr::Expr(const Expr&) = default;
Expr& Expr::operator=(const Expr&) = default;
Expr::Expr(Expr&&) noexcept = default;
Expr& Expr::operator=(Expr&&) noexcept = default;

std::vector<std::string> Expr::names() const {
  std::vector<std::string> out;
  if (root_) collect_names(*root_, out);
  return out;
}

SourcePos offset_pos(const SourcePos& start, std::string_view text, std::size_t offset) {
  SourcePos p = start;
  if (!p.known() || p.line == 0) return p;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '\n') {
      ++p.line;
      p.col = 1;
    } else if ((c & 0xC0) != 0x80) {
      ++p.col;  // one column per character, as the YAML reader counts them
    }
  }
  return p;
}

std::optional<Expr> parse(std::string_view text, const SourcePos& start, Diagnostics& diags) {
  if (text.size() > kMaxLength) {
    diags
        .error(start, "expression of " + std::to_string(text.size()) + " bytes; at most " +
                          std::to_string(kMaxLength) + " (the length budget of an expression)")
        .hints.push_back("name its parts in the layout's `computed:` section");
    return std::nullopt;
  }
  Parser p(text, start, diags);
  std::unique_ptr<Node> root = p.run();
  if (!root) return std::nullopt;
  Expr e;
  e.text_ = std::string(text);
  e.pos_ = start;
  e.root_ = std::move(root);
  return e;
}

}  // namespace plaquette::expr

#include "text/knuth_plass.h"

#include <gtest/gtest.h>

namespace plaquette::text {
namespace {

/// Words of the given widths separated by spaces of width 3 (stretch 3, shrink 1), then
/// the finishing glue and forced break, as paragraph.cc builds them.
std::vector<KpItem> words(const std::vector<double>& widths) {
  std::vector<KpItem> items;
  for (std::size_t i = 0; i < widths.size(); ++i) {
    if (i > 0) items.push_back({KpItem::glue, 3, 3, 1});
    items.push_back({KpItem::box, widths[i]});
  }
  items.push_back({KpItem::glue, 0, 1e6});
  items.push_back({KpItem::penalty, 0, 0, 0, -kInfinitePenalty});
  return items;
}

/// Natural width, stretch and shrink of items [from, to), skipping glue at the start.
double line_ratio(const std::vector<KpItem>& items, std::size_t from, std::size_t to,
                  double width) {
  double w = 0, st = 0, sh = 0;
  while (from < to && items[from].kind != KpItem::box) ++from;
  for (std::size_t i = from; i < to; ++i) {
    if (items[i].kind == KpItem::penalty) continue;
    w += items[i].width;
    st += items[i].stretch;
    sh += items[i].shrink;
  }
  if (items[to].kind == KpItem::penalty) w += items[to].width;
  return kp_ratio(w, st, sh, width);
}

TEST(KnuthPlassTest, EveryLineWithinTolerance) {
  const std::vector<KpItem> items = words({30, 30, 30, 25, 35, 34, 20, 20, 50, 28, 30, 30, 10});
  KpOptions opt;
  opt.width = 100;
  const std::vector<std::size_t> breaks = knuth_plass(items, opt);
  ASSERT_GE(breaks.size(), 3u);
  EXPECT_EQ(breaks.back(), items.size() - 1);
  std::size_t from = 0;
  for (std::size_t i = 0; i + 1 < breaks.size(); ++i) {
    const double r = line_ratio(items, from, breaks[i], opt.width);
    EXPECT_GE(r, -1);
    EXPECT_LE(r, opt.max_ratio);
    from = breaks[i] + 1;
  }
}

TEST(KnuthPlassTest, TwoWordsALine) {
  const std::vector<KpItem> items = words({30, 25, 25, 30});
  KpOptions opt;
  opt.width = 60;
  const std::vector<std::size_t> breaks = knuth_plass(items, opt);
  ASSERT_EQ(breaks.size(), 2u);
  EXPECT_EQ(breaks[0], 3u);  // the glue after the second word
}

TEST(KnuthPlassTest, HyphenBreaksCarryTheirWidthAndCost) {
  // "xxxx-yyyy": one word wider than the line, with a hyphenation point.
  std::vector<KpItem> items = {{KpItem::box, 40},
                               {KpItem::glue, 3, 1.5, 1},
                               {KpItem::box, 30},
                               {KpItem::penalty, 4, 0, 0, 50, true},
                               {KpItem::box, 30},
                               {KpItem::glue, 0, 1e6},
                               {KpItem::penalty, 0, 0, 0, -kInfinitePenalty}};
  KpOptions opt;
  opt.width = 77;  // 40 + 3 + 30 + 4 (the hyphen)
  const std::vector<std::size_t> breaks = knuth_plass(items, opt);
  ASSERT_EQ(breaks.size(), 2u);
  EXPECT_EQ(breaks[0], 3u);
}

TEST(KnuthPlassTest, NoFeasibleBreaksGivesNothing) {
  const std::vector<KpItem> items = words({20, 150, 20});  // a box wider than the measure
  KpOptions opt;
  opt.width = 100;
  EXPECT_TRUE(knuth_plass(items, opt).empty());
  opt.emergency = true;
  opt.max_ratio = 20;
  EXPECT_TRUE(knuth_plass(items, opt).empty());
}

TEST(KnuthPlassTest, EmergencyPassAcceptsLooseLines) {
  const std::vector<KpItem> items = words({20, 90, 20});
  KpOptions opt;
  opt.width = 100;
  EXPECT_TRUE(knuth_plass(items, opt).empty());  // "20" alone has no glue to stretch
  opt.emergency = true;
  opt.max_ratio = 100;
  EXPECT_FALSE(knuth_plass(items, opt).empty());
}

TEST(KnuthPlassTest, Ratio) {
  EXPECT_DOUBLE_EQ(kp_ratio(90, 10, 5, 100), 1);
  EXPECT_DOUBLE_EQ(kp_ratio(105, 10, 5, 100), -1);
  EXPECT_DOUBLE_EQ(kp_ratio(100, 0, 0, 100), 0);
  EXPECT_LT(kp_ratio(101, 10, 0, 100), -1);
}

}  // namespace
}  // namespace plaquette::text

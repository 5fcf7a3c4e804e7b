#include "geo/classes.h"

#include <gtest/gtest.h>

namespace plaquette::geo {
namespace {

using Bounds = std::vector<double>;

TEST(Classes, QuantilesInterpolateBetweenRanks) {
  // Five values, two classes: the median is the middle value.
  EXPECT_EQ(quantile_breaks({5, 1, 3, 2, 4}, 2), (Bounds{1, 3, 5}));
  // Four classes of five values: ranks 1, 2, 3 of 0..4 → 2, 3, 4.
  EXPECT_EQ(quantile_breaks({1, 2, 3, 4, 5}, 4), (Bounds{1, 2, 3, 4, 5}));
  // Three classes: h = 4/3 and 8/3 → 2 + 1/3 and 3 + 2/3.
  const Bounds b = quantile_breaks({1, 2, 3, 4, 5}, 3);
  ASSERT_EQ(b.size(), 4u);
  EXPECT_DOUBLE_EQ(b[1], 2 + 1.0 / 3);
  EXPECT_DOUBLE_EQ(b[2], 3 + 2.0 / 3);
}

TEST(Classes, TheBrochuresSpendingInThreeClasses) {
  // Spending of 02, 59, 60, 62, 80 (data/hauts-de-france-2019-2022.yaml).
  const std::vector<double> spending = {2663891, 13353200, 5477614, 8309550, 5030087};
  const Bounds b = quantile_breaks(spending, 3);
  ASSERT_EQ(b.size(), 4u);
  EXPECT_EQ(b.front(), 2663891);
  EXPECT_EQ(b.back(), 13353200);
  std::vector<std::size_t> counts(3);
  for (double v : spending) ++counts[class_of(b, v)];
  EXPECT_EQ(counts, (std::vector<std::size_t>{2, 1, 2}));
}

TEST(Classes, AValueOnAThresholdBelongsToTheClassAbove) {
  const Bounds b = {0, 10, 20, 30};
  EXPECT_EQ(class_of(b, 0), 0u);
  EXPECT_EQ(class_of(b, 9.99), 0u);
  EXPECT_EQ(class_of(b, 10), 1u);
  EXPECT_EQ(class_of(b, 29), 2u);
  EXPECT_EQ(class_of(b, 30), 2u);  // the last class holds its upper bound
  EXPECT_EQ(class_of(b, -5), 0u);
  EXPECT_EQ(class_of(b, 99), 2u);
}

TEST(Classes, NothingToBreak) {
  EXPECT_TRUE(quantile_breaks({}, 3).empty());
  EXPECT_TRUE(quantile_breaks({1, 2}, 0).empty());
  EXPECT_EQ(quantile_breaks({7}, 2), (Bounds{7, 7, 7}));
  EXPECT_EQ(class_of({}, 3), 0u);
}

}  // namespace
}  // namespace plaquette::geo

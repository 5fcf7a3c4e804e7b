#include "cli/batch.h"

#include <gtest/gtest.h>

namespace plaquette::cli {
namespace {

TEST(Counted, OneIsSingularEveryOtherCountPlural) {
  EXPECT_EQ(counted(1, "page"), "1 page");
  EXPECT_EQ(counted(2, "page"), "2 pages");
  EXPECT_EQ(counted(0, "edition"), "0 editions");
  EXPECT_EQ(counted(1, "PNG page"), "1 PNG page");
  EXPECT_EQ(counted(1, "thread"), "1 thread");
}

}  // namespace
}  // namespace plaquette::cli

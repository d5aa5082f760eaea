// Chart axes with round ticks: 1, 2 or 5 times a power of ten, ending at or past the data.
#include <gtest/gtest.h>

#include "report/stats.h"

namespace pep765 {
namespace {

TEST(RoundAxis, StepsOfOneTwoOrFive) {
  const ChartAxis pep = round_axis(1.68);  // the PEP's 1.68 per million
  EXPECT_DOUBLE_EQ(pep.step, 0.5);
  EXPECT_DOUBLE_EQ(pep.end, 2.0);
  EXPECT_EQ(pep.ticks(), 4);
  EXPECT_EQ(pep.label(3), "1.5");
  const ChartAxis ten = round_axis(10);
  EXPECT_DOUBLE_EQ(ten.step, 2);
  EXPECT_DOUBLE_EQ(ten.end, 10);
  EXPECT_EQ(ten.label(5), "10");
  const ChartAxis big = round_axis(4321);
  EXPECT_DOUBLE_EQ(big.step, 1000);
  EXPECT_DOUBLE_EQ(big.end, 5000);
  EXPECT_EQ(big.label(1), "1000");
  const ChartAxis small = round_axis(0.031);
  EXPECT_DOUBLE_EQ(small.step, 0.01);
  EXPECT_NEAR(small.end, 0.04, 1e-12);
  EXPECT_EQ(small.label(2), "0.02");
}

TEST(RoundAxis, EveryValueFitsAndTicksAreFew) {
  for (double v = 0.001; v < 1e7; v *= 1.37) {
    const ChartAxis a = round_axis(v);
    EXPECT_GE(a.end + 1e-9 * a.end, v) << v;
    EXPECT_LE(a.ticks(), 6) << v;
    EXPECT_GE(a.ticks(), 2) << v;
  }
}

TEST(RoundAxis, NothingToDrawStillGivesAnAxis) {
  for (double v : {0.0, -1.0, std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity()}) {
    const ChartAxis a = round_axis(v);
    EXPECT_GT(a.end, 0) << v;
    EXPECT_GT(a.step, 0) << v;
  }
}

}  // namespace
}  // namespace pep765

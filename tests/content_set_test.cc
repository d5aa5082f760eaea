// The run's table of contents: exactly one claim per hash, stored marks, growth.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "analyze/content_set.h"

using namespace pep765;

TEST(ContentSet, OneClaimPerHashAndStoredMarks) {
  ContentSet set;
  Hash a{1, 2}, b{3, 4};
  EXPECT_TRUE(set.claim(a));
  EXPECT_FALSE(set.claim(a));
  EXPECT_FALSE(set.is_stored(a));
  set.mark_stored(a);
  EXPECT_TRUE(set.is_stored(a));
  EXPECT_FALSE(set.is_stored(b));
  set.add_stored(b);
  EXPECT_FALSE(set.claim(b));  // stored by an earlier run: nothing to analyze
  EXPECT_TRUE(set.is_stored(b));
  Hash zero{0, 0};             // the value that marks empty slots still works
  EXPECT_TRUE(set.claim(zero));
  EXPECT_FALSE(set.claim(zero));
  EXPECT_FALSE(set.is_stored(zero));
  set.mark_stored(zero);
  EXPECT_TRUE(set.is_stored(zero));
  EXPECT_EQ(set.size(), 3u);
}

TEST(ContentSet, GrowsAndKeepsEverything) {
  ContentSet set;
  const uint64_t n = 300000;
  for (uint64_t i = 1; i <= n; i++) EXPECT_TRUE(set.claim({i * 0x9E3779B97F4A7C15ull, i}));
  for (uint64_t i = 1; i <= n; i += 2) set.mark_stored({i * 0x9E3779B97F4A7C15ull, i});
  EXPECT_EQ(set.size(), n);
  for (uint64_t i = 1; i <= n; i++) {
    EXPECT_FALSE(set.claim({i * 0x9E3779B97F4A7C15ull, i}));
    EXPECT_EQ(set.is_stored({i * 0x9E3779B97F4A7C15ull, i}), i % 2 == 1);
  }
  EXPECT_FALSE(set.is_stored({12345, 67890}));
}

TEST(ContentSet, ConcurrentClaimsHaveOneWinner) {
  ContentSet set;
  std::atomic<int> wins{0};
  auto worker = [&] {
    for (uint64_t i = 0; i < 100000; i++) wins += set.claim({i, i * 31 + 7});
  };
  std::thread t1(worker), t2(worker);
  t1.join();
  t2.join();
  EXPECT_EQ(wins.load(), 100000);
}

// Rates per million lines with an exact (Garwood) 95% Poisson interval.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace pep765 {

struct Rate {
  double per_million = 0, low = 0, high = 0;  // the rate and its 95% interval, per million lines
};

// Regularized lower incomplete gamma P(a, x).
double gamma_p(double a, double x);
// x with P(a, x) = p.
double gamma_quantile(double p, double a);
// The exact 95% interval for a Poisson count k: [Gamma(0.025; k), Gamma(0.975; k + 1)].
void poisson_interval(int64_t k, double& low, double& high);
Rate rate_per_million(int64_t hits, int64_t lines);
// A count over lines with its rate: what the report shows for every row.
struct RateFigure {
  int64_t hits = 0, lines = 0;
  double per_million = 0, low = 0, high = 0;
};
RateFigure rate_figure(int64_t hits, int64_t lines);
std::string rate_text(const RateFigure& rate);

// A chart's value axis from 0 with round ticks, as people draw them: a step of 1, 2 or 5 times
// a power of ten, at most 6 ticks, its end the first tick at or past the highest value.
struct ChartAxis {
  double end = 1, step = 0.2;
  int decimals = 1;     // enough to tell the ticks apart, no more
  int ticks() const;    // how many steps from 0 to end
  std::string label(int tick) const;  // tick * step, with `decimals` digits
};
ChartAxis round_axis(double highest);

// 1234567 -> "1,234,567": figures for people.
std::string thousands(int64_t n);

}  // namespace pep765

#include "report/stats.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace pep765 {

double gamma_p(double a, double x) {
  if (x <= 0) return 0;
  const double log_front = -x + a * std::log(x) - std::lgamma(a);
  if (x < a + 1) {  // the series converges fast here
    double term = 1 / a, sum = term;
    for (int n = 1; n < 100000; n++) {
      term *= x / (a + n);
      sum += term;
      if (std::fabs(term) < std::fabs(sum) * 1e-16) break;
    }
    return sum * std::exp(log_front);
  }
  // Otherwise the continued fraction for Q = 1 - P (modified Lentz).
  const double tiny = 1e-300;
  double b = x + 1 - a, c = 1 / tiny, d = 1 / b, h = d;
  for (int i = 1; i < 100000; i++) {
    const double an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (std::fabs(d) < tiny) d = tiny;
    c = b + an / c;
    if (std::fabs(c) < tiny) c = tiny;
    d = 1 / d;
    const double delta = d * c;
    h *= delta;
    if (std::fabs(delta - 1) < 1e-16) break;
  }
  return 1 - std::exp(log_front) * h;
}

double gamma_quantile(double p, double a) {
  double lo = 0, hi = a + 10 * std::sqrt(a) + 10;
  while (gamma_p(a, hi) < p) hi *= 2;
  for (int i = 0; i < 200; i++) {
    const double mid = (lo + hi) / 2;
    (gamma_p(a, mid) < p ? lo : hi) = mid;
  }
  return (lo + hi) / 2;
}

void poisson_interval(int64_t k, double& low, double& high) {
  low = k == 0 ? 0 : gamma_quantile(0.025, double(k));
  high = gamma_quantile(0.975, double(k + 1));
}

Rate rate_per_million(int64_t hits, int64_t lines) {
  Rate r;
  if (lines <= 0) return r;
  double low, high;
  poisson_interval(hits, low, high);
  const double scale = 1e6 / double(lines);
  r.per_million = hits * scale;
  r.low = low * scale;
  r.high = high * scale;
  return r;
}

std::string thousands(int64_t n) {
  std::string digits = std::to_string(n < 0 ? -n : n), out;
  for (size_t i = 0; i < digits.size(); i++) {
    if (i && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return (n < 0 ? "-" : "") + out;
}

ChartAxis round_axis(double highest) {
  if (!(highest > 0) || !std::isfinite(highest)) highest = 1;
  ChartAxis axis;
  const double magnitude = std::pow(10.0, std::floor(std::log10(highest / 5)));
  for (double m : {1.0, 2.0, 5.0, 10.0}) {
    axis.step = m * magnitude;
    if (highest / axis.step <= 5 + 1e-9) break;
  }
  axis.end = std::ceil(highest / axis.step - 1e-9) * axis.step;
  axis.decimals = std::max(0, int(-std::floor(std::log10(axis.step) + 1e-9)));
  return axis;
}

int ChartAxis::ticks() const { return int(std::lround(end / step)); }

std::string ChartAxis::label(int tick) const { return fmt::format("{:.{}f}", tick * step, decimals); }

RateFigure rate_figure(int64_t hits, int64_t lines) {
  const Rate r = rate_per_million(hits, lines);
  return {hits, lines, r.per_million, r.low, r.high};
}

std::string rate_text(const RateFigure& r) { return fmt::format("{:.2f} [{:.2f}, {:.2f}]", r.per_million, r.low, r.high); }

}  // namespace pep765

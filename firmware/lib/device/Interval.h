#pragma once
// A millis()-style periodic timer for a non-blocking main loop. Comparisons use unsigned differences, so it keeps
// working when a 32-bit millisecond counter wraps (every 49.7 days).

#include <stdint.h>

namespace twinscope {

class Interval {
 public:
  explicit Interval(uint32_t period_ms = 1000) : period_(period_ms == 0 ? 1 : period_ms) {}

  void set_period(uint32_t period_ms) { period_ = period_ms == 0 ? 1 : period_ms; }
  uint32_t period() const { return period_; }
  // The first due() is one period after now.
  void start(uint32_t now_ms) { last_ = now_ms; }
  // The next due() is right away.
  void trigger(uint32_t now_ms) { last_ = now_ms - period_; }

  // True once per period, on a fixed cadence (no drift). After a stall of more than a period it fires once and
  // starts a new cadence from now, instead of firing a burst to catch up.
  bool due(uint32_t now_ms) {
    if (static_cast<uint32_t>(now_ms - last_) < period_) return false;
    last_ += period_;
    if (static_cast<uint32_t>(now_ms - last_) >= period_) last_ = now_ms;
    return true;
  }

 private:
  uint32_t period_;
  uint32_t last_ = 0;
};

// A one-shot deadline with the same wrap-safe arithmetic.
inline bool reached(uint32_t now_ms, uint32_t deadline_ms) {
  return static_cast<int32_t>(now_ms - deadline_ms) >= 0;
}

}  // namespace twinscope

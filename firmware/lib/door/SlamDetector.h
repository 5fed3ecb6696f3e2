#pragma once
// A slam is a high closing rate that ends in the hall sensor saying closed, confirmed by the acceleration spike of
// the impact when the IMU has an accelerometer. Either direction of rate counts (ARCHITECTURE.md "Door"), because a
// leaf can be mounted either way round; what makes it a slam is that the fast swing ends against the frame.
// The event is timed at the swing's peak rate, measured while the leaf was still open: before the contact, so a
// host that orders readings by time sees the fast swing first and the `door_closed` of the contact after it.

#include <stdint.h>

namespace twinscope {

struct SlamConfig {
  float rate_dps = 150.0f;     // |rate about the hinge| at or above this, while open, within `window_ms` before closing
  uint32_t window_ms = 400;    // how long before the hall contact the fast swing may have been
  float spike_g = 0.6f;        // | |accel| - 1 g | at or above this is an impact
  uint32_t confirm_ms = 150;   // how long after the contact the impact may still show up
};

struct SlamEvent {
  uint32_t at_ms = 0;          // when the peak rate was measured (the event's time): before the contact
  uint32_t contact_ms = 0;     // when the hall sensor closed
  float peak_rate_dps = 0;     // |rate| at the peak
  float gyro[3] = {0, 0, 0};   // gyro sample at the peak, deg/s, device axes
  float angle = 0;             // door angle at the peak, deg
  bool has_accel = false;
  float accel[3] = {0, 0, 0};  // the strongest impact sample, g
};

class SlamDetector {
 public:
  explicit SlamDetector(const SlamConfig &config = SlamConfig()) : config_(config) {}

  // Feed every IMU sample with the hinge rate and door angle it gave. `accel_g` is null when there is no
  // accelerometer. Returns true once per slam, when it is decided (at the contact without an accelerometer, or when
  // the impact is seen); the details are in event().
  bool update(uint32_t now_ms, const float gyro_dps[3], float hinge_rate_dps, float angle_deg, const float *accel_g,
              bool closed);

  const SlamEvent &event() const { return event_; }

 private:
  struct Peak {
    uint32_t at_ms;
    float rate;
    float gyro[3];
    float angle;
  };
  static const int PEAKS = 32;

  void push_peak(uint32_t now_ms, float rate, const float gyro[3], float angle);
  void expire(uint32_t now_ms);
  bool spike_near(uint32_t contact_ms) const;

  SlamConfig config_;
  // Sliding-window maximum of |rate| over the samples taken while open: a queue of samples with decreasing rate,
  // oldest first (of equal rates, the newest is kept).
  Peak peaks_[PEAKS];
  int peak_head_ = 0;
  int peak_count_ = 0;
  bool was_closed_ = true;
  bool has_spike_ = false;
  uint32_t spike_ms_ = 0;
  float spike_g_ = 0;
  float spike_accel_[3] = {0, 0, 0};
  bool waiting_ = false;  // contact seen with a fast swing, waiting for the impact
  SlamEvent event_;
};

}  // namespace twinscope

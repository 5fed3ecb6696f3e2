#include "SlamDetector.h"

#include <math.h>

namespace twinscope {

void SlamDetector::expire(uint32_t now_ms) {
  while (peak_count_ > 0 && now_ms - peaks_[peak_head_].at_ms > config_.window_ms) {
    peak_head_ = (peak_head_ + 1) % PEAKS;
    peak_count_--;
  }
}

void SlamDetector::push_peak(uint32_t now_ms, float rate, const float gyro[3], float angle) {
  // Samples smaller than a newer one can never be the window's maximum again.
  while (peak_count_ > 0 && peaks_[(peak_head_ + peak_count_ - 1) % PEAKS].rate <= rate) peak_count_--;
  if (peak_count_ == PEAKS) peak_count_--;  // full of a strictly falling run: give up its smallest, newest entry
  Peak &p = peaks_[(peak_head_ + peak_count_) % PEAKS];
  p.at_ms = now_ms;
  p.rate = rate;
  for (int i = 0; i < 3; i++) p.gyro[i] = gyro[i];
  p.angle = angle;
  peak_count_++;
}

bool SlamDetector::spike_near(uint32_t contact_ms) const {
  // The impact belongs to this close when it came within the window before the contact or soon after it.
  const int32_t since = static_cast<int32_t>(spike_ms_ - contact_ms);
  return since >= -static_cast<int32_t>(config_.window_ms) && since <= static_cast<int32_t>(config_.confirm_ms);
}

bool SlamDetector::update(uint32_t now_ms, const float gyro_dps[3], float hinge_rate_dps, float angle_deg,
                          const float *accel_g, bool closed) {
  expire(now_ms);
  // Only samples of the open leaf: the one that sees the contact is at the frame, and the event must come before it.
  if (!closed) push_peak(now_ms, fabsf(hinge_rate_dps), gyro_dps, angle_deg);

  if (accel_g != nullptr) {
    const float magnitude = sqrtf(accel_g[0] * accel_g[0] + accel_g[1] * accel_g[1] + accel_g[2] * accel_g[2]);
    const float deviation = fabsf(magnitude - 1.0f);
    const bool stale = !has_spike_ || now_ms - spike_ms_ > config_.window_ms + config_.confirm_ms;
    if (deviation >= config_.spike_g && (stale || deviation > spike_g_)) {
      has_spike_ = true;
      spike_ms_ = now_ms;
      spike_g_ = deviation;
      for (int i = 0; i < 3; i++) spike_accel_[i] = accel_g[i];
    }
  }

  bool slam = false;
  if (closed && !was_closed_ && peak_count_ > 0) {
    const Peak &peak = peaks_[peak_head_];  // the window's maximum
    if (peak.rate >= config_.rate_dps) {
      event_ = SlamEvent();
      event_.at_ms = peak.at_ms;
      event_.contact_ms = now_ms;
      event_.peak_rate_dps = peak.rate;
      for (int i = 0; i < 3; i++) event_.gyro[i] = peak.gyro[i];
      event_.angle = peak.angle;
      waiting_ = true;
    }
  }
  if (waiting_) {
    if (!closed) {
      waiting_ = false;  // bounced open again before any impact: a fast close that did not stay closed
    } else if (accel_g == nullptr) {
      waiting_ = false;
      slam = true;
    } else if (has_spike_ && spike_near(event_.contact_ms)) {
      waiting_ = false;
      slam = true;
    } else if (now_ms - event_.contact_ms > config_.confirm_ms) {
      waiting_ = false;  // fast but no impact: a damped close, not a slam
    }
    if (slam && accel_g != nullptr) {
      event_.has_accel = true;
      for (int i = 0; i < 3; i++) event_.accel[i] = spike_accel_[i];
    }
  }
  was_closed_ = closed;
  return slam;
}

}  // namespace twinscope

#include "DoorAngle.h"

namespace twinscope {

void DoorAngle::update(const float gyro_dps[3], float dt_s, bool closed) {
  const uint8_t axis = config_.hinge_axis < 3 ? config_.hinge_axis : 2;
  const float raw = gyro_dps[axis] * config_.sign;
  const float rate = raw - bias_;
  if (closed) {
    // Against the frame the leaf cannot turn: zero the angle, and learn the bias while it is still.
    if (rate < config_.rest_rate_dps && rate > -config_.rest_rate_dps) bias_ += config_.bias_gain * (raw - bias_);
    angle_ = 0;
  } else if (has_previous_) {
    if (dt_s > config_.max_step_s) dt_s = config_.max_step_s;
    if (dt_s > 0) angle_ += 0.5f * (rate_ + rate) * dt_s;  // trapezoid: the rate is sampled, not held
    if (angle_ > 180.0f) angle_ = 180.0f;
    if (angle_ < -180.0f) angle_ = -180.0f;
  }
  rate_ = rate;
  has_previous_ = true;
}

}  // namespace twinscope

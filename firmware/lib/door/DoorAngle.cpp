#include "DoorAngle.h"

#include <math.h>

namespace twinscope {

void DoorAngle::update(const float gyro_dps[3], float dt_s, bool closed) {
  const uint8_t axis = config_.hinge_axis < 3 ? config_.hinge_axis : 2;
  const float raw = gyro_dps[axis] * config_.sign;
  watch_rest(raw, has_previous_ ? dt_s : 0.0f, closed);
  const float rate = raw - bias_;
  if (closed) {
    angle_ = 0;  // against the frame the leaf cannot turn
  } else if (has_previous_) {
    if (dt_s > config_.max_step_s) dt_s = config_.max_step_s;
    if (dt_s > 0) angle_ += 0.5f * (rate_ + rate) * dt_s;  // trapezoid: the rate is sampled, not held
    if (angle_ > 180.0f) angle_ = 180.0f;
    if (angle_ < -180.0f) angle_ = -180.0f;
  }
  rate_ = rate;
  has_previous_ = true;
}

void DoorAngle::end_rest() {
  rest_ms_ = 0;
  block_ = Block();
  held_ = Block();
  has_held_ = false;
  has_before_ = false;
}

void DoorAngle::watch_rest(float raw, float dt_s, bool closed) {
  if (!closed) {
    end_rest();
    return;
  }
  const bool resting = rest_ms_ > 0 || block_.count > 0 || has_held_;
  bool starts = !resting;
  // A gap in the readings (what happened in it is unknown) or a rate leaving the block's band (the leaf moved, or
  // was knocked) ends the rest; a new one may start with this sample.
  if (resting && dt_s > config_.max_step_s) starts = true;
  if (resting && block_.count > 0) {
    const float lo = raw < block_.min ? raw : block_.min;
    const float hi = raw > block_.max ? raw : block_.max;
    if (hi - lo > config_.rest_band_dps) starts = true;
  }
  if (starts) end_rest();

  const float ms = starts || dt_s <= 0 ? 0.0f : dt_s * 1000.0f + 0.5f;
  const uint32_t dt_ms = static_cast<uint32_t>(ms);
  if (block_.count == 0) block_.min = block_.max = raw;
  if (raw < block_.min) block_.min = raw;
  if (raw > block_.max) block_.max = raw;
  block_.sum += raw;
  block_.count++;
  block_.ms += dt_ms;
  rest_ms_ = rest_ms_ > UINT32_MAX - dt_ms ? UINT32_MAX : rest_ms_ + dt_ms;
  if (block_.ms >= config_.rest_block_ms) close_block();
}

void DoorAngle::close_block() {
  if (has_held_ && fabsf(block_.mean() - held_.mean()) > config_.rest_step_dps) {
    // The level moved from one block to the next: a slow turn, not rest. The rest starts over with this block.
    rest_ms_ = block_.ms;
    has_before_ = false;
  } else if (has_held_ && has_before_) {
    // Still blocks on both sides: learn the held one, when it is close to the bias or the rest has been long.
    const float offset = held_.mean() - bias_;
    if (fabsf(offset) <= config_.rest_rate_dps || rest_ms_ >= config_.rest_long_ms) {
      bias_ = has_bias_ ? bias_ + config_.bias_gain * offset : held_.mean();
      has_bias_ = true;
    }
  } else {
    has_before_ = has_held_;
  }
  held_ = block_;
  has_held_ = true;
  block_ = Block();
}

}  // namespace twinscope

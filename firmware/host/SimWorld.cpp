#include "SimWorld.h"

#include <math.h>

namespace twinscope {

static const float STEP_S = 0.005f;
static const float DOOR_LAG_S = 0.08f;   // how fast the leaf reaches the rate a hand or a closer gives it
static const float HINGE_BIAS_DPS = 0.4f;

SimWorld::SimWorld(uint32_t seed, uint32_t door_every_ms) : rng_(seed == 0 ? 1 : seed), door_every_ms_(door_every_ms) {
  phase_until_ = door_every_ms_ > 0 ? door_every_ms_ / 2 : UINT64_MAX;
}

float SimWorld::uniform() {
  rng_ ^= rng_ << 13;
  rng_ ^= rng_ >> 17;
  rng_ ^= rng_ << 5;
  return static_cast<float>(rng_ >> 8) / 16777216.0f;
}

void SimWorld::step(uint64_t now_ms) {
  if (!started_) {
    now_ = now_ms;
    started_ = true;
  }
  while (now_ + 5 <= now_ms) {
    now_ += 5;
    step_door(STEP_S);
    step_room(STEP_S);
  }
}

void SimWorld::step_door(float dt) {
  float target_rate = 0;
  switch (phase_) {
    case DoorPhase::Closed:
      if (now_ >= phase_until_) {
        phase_ = DoorPhase::Opening;
        target_angle_ = 70.0f + 30.0f * uniform();
        opening_rate_ = 60.0f + 60.0f * uniform();
        motion_until_ = now_ + 2500;  // someone is walking through
      }
      break;
    case DoorPhase::Opening:
      target_rate = opening_rate_;
      if (angle_ >= target_angle_) {
        phase_ = DoorPhase::Open;
        phase_until_ = now_ + 2000 + static_cast<uint64_t>(2000 * uniform());
      }
      break;
    case DoorPhase::Open:
      if (now_ >= phase_until_) {
        phase_ = DoorPhase::Closing;
        closing_rate_ = slam_next_ ? -(280.0f + 60.0f * uniform()) : -(45.0f + 15.0f * uniform());
        slam_next_ = !slam_next_;  // every other close is a slam
      }
      break;
    case DoorPhase::Closing:
      // A door closer slows a gentle close near the frame; a slam keeps its speed until the impact.
      target_rate = closing_rate_ > -100.0f && angle_ < 10.0f ? -15.0f : closing_rate_;
      break;
  }
  rate_ += (target_rate - rate_) * (dt / DOOR_LAG_S);
  angle_ += rate_ * dt;
  if (phase_ == DoorPhase::Closing && angle_ <= 0.0f) {
    if (rate_ < -150.0f) {
      impact_until_ = now_ + 15;  // the frame stops the leaf in one step: a jolt on the accelerometer
      slams_++;
    }
    angle_ = 0;
    rate_ = 0;
    phase_ = DoorPhase::Closed;
    phase_until_ = door_every_ms_ > 0 ? now_ + door_every_ms_ : UINT64_MAX;
  }
  if (phase_ == DoorPhase::Closed) angle_ = 0, rate_ = 0;
}

void SimWorld::step_room(float dt) {
  if (now_ >= next_motion_) {
    motion_until_ = now_ + 1500 + static_cast<uint64_t>(2000 * uniform());
    next_motion_ = now_ + 5000 + static_cast<uint64_t>(20000 * uniform());
    people_ = 1.0f + floorf(3.0f * uniform());
  }
  // CO2 in a small meeting room (30 m3, 0.7 air changes per hour), sped up tenfold so a short run shows a trend.
  const float generation = people_ * 0.1f * 10.0f;         // ppm/s
  const float ventilation = (co2_ - 420.0f) * 0.0002f * 10.0f;  // ppm/s
  co2_ += (generation - ventilation) * dt;
  temp_ += ((21.0f + 0.15f * people_) - temp_) * 0.001f * dt + noise(0.002f);
  rh_ += ((40.0f + 1.5f * people_) - rh_) * 0.001f * dt + noise(0.004f);
  lux_ += (320.0f - lux_) * 0.05f * dt + noise(0.5f);
}

ImuSample SimWorld::imu() {
  ImuSample s;
  s.gyro_dps[0] = noise(0.3f);
  s.gyro_dps[1] = noise(0.3f);
  s.gyro_dps[2] = rate_ + HINGE_BIAS_DPS + noise(0.3f);
  s.has_accel = true;
  s.accel_g[0] = noise(0.01f);
  s.accel_g[1] = noise(0.01f);
  s.accel_g[2] = 1.0f + noise(0.01f);
  if (impact_until_ > now_) {
    s.accel_g[1] += 1.8f;  // the leaf stops dead against the frame
    s.accel_g[2] += 0.6f;
  }
  return s;
}

}  // namespace twinscope

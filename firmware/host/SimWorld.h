#pragma once
// A small simulated room with a door, for the virtual device: CO2 that rises with occupancy and decays with
// ventilation, temperature and humidity drifting slowly, daylight, a PIR, and a door leaf that opens and closes
// with real angular rates (some closes are slams that hit the frame and jolt the accelerometer).
// Deterministic for a given seed; time comes from the caller.

#include <stdint.h>

#include "Sensors.h"

namespace twinscope {

class SimWorld {
 public:
  SimWorld(uint32_t seed, uint32_t door_every_ms);

  // Advances the physics to uptime `now_ms` in 5 ms steps.
  void step(uint64_t now_ms);

  float co2() const { return co2_; }
  float temp() const { return temp_; }
  float rh() const { return rh_; }
  float lux() const { return lux_; }
  bool motion() const { return motion_until_ > now_; }
  bool door_closed() const { return angle_ < 2.0f; }
  float angle() const { return angle_; }
  // What an IMU on the leaf reads now: rate about the hinge (z) plus bias and noise, gravity plus the impact.
  ImuSample imu();
  uint32_t slams() const { return slams_; }
  // Uniform in [0, 1); also used by the sensors for their noise.
  float uniform();
  float noise(float amplitude) { return (uniform() + uniform() + uniform() - 1.5f) * amplitude; }

 private:
  enum class DoorPhase : uint8_t { Closed, Opening, Open, Closing };
  void step_door(float dt);
  void step_room(float dt);

  uint32_t rng_;
  uint32_t door_every_ms_;
  uint64_t now_ = 0;
  bool started_ = false;
  float co2_ = 460, temp_ = 21.2f, rh_ = 42.0f, lux_ = 320.0f;
  float people_ = 1.0f;
  uint64_t motion_until_ = 0;
  uint64_t next_motion_ = 3000;
  DoorPhase phase_ = DoorPhase::Closed;
  uint64_t phase_until_ = 0;
  float angle_ = 0, rate_ = 0, target_angle_ = 90, opening_rate_ = 90, closing_rate_ = -50;
  bool slam_next_ = true;  // the first close is a slam, so even a short run shows one
  uint64_t impact_until_ = 0;
  uint32_t slams_ = 0;
};

}  // namespace twinscope

#pragma once
// Door-leaf angle from the gyro rate about the hinge axis. An accelerometer cannot see a hinge angle (the leaf
// turns about the gravity vector), so the rate is integrated, and the hall sensor bounds the drift: whenever it
// says closed, the angle is 0 and the leaf is at rest, which is also when the gyro bias is learned.

#include <stdint.h>

namespace twinscope {

struct DoorAngleConfig {
  uint8_t hinge_axis = 2;         // device axis the hinge is parallel to (0 = x, 1 = y, 2 = z)
  float sign = 1.0f;              // +1 when a positive rate about that axis opens the door, else -1
  float rest_rate_dps = 2.0f;     // below this (after bias) a closed leaf is taken to be at rest
  float bias_gain = 0.02f;        // how fast the bias follows the rate at rest, per sample
  float max_step_s = 0.25f;       // a longer gap (stalled loop) is integrated as this long, not as a jump
};

class DoorAngle {
 public:
  explicit DoorAngle(const DoorAngleConfig &config = DoorAngleConfig()) : config_(config) {}

  // One gyro sample (deg/s, device axes), the time since the previous one, and the hall sensor.
  void update(const float gyro_dps[3], float dt_s, bool closed);

  float angle() const { return angle_; }  // deg: 0 closed, positive opening, within -180..180
  float rate() const { return rate_; }    // deg/s about the hinge, bias removed, positive opening
  float bias() const { return bias_; }    // deg/s, in the hinge frame
  const DoorAngleConfig &config() const { return config_; }

 private:
  DoorAngleConfig config_;
  float angle_ = 0;
  float rate_ = 0;
  float bias_ = 0;
  bool has_previous_ = false;
};

}  // namespace twinscope

#pragma once
// Door-leaf angle from the gyro rate about the hinge axis. An accelerometer cannot see a hinge angle (the leaf
// turns about the gravity vector), so the rate is integrated, and the hall sensor bounds the drift: whenever it
// says closed, the angle is 0.
//
// The gyro bias is learned only at rest: the hall says closed and the rate holds still for a sustained time. Closed
// alone is not rest: a leaf that starts to open slowly turns for a while before the reed lets go (and a closing leaf
// still turns after it closed), and learning those slow degrees as bias makes the angle drift by degrees a minute
// while the door then stands open. So the readings are taken in blocks of `rest_block_ms`. A block is still when the
// hall said closed throughout, the readings came without a gap, their rates span at most `rest_band_dps` and their
// mean is within `rest_step_dps` of the previous block's. A block is learned only between two still blocks (so after
// three blocks of rest, 1.5 s, at the least): every reading learned has still readings on both sides, and neither
// the start nor the end of a motion is ever learned. A rest rate further than `rest_rate_dps` from the learned bias
// is learned only after `rest_long_ms` of rest: a leaf kept within the reed's range (~2 degrees) cannot turn that
// steadily for that long, so what is left is the bias (a new one after a temperature change, or a large zero-rate
// offset at boot).

#include <stdint.h>

namespace twinscope {

struct DoorAngleConfig {
  uint8_t hinge_axis = 2;         // device axis the hinge is parallel to (0 = x, 1 = y, 2 = z)
  float sign = 1.0f;              // +1 when a positive rate about that axis opens the door, else -1
  uint32_t rest_block_ms = 500;   // rest is judged, and the bias learned, a block of this long at a time
  float rest_band_dps = 1.0f;     // at rest a block's rates span at most this (noise)...
  float rest_step_dps = 0.2f;     // ...and its mean differs at most this from the previous block's
  float rest_rate_dps = 1.0f;     // a rest rate further than this from the bias needs `rest_long_ms` of rest
  uint32_t rest_long_ms = 4000;
  float bias_gain = 0.5f;         // how far the bias moves toward a learned block's mean (the first one: all the way)
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
  struct Block {
    float sum = 0;
    uint32_t count = 0;
    uint32_t ms = 0;
    float min = 0;
    float max = 0;
    float mean() const { return count > 0 ? sum / static_cast<float>(count) : 0; }
  };

  void watch_rest(float raw, float dt_s, bool closed);
  void end_rest();
  void close_block();

  DoorAngleConfig config_;
  float angle_ = 0;
  float rate_ = 0;
  float bias_ = 0;
  bool has_bias_ = false;
  bool has_previous_ = false;
  // Rest: how long it has lasted, the block being filled, the still block before it (learned if this one is still
  // too) and whether a still block came before that one.
  uint32_t rest_ms_ = 0;
  Block block_;
  Block held_;
  bool has_held_ = false;
  bool has_before_ = false;
};

}  // namespace twinscope

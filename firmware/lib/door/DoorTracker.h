#pragma once
// Everything the device knows about its door from one place: hall contact edges, the integrated angle and slams.
// Works with a hall sensor alone (no angle, no slam) and with an IMU alone (angle drifts: nothing re-zeroes it).

#include <stdint.h>

#include "DoorAngle.h"
#include "Sensors.h"
#include "SlamDetector.h"

namespace twinscope {

enum DoorEventBits : uint8_t {
  DOOR_OPENED = 1,
  DOOR_CLOSED = 2,
  DOOR_SLAM = 4,
};

class DoorTracker {
 public:
  DoorTracker(const DoorAngleConfig &angle, const SlamConfig &slam) : angle_(angle), slam_(slam) {}

  // One step: the IMU sample (null without IMU or when the read failed) and the hall contact (has_contact false
  // without a hall sensor). Returns DoorEventBits that happened in this step.
  uint8_t update(uint32_t now_ms, const ImuSample *imu, bool has_contact, bool closed);

  bool has_contact() const { return has_contact_; }
  bool closed() const { return closed_; }
  bool has_angle() const { return has_imu_; }
  float angle() const { return angle_.angle(); }
  float rate() const { return angle_.rate(); }
  float bias() const { return angle_.bias(); }  // the learned gyro bias, deg/s
  bool has_imu() const { return has_imu_; }
  const ImuSample &imu() const { return imu_; }
  const SlamEvent &slam() const { return slam_.event(); }

 private:
  DoorAngle angle_;
  SlamDetector slam_;
  ImuSample imu_;
  bool has_imu_ = false;
  bool has_contact_ = false;
  bool closed_ = false;
  bool has_last_ = false;
  uint32_t last_ms_ = 0;
};

}  // namespace twinscope

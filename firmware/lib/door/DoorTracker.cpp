#include "DoorTracker.h"

namespace twinscope {

uint8_t DoorTracker::update(uint32_t now_ms, const ImuSample *imu, bool has_contact, bool closed) {
  uint8_t events = 0;
  if (has_contact) {
    if (has_contact_ && closed != closed_) events |= closed ? DOOR_CLOSED : DOOR_OPENED;
    has_contact_ = true;
    closed_ = closed;
  }
  if (imu != nullptr) {
    const float dt = has_last_ ? static_cast<float>(now_ms - last_ms_) / 1000.0f : 0.0f;
    // Without a hall sensor nothing says "closed", so the angle is integrated freely.
    const bool at_frame = has_contact_ && closed_;
    angle_.update(imu->gyro_dps, dt, at_frame);
    if (has_contact_ &&
        slam_.update(now_ms, imu->gyro_dps, angle_.rate(), angle_.angle(), imu->has_accel ? imu->accel_g : nullptr,
                     at_frame)) {
      events |= DOOR_SLAM;
    }
    imu_ = *imu;
    has_imu_ = true;
    has_last_ = true;
    last_ms_ = now_ms;
  }
  return events;
}

}  // namespace twinscope

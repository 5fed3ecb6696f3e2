#pragma once
// InvenSense MPU-6050 on the door leaf: gyro ±1000 deg/s (a hard slam passes 500) and accelerometer ±8 g (the
// impact spike), 44 Hz low-pass. The device reads one 14-byte burst per sample (about 0.4 ms at 400 kHz).
// Conversion: lib/sensors/Mpu6050.

#include <stdint.h>

#include "Mpu6050.h"
#include "Sensors.h"

class Mpu6050Sensor : public twinscope::Component, public twinscope::Imu {
 public:
  const char *name() const override { return "mpu6050"; }
  bool setup() override;
  void loop(uint32_t) override {}
  bool read(twinscope::ImuSample &out) override;

 private:
  static constexpr twinscope::GyroRange GYRO = twinscope::GyroRange::Dps1000;
  static constexpr twinscope::AccelRange ACCEL = twinscope::AccelRange::G8;
  uint32_t errors_ = 0;
};

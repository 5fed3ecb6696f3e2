#include "Mpu6050Sensor.h"

#include "I2c.h"
#include "Log.h"

using namespace twinscope;

static const char *const TAG = "mpu6050";
static const uint8_t DLPF_44HZ = 3;

bool Mpu6050Sensor::setup() {
  uint8_t who = 0;
  if (!i2c::read_reg(MPU6050_ADDRESS, MPU6050_WHO_AM_I, &who, 1)) return false;
  // Clones and the MPU-6500 answer other values but speak the same register map for what is used here.
  if (who != MPU6050_WHO_AM_I_VALUE) TS_LOGW(TAG, "WHO_AM_I 0x%02x, expected 0x68; trying anyway", who);
  return i2c::write_reg(MPU6050_ADDRESS, MPU6050_PWR_MGMT_1, MPU6050_CLOCK_PLL_X) &&
         i2c::write_reg(MPU6050_ADDRESS, MPU6050_CONFIG, DLPF_44HZ) &&
         i2c::write_reg(MPU6050_ADDRESS, MPU6050_SMPLRT_DIV, 9) &&  // 1 kHz / (1 + 9) = 100 Hz
         i2c::write_reg(MPU6050_ADDRESS, MPU6050_GYRO_CONFIG, mpu6050_range_bits(static_cast<uint8_t>(GYRO))) &&
         i2c::write_reg(MPU6050_ADDRESS, MPU6050_ACCEL_CONFIG, mpu6050_range_bits(static_cast<uint8_t>(ACCEL)));
}

bool Mpu6050Sensor::read(ImuSample &out) {
  uint8_t raw[14];
  if (!i2c::read_reg(MPU6050_ADDRESS, MPU6050_ACCEL_XOUT_H, raw, sizeof raw)) {
    if (errors_++ % 100 == 0) TS_LOGW(TAG, "read failed (%lu so far)", static_cast<unsigned long>(errors_));
    return false;
  }
  mpu6050_decode(raw, GYRO, ACCEL, out);
  return true;
}

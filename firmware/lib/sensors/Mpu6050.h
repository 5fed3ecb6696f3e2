#pragma once
// MPU-6050 IMU: register map and the conversion of its 14-byte burst (accel x y z, temperature, gyro x y z, all
// big-endian two's complement) into g and deg/s for the configured full-scale ranges.

#include <stdint.h>

#include "Sensors.h"

namespace twinscope {

static const uint8_t MPU6050_ADDRESS = 0x68;  // AD0 low
static const uint8_t MPU6050_SMPLRT_DIV = 0x19;
static const uint8_t MPU6050_CONFIG = 0x1a;        // DLPF
static const uint8_t MPU6050_GYRO_CONFIG = 0x1b;
static const uint8_t MPU6050_ACCEL_CONFIG = 0x1c;
static const uint8_t MPU6050_ACCEL_XOUT_H = 0x3b;  // start of the 14-byte burst
static const uint8_t MPU6050_PWR_MGMT_1 = 0x6b;
static const uint8_t MPU6050_WHO_AM_I = 0x75;
static const uint8_t MPU6050_WHO_AM_I_VALUE = 0x68;
static const uint8_t MPU6050_CLOCK_PLL_X = 0x01;   // wake up, clock from the X gyro PLL (more stable than 8 MHz RC)

enum class GyroRange : uint8_t { Dps250 = 0, Dps500 = 1, Dps1000 = 2, Dps2000 = 3 };
enum class AccelRange : uint8_t { G2 = 0, G4 = 1, G8 = 2, G16 = 3 };

// Register values for GYRO_CONFIG / ACCEL_CONFIG (FS_SEL in bits 4:3).
inline uint8_t mpu6050_range_bits(uint8_t range) { return static_cast<uint8_t>((range & 3) << 3); }

// Decodes the burst read from ACCEL_XOUT_H.
void mpu6050_decode(const uint8_t raw[14], GyroRange gyro, AccelRange accel, ImuSample &out, float *temp_c = nullptr);

}  // namespace twinscope

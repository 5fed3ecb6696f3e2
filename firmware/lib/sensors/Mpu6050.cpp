#include "Mpu6050.h"

namespace twinscope {

namespace {

int16_t be16(const uint8_t *p) { return static_cast<int16_t>(static_cast<uint16_t>((p[0] << 8) | p[1])); }

// LSB per unit at each full-scale range (datasheet, register map section 4.4/4.5).
const float GYRO_LSB_PER_DPS[] = {131.0f, 65.5f, 32.8f, 16.4f};
const float ACCEL_LSB_PER_G[] = {16384.0f, 8192.0f, 4096.0f, 2048.0f};

}  // namespace

void mpu6050_decode(const uint8_t raw[14], GyroRange gyro, AccelRange accel, ImuSample &out, float *temp_c) {
  const float g_scale = ACCEL_LSB_PER_G[static_cast<uint8_t>(accel) & 3];
  const float d_scale = GYRO_LSB_PER_DPS[static_cast<uint8_t>(gyro) & 3];
  for (int i = 0; i < 3; i++) {
    out.accel_g[i] = static_cast<float>(be16(raw + 2 * i)) / g_scale;
    out.gyro_dps[i] = static_cast<float>(be16(raw + 8 + 2 * i)) / d_scale;
  }
  out.has_accel = true;
  if (temp_c != nullptr) *temp_c = static_cast<float>(be16(raw + 6)) / 340.0f + 36.53f;
}

}  // namespace twinscope

#pragma once
// BH1750 ambient light sensor: the measurement is a big-endian count; lux = count / 1.2 scaled by the measurement
// time register (69 by default) and halved in high-resolution mode 2.

#include <stdint.h>

namespace twinscope {

static const uint8_t BH1750_ADDRESS = 0x23;  // ADDR pin low (0x5c when high)
static const uint8_t BH1750_POWER_ON = 0x01;
static const uint8_t BH1750_CONTINUOUS_HIGH = 0x10;   // 1 lx resolution, 120 ms (180 ms max)
static const uint8_t BH1750_CONTINUOUS_HIGH2 = 0x11;  // 0.5 lx resolution
static const uint32_t BH1750_MEASURE_MS = 180;
static const uint8_t BH1750_DEFAULT_MTREG = 69;

inline uint16_t bh1750_count(const uint8_t raw[2]) { return static_cast<uint16_t>((raw[0] << 8) | raw[1]); }

inline float bh1750_lux(uint16_t count, uint8_t mtreg = BH1750_DEFAULT_MTREG, bool mode2 = false) {
  if (mtreg == 0) mtreg = BH1750_DEFAULT_MTREG;
  const float lux = static_cast<float>(count) / 1.2f * (static_cast<float>(BH1750_DEFAULT_MTREG) / mtreg);
  return mode2 ? lux / 2.0f : lux;
}

}  // namespace twinscope

#include "Bh1750Sensor.h"

#include <Arduino.h>

#include "Bh1750.h"
#include "I2c.h"
#include "Interval.h"

using namespace twinscope;

static const uint32_t PERIOD_MS = 200;
static const uint32_t STALE_MS = 2000;

bool Bh1750Sensor::setup() {
  const uint8_t on = BH1750_POWER_ON, mode = BH1750_CONTINUOUS_HIGH;
  if (!i2c::write(BH1750_ADDRESS, &on, 1) || !i2c::write(BH1750_ADDRESS, &mode, 1)) return false;
  at_ms_ = static_cast<uint32_t>(millis()) + BH1750_MEASURE_MS;  // the first conversion takes up to 180 ms
  return true;
}

void Bh1750Sensor::loop(uint32_t now_ms) {
  now_ms_ = now_ms;
  if (!reached(now_ms, at_ms_)) return;
  at_ms_ = now_ms + PERIOD_MS;
  uint8_t raw[2];
  if (!i2c::read(BH1750_ADDRESS, raw, 2)) return;
  lux_ = bh1750_lux(bh1750_count(raw));
  has_ = true;
  last_ok_ms_ = now_ms;
}

bool Bh1750Sensor::lux(float &lux) const {
  if (!has_ || now_ms_ - last_ok_ms_ >= STALE_MS) return false;
  lux = lux_;
  return true;
}

#include "Sht4xSensor.h"

#include "I2c.h"
#include "Interval.h"
#include "Log.h"
#include "Sensirion.h"

using namespace twinscope;

static const char *const TAG = "sht4x";
static const uint32_t PERIOD_MS = 1000;
static const uint32_t STALE_MS = 5000;

bool Sht4xSensor::setup() { return i2c::probe(SHT4X_ADDRESS); }

void Sht4xSensor::loop(uint32_t now_ms) {
  now_ms_ = now_ms;
  if (!reached(now_ms, at_ms_)) return;
  if (!measuring_) {
    const uint8_t cmd = SHT4X_MEASURE_HIGH;
    measuring_ = i2c::write(SHT4X_ADDRESS, &cmd, 1);
    at_ms_ = now_ms + (measuring_ ? SHT4X_MEASURE_MS : PERIOD_MS);
    return;
  }
  uint8_t raw[6];
  float t, rh;
  if (i2c::read(SHT4X_ADDRESS, raw, 6) && sht4x_decode(raw, t, rh)) {
    temp_c_ = t, rh_ = rh;
    has_ = true;
    last_ok_ms_ = now_ms;
  } else {
    TS_LOGW(TAG, "read failed (bus or CRC)");
  }
  measuring_ = false;
  at_ms_ = now_ms + PERIOD_MS - SHT4X_MEASURE_MS;
}

bool Sht4xSensor::climate(float &temp_c, float &rh) const {
  if (!has_ || now_ms_ - last_ok_ms_ >= STALE_MS) return false;
  temp_c = temp_c_, rh = rh_;
  return true;
}

#include "Scd4xSensor.h"

#include <Arduino.h>

#include "I2c.h"
#include "Interval.h"
#include "Log.h"
#include "Sensirion.h"

using namespace twinscope;

static const char *const TAG = "scd4x";
static const uint32_t STALE_MS = 20000;  // four missed measurements

bool Scd4xSensor::command(uint16_t cmd) {
  uint8_t bytes[2];
  sensirion_command(cmd, bytes);
  return i2c::write(SCD4X_ADDRESS, bytes, 2);
}

bool Scd4xSensor::setup() {
  if (!i2c::probe(SCD4X_ADDRESS)) return false;
  // It may still be measuring from before a reset: stop first; it ignores other commands for 500 ms after that.
  if (!command(SCD4X_STOP_PERIODIC)) return false;
  state_ = State::Stopping;
  at_ms_ = static_cast<uint32_t>(millis()) + SCD4X_STOP_DELAY_MS;
  return true;
}

void Scd4xSensor::loop(uint32_t now_ms) {
  now_ms_ = now_ms;
  if (!reached(now_ms, at_ms_)) return;
  uint8_t raw[9];
  switch (state_) {
    case State::Stopping:
      if (!command(SCD4X_START_PERIODIC)) TS_LOGW(TAG, "start_periodic_measurement failed");
      state_ = State::Idle;
      at_ms_ = now_ms + SCD4X_PERIOD_MS;
      break;
    case State::Idle:
      state_ = command(SCD4X_DATA_READY) ? State::ReadyAsked : State::Idle;
      at_ms_ = now_ms + (state_ == State::Idle ? 1000 : SCD4X_READ_DELAY_MS);
      break;
    case State::ReadyAsked: {
      bool ready = false;
      const bool asked = i2c::read(SCD4X_ADDRESS, raw, 3) && scd4x_data_ready(raw, ready) && ready &&
                         command(SCD4X_READ_MEASUREMENT);
      if (asked) {
        state_ = State::MeasurementAsked;
        at_ms_ = now_ms + SCD4X_READ_DELAY_MS;
      } else {
        state_ = State::Idle;
        at_ms_ = now_ms + 500;  // not ready yet (or a bus error): ask again soon
      }
      break;
    }
    case State::MeasurementAsked: {
      Scd4xMeasurement m;
      if (i2c::read(SCD4X_ADDRESS, raw, 9) && scd4x_decode(raw, m)) {
        ppm_ = m.co2_ppm, temp_c_ = m.temp_c, rh_ = m.rh;
        has_ = true;
        last_ok_ms_ = now_ms;
      } else {
        TS_LOGW(TAG, "measurement read failed (bus or CRC)");
      }
      state_ = State::Idle;
      at_ms_ = now_ms + SCD4X_PERIOD_MS - 100;
      break;
    }
  }
}

bool Scd4xSensor::fresh() const { return has_ && now_ms_ - last_ok_ms_ < STALE_MS; }

bool Scd4xSensor::co2(float &ppm) const {
  if (!fresh()) return false;
  ppm = ppm_;
  return true;
}

bool Scd4xSensor::climate(float &temp_c, float &rh) const {
  if (!fresh()) return false;
  temp_c = temp_c_, rh = rh_;
  return true;
}

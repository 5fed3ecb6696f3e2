#pragma once
// Sensirion SCD40/SCD41 CO2 sensor in periodic mode (one measurement every 5 s). A small state machine instead of
// delays: each command's reply is read on a later loop pass. Framing and conversion: lib/sensors/Sensirion.

#include <stdint.h>

#include "Sensors.h"

class Scd4xSensor : public twinscope::Component, public twinscope::Co2Sensor, public twinscope::ClimateSensor {
 public:
  const char *name() const override { return "scd4x"; }
  bool setup() override;
  void loop(uint32_t now_ms) override;
  bool co2(float &ppm) const override;
  bool climate(float &temp_c, float &rh) const override;

 private:
  enum class State : uint8_t { Stopping, Idle, ReadyAsked, MeasurementAsked };
  bool command(uint16_t cmd);
  bool fresh() const;

  State state_ = State::Stopping;
  uint32_t at_ms_ = 0;        // when the current state may advance
  uint32_t last_ok_ms_ = 0;
  bool has_ = false;
  uint32_t now_ms_ = 0;
  float ppm_ = 0, temp_c_ = 0, rh_ = 0;
};

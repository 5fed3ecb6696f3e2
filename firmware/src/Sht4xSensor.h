#pragma once
// Sensirion SHT4x temperature and humidity, measured once a second (high repeatability, 10 ms conversion read on a
// later loop pass). Conversion: lib/sensors/Sensirion.

#include <stdint.h>

#include "Sensors.h"

class Sht4xSensor : public twinscope::Component, public twinscope::ClimateSensor {
 public:
  const char *name() const override { return "sht4x"; }
  bool setup() override;
  void loop(uint32_t now_ms) override;
  bool climate(float &temp_c, float &rh) const override;

 private:
  bool measuring_ = false;
  uint32_t at_ms_ = 0;
  uint32_t last_ok_ms_ = 0;
  uint32_t now_ms_ = 0;
  bool has_ = false;
  float temp_c_ = 0, rh_ = 0;
};

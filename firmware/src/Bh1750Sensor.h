#pragma once
// ROHM BH1750 ambient light in continuous high-resolution mode; the latest result is read every 200 ms.
// Conversion: lib/sensors/Bh1750.h.

#include <stdint.h>

#include "Sensors.h"

class Bh1750Sensor : public twinscope::Component, public twinscope::LightSensor {
 public:
  const char *name() const override { return "bh1750"; }
  bool setup() override;
  void loop(uint32_t now_ms) override;
  bool lux(float &lux) const override;

 private:
  uint32_t at_ms_ = 0;
  uint32_t last_ok_ms_ = 0;
  uint32_t now_ms_ = 0;
  bool has_ = false;
  float lux_ = 0;
};

#pragma once
// Simulated sensors with the same names and update rates as the real ones, reading from the SimWorld: the device
// logic cannot tell them from the I2C drivers in src/.

#include "SimWorld.h"
#include "Sensors.h"

namespace twinscope {

// SCD4x: a new CO2 value every 5 s, as in periodic mode.
class SimScd4x : public Component, public Co2Sensor {
 public:
  explicit SimScd4x(SimWorld &w) : w_(w) {}
  const char *name() const override { return "scd4x"; }
  bool setup() override { return true; }
  void loop(uint32_t now_ms) override;
  bool co2(float &ppm) const override { return has_ && (ppm = ppm_, true); }

 private:
  SimWorld &w_;
  bool has_ = false;
  float ppm_ = 0;
  uint32_t next_ = 5000;
};

// SHT4x: temperature and humidity once a second.
class SimSht4x : public Component, public ClimateSensor {
 public:
  explicit SimSht4x(SimWorld &w) : w_(w) {}
  const char *name() const override { return "sht4x"; }
  bool setup() override { return true; }
  void loop(uint32_t now_ms) override;
  bool climate(float &t, float &h) const override { return has_ && (t = t_, h = h_, true); }

 private:
  SimWorld &w_;
  bool has_ = false;
  float t_ = 0, h_ = 0;
  uint32_t next_ = 0;
};

class SimBh1750 : public Component, public LightSensor {
 public:
  explicit SimBh1750(SimWorld &w) : w_(w) {}
  const char *name() const override { return "bh1750"; }
  bool setup() override { return true; }
  void loop(uint32_t) override { lux_ = w_.lux(), has_ = true; }
  bool lux(float &lx) const override { return has_ && (lx = lux_, true); }

 private:
  SimWorld &w_;
  bool has_ = false;
  float lux_ = 0;
};

class SimPir : public Component, public MotionSensor {
 public:
  explicit SimPir(SimWorld &w) : w_(w) {}
  const char *name() const override { return "pir"; }
  bool setup() override { return true; }
  void loop(uint32_t) override { latched_ = latched_ || w_.motion(); }
  bool take_motion() override {
    const bool m = latched_ || w_.motion();
    latched_ = false;
    return m;
  }
  bool active() const override { return w_.motion(); }

 private:
  SimWorld &w_;
  bool latched_ = false;
};

class SimHall : public Component, public DoorContact {
 public:
  explicit SimHall(SimWorld &w) : w_(w) {}
  const char *name() const override { return "hall"; }
  bool setup() override { return true; }
  void loop(uint32_t) override {}
  bool closed() const override { return w_.door_closed(); }

 private:
  SimWorld &w_;
};

class SimImu : public Component, public Imu {
 public:
  explicit SimImu(SimWorld &w) : w_(w) {}
  const char *name() const override { return "mpu6050"; }
  bool setup() override { return true; }
  void loop(uint32_t) override {}
  bool read(ImuSample &out) override {
    out = w_.imu();
    return true;
  }

 private:
  SimWorld &w_;
};

}  // namespace twinscope

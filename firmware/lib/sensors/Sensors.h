#pragma once
// What the device logic needs from hardware, as small pure-virtual interfaces (ESPHome style: the logic never sees
// a bus). I2C drivers in src/ and the simulated sensors in host/ implement them.

#include <stdint.h>

namespace twinscope {

// Something with a lifecycle driven by the main loop.
class Component {
 public:
  virtual const char *name() const = 0;
  // Probes and configures the hardware. False marks it failed: it is left out of `sensors` and of readings.
  virtual bool setup() = 0;
  // Called on every main-loop pass; returns quickly (timers and state machines, never delay()).
  virtual void loop(uint32_t now_ms) = 0;

 protected:
  ~Component() = default;
};

// Each reading interface returns the latest valid value, false when there is none or it went stale.
class Co2Sensor {
 public:
  virtual bool co2(float &ppm) const = 0;

 protected:
  ~Co2Sensor() = default;
};

class ClimateSensor {
 public:
  virtual bool climate(float &temp_c, float &rh) const = 0;

 protected:
  ~ClimateSensor() = default;
};

class LightSensor {
 public:
  virtual bool lux(float &lux) const = 0;

 protected:
  ~LightSensor() = default;
};

class MotionSensor {
 public:
  // True when motion was seen since the previous call (a PIR pulse is latched so no pulse is missed).
  virtual bool take_motion() = 0;
  // The PIR output right now.
  virtual bool active() const = 0;

 protected:
  ~MotionSensor() = default;
};

class DoorContact {
 public:
  // Hall sensor, debounced: true while the magnet on the leaf is at the frame.
  virtual bool closed() const = 0;

 protected:
  ~DoorContact() = default;
};

struct ImuSample {
  float gyro_dps[3] = {0, 0, 0};
  float accel_g[3] = {0, 0, 0};
  bool has_accel = false;
};

class Imu {
 public:
  // Reads one sample now (a short bus transfer). False on a bus error.
  virtual bool read(ImuSample &out) = 0;

 protected:
  ~Imu() = default;
};

// Wi-Fi signal strength of the link, when there is one.
class SignalStrength {
 public:
  virtual bool rssi(float &dbm) const = 0;

 protected:
  ~SignalStrength() = default;
};

}  // namespace twinscope

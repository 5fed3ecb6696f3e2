#pragma once
// One set of readings as it goes on the wire (`data` of tele and evt). Values are doubles so that the encoder
// rounds exactly what the TypeScript encoder rounds (see Encoder.h); presence is a bit per channel.

#include <stdint.h>

namespace twinscope {

// Channels in canonical wire order (PROTOCOL.md, tele table). The encoder walks them in this order.
enum Channel : uint8_t {
  CH_CO2 = 0,
  CH_TEMP,
  CH_RH,
  CH_LUX,
  CH_MOTION,
  CH_DOOR,
  CH_GYRO,
  CH_ACCEL,
  CH_ANGLE,
  CH_RSSI,
  CH_BAT,
  CH_COUNT,
};

struct Readings {
  uint16_t present = 0;
  double co2 = 0;     // ppm
  double temp = 0;    // degC
  double rh = 0;      // %
  double lux = 0;     // lx
  bool motion = false;
  bool door_closed = false;
  double gyro[3] = {0, 0, 0};   // deg/s
  double accel[3] = {0, 0, 0};  // g
  double angle = 0;             // deg, 0 = closed
  double rssi = 0;              // dBm
  double bat = 0;               // V

  bool has(Channel ch) const { return (present & (1u << ch)) != 0; }
  void mark(Channel ch) { present = static_cast<uint16_t>(present | (1u << ch)); }
  void clear() { *this = Readings(); }

  void set_co2(double v) { co2 = v, mark(CH_CO2); }
  void set_temp(double v) { temp = v, mark(CH_TEMP); }
  void set_rh(double v) { rh = v, mark(CH_RH); }
  void set_lux(double v) { lux = v, mark(CH_LUX); }
  void set_motion(bool v) { motion = v, mark(CH_MOTION); }
  void set_door_closed(bool v) { door_closed = v, mark(CH_DOOR); }
  void set_gyro(double x, double y, double z) { gyro[0] = x, gyro[1] = y, gyro[2] = z, mark(CH_GYRO); }
  void set_accel(double x, double y, double z) { accel[0] = x, accel[1] = y, accel[2] = z, mark(CH_ACCEL); }
  void set_angle(double v) { angle = v, mark(CH_ANGLE); }
  void set_rssi(double v) { rssi = v, mark(CH_RSSI); }
  void set_bat(double v) { bat = v, mark(CH_BAT); }
};

}  // namespace twinscope

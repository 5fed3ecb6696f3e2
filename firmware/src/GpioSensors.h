#pragma once
// The two digital sensors: a PIR (motion) and a hall switch on the door frame (magnet on the leaf). A pin of -1
// means "not fitted": setup() fails and the device leaves the sensor out.

#include <stdint.h>

#include "Sensors.h"

// PIR output, high while it sees motion. An interrupt latches every rising edge, so a pulse shorter than the
// loop period or the telemetry interval is still reported as "motion since the previous message".
class PirSensor : public twinscope::Component, public twinscope::MotionSensor {
 public:
  explicit PirSensor(int pin) : pin_(pin) {}
  const char *name() const override { return "pir"; }
  bool setup() override;
  void loop(uint32_t) override {}
  bool take_motion() override;
  bool active() const override;

 private:
  static void on_rise(void *self);
  int pin_;
  volatile bool latched_ = false;
};

// Hall switch: debounced, so a magnet at the edge of its range cannot flood the host with door events.
class HallSensor : public twinscope::Component, public twinscope::DoorContact {
 public:
  HallSensor(int pin, bool active_low) : pin_(pin), active_low_(active_low) {}
  const char *name() const override { return "hall"; }
  bool setup() override;
  void loop(uint32_t now_ms) override;
  bool closed() const override { return closed_; }

 private:
  bool raw_closed() const;
  int pin_;
  bool active_low_;
  bool closed_ = false;
  bool candidate_ = false;
  uint32_t since_ms_ = 0;
};

#include "GpioSensors.h"

#include <Arduino.h>

static const uint32_t HALL_DEBOUNCE_MS = 30;

bool PirSensor::setup() {
  if (pin_ < 0) return false;  // not fitted
  pinMode(pin_, INPUT_PULLDOWN);  // a missing PIR reads as "no motion", not as a floating input
  attachInterruptArg(digitalPinToInterrupt(pin_), on_rise, this, RISING);
  return true;
}

void ARDUINO_ISR_ATTR PirSensor::on_rise(void *self) { static_cast<PirSensor *>(self)->latched_ = true; }

bool PirSensor::take_motion() {
  const bool motion = latched_ || active();
  latched_ = false;
  return motion;
}

bool PirSensor::active() const { return digitalRead(pin_) == HIGH; }

bool HallSensor::setup() {
  if (pin_ < 0) return false;  // not fitted
  pinMode(pin_, INPUT_PULLUP);  // open-drain hall switches need the pull-up
  closed_ = candidate_ = raw_closed();
  since_ms_ = millis();
  return true;
}

bool HallSensor::raw_closed() const { return (digitalRead(pin_) == LOW) == active_low_; }

void HallSensor::loop(uint32_t now_ms) {
  const bool raw = raw_closed();
  if (raw != candidate_) {
    candidate_ = raw;
    since_ms_ = now_ms;
  } else if (raw != closed_ && now_ms - since_ms_ >= HALL_DEBOUNCE_MS) {
    closed_ = raw;
  }
}

#include "SerialLink.h"

#include <Arduino.h>
#include <string.h>

// Enough for a few full lines: the host reads in bursts, and a line must fit whole (MAX_LINE is 1 KiB).
static const size_t TX_BUFFER = 8192;

void SerialLink::begin(unsigned long baud) {
  Serial.setTxBufferSize(TX_BUFFER);
#if ARDUINO_USB_CDC_ON_BOOT
  Serial.setTxTimeoutMs(0);  // never block the loop waiting for a host that is not reading
#endif
  Serial.begin(baud);
}

bool SerialLink::online() {
  // On native USB this is false until a host has enumerated the port; on a UART it is always true.
  return static_cast<bool>(Serial);
}

bool SerialLink::write_line(const char *text, size_t len) {
  if (static_cast<size_t>(Serial.availableForWrite()) < len + 1) return false;
  Serial.write(reinterpret_cast<const uint8_t *>(text), len);
  Serial.write(static_cast<uint8_t>('\n'));
  return true;
}

void SerialLink::write_text(const char *line) {
  if (online()) write_line(line, strlen(line));
}

bool SerialLink::send(twinscope::MessageKind, const char *text, size_t len) {
  return online() && write_line(text, len);
}

void SerialLink::loop() {
  while (!ready_ && Serial.available() > 0) {
    const int c = Serial.read();
    if (c < 0) break;
    if (c == '\n') {
      if (rx_len_ > 0 && rx_[rx_len_ - 1] == '\r') rx_len_--;
      // Only lines that look like JSON objects are commands; stray bytes from a terminal are ignored.
      ready_ = !discarding_ && rx_len_ > 0 && rx_[0] == '{';
      if (ready_) rx_[rx_len_] = '\0';
      else rx_len_ = 0;
      discarding_ = false;
    } else if (rx_len_ + 1 >= sizeof rx_) {
      rx_len_ = 0;
      discarding_ = true;
    } else if (!discarding_) {
      rx_[rx_len_++] = static_cast<char>(c);
    }
  }
}

size_t SerialLink::receive(char *buf, size_t cap) {
  if (!ready_ || rx_len_ + 1 > cap) return 0;
  memcpy(buf, rx_, rx_len_ + 1);
  const size_t n = rx_len_;
  rx_len_ = 0;
  ready_ = false;
  return n;
}

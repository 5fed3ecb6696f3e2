#pragma once
// A transport the device talks through: USB serial, MQTT, or the virtual device's pty. The outbox decides what to
// send and when; a link only moves whole messages.

#include <stddef.h>

#include "Encoder.h"

namespace twinscope {

class Link {
 public:
  virtual const char *name() const = 0;
  // True while a message handed to send() can reach the host (port open, broker connected).
  virtual bool online() = 0;
  // Takes one whole message (no newline) or nothing: false when it cannot take it now (offline, buffer full).
  // `kind` lets MQTT pick the topic; serial ignores it.
  virtual bool send(MessageKind kind, const char *text, size_t len) = 0;
  // Copies one received command line (without newline, NUL-terminated) into buf; returns its length, 0 if none.
  virtual size_t receive(char *buf, size_t cap) = 0;
  // Moves bytes (flush, read, reconnect) without blocking; called from the main loop.
  virtual void loop() {}

 protected:
  // Links are never deleted through this interface (no heap on the device).
  ~Link() = default;
};

}  // namespace twinscope

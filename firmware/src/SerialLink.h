#pragma once
// NDJSON over the USB serial port (PROTOCOL.md "Framing"). A line is written whole or not at all: when the host is
// not reading, the transmit buffer fills, send() refuses, and the outbox keeps the messages for later (with sup).

#include <stddef.h>

#include "Link.h"

class SerialLink : public twinscope::Link {
 public:
  void begin(unsigned long baud);
  // A plain text line (a device log); dropped when it does not fit right now.
  void write_text(const char *line);

  const char *name() const override { return "serial"; }
  bool online() override;
  bool send(twinscope::MessageKind kind, const char *text, size_t len) override;
  size_t receive(char *buf, size_t cap) override;
  void loop() override;

 private:
  bool write_line(const char *text, size_t len);

  char rx_[1024];
  size_t rx_len_ = 0;
  bool discarding_ = false;  // inside a line longer than the protocol allows
  bool ready_ = false;       // rx_ holds one complete command line
};

#pragma once
// The virtual device's USB serial: NDJSON on a tty (one end of a socat pty pair) or a plain file. Writes never
// block: a line goes into a transmit buffer whole or not at all, and the buffer drains as the reader takes it.
// A simulated outage makes the link offline: nothing is written or read, as with a pulled cable.

#include <stddef.h>
#include <stdint.h>

#include "Link.h"

namespace twinscope {

class PtyLink : public Link {
 public:
  static const size_t TX_BYTES = 64 * 1024;

  // Opens `path` (O_NONBLOCK, raw mode when it is a tty). False with errno set on failure.
  bool open(const char *path);
  void close();

  // Offline while `now_ms` is in [from, to).
  void set_outage(uint64_t from_ms, uint64_t to_ms) { outage_from_ = from_ms, outage_to_ = to_ms; }
  void set_clock(uint64_t now_ms) { now_ms_ = now_ms; }
  bool in_outage() const { return now_ms_ >= outage_from_ && now_ms_ < outage_to_; }

  // A plain text line (a device log). Dropped when offline or when the buffer is full, as a UART would.
  void write_text(const char *line);
  // True when everything written has left the buffer.
  bool drained() const { return tx_len_ == 0; }
  int fd() const { return fd_; }

  const char *name() const override { return "serial"; }
  bool online() override { return fd_ >= 0 && !in_outage(); }
  bool send(MessageKind kind, const char *text, size_t len) override;
  size_t receive(char *buf, size_t cap) override;
  void loop() override;

  uint32_t lines_sent() const { return lines_sent_; }
  uint32_t lines_received() const { return lines_received_; }

 private:
  bool enqueue(const char *text, size_t len);
  void flush();
  void read_input();

  int fd_ = -1;
  bool is_tty_ = false;
  uint64_t now_ms_ = 0;
  uint64_t outage_from_ = UINT64_MAX;
  uint64_t outage_to_ = UINT64_MAX;
  char tx_[TX_BYTES];
  size_t tx_len_ = 0;
  char rx_[2048];
  size_t rx_len_ = 0;
  bool rx_discarding_ = false;  // inside a line longer than the protocol allows
  char ready_[1024];            // one complete command line waiting for receive()
  size_t ready_len_ = 0;
  uint32_t lines_sent_ = 0;
  uint32_t lines_received_ = 0;
};

}  // namespace twinscope

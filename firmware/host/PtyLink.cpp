#include "PtyLink.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

namespace twinscope {

bool PtyLink::open(const char *path) {
  fd_ = ::open(path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CREAT | O_APPEND, 0644);
  if (fd_ < 0) return false;
  is_tty_ = isatty(fd_) != 0;
  if (is_tty_) {
    termios t;
    if (tcgetattr(fd_, &t) == 0) {
      cfmakeraw(&t);  // no echo, no CR/LF translation: bytes in, bytes out
      cfsetispeed(&t, B115200);
      cfsetospeed(&t, B115200);
      tcsetattr(fd_, TCSANOW, &t);
    }
  }
  return true;
}

void PtyLink::close() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

bool PtyLink::enqueue(const char *text, size_t len) {
  if (len + 1 > TX_BYTES - tx_len_) {
    flush();  // make room if the reader has caught up
    if (len + 1 > TX_BYTES - tx_len_) return false;
  }
  memcpy(tx_ + tx_len_, text, len);
  tx_[tx_len_ + len] = '\n';
  tx_len_ += len + 1;
  return true;
}

void PtyLink::write_text(const char *line) {
  if (!online()) return;
  enqueue(line, strlen(line));
  flush();
}

bool PtyLink::send(MessageKind, const char *text, size_t len) {
  if (!online() || !enqueue(text, len)) return false;
  lines_sent_++;
  flush();
  return true;
}

void PtyLink::flush() {
  size_t done = 0;
  while (done < tx_len_) {
    const ssize_t n = ::write(fd_, tx_ + done, tx_len_ - done);
    if (n <= 0) break;  // EAGAIN: the reader is behind; the rest waits for the next loop()
    done += static_cast<size_t>(n);
  }
  memmove(tx_, tx_ + done, tx_len_ - done);
  tx_len_ -= done;
}

void PtyLink::read_input() {
  while (ready_len_ == 0) {
    if (rx_len_ == sizeof rx_) {  // no newline in 2 KiB: not a command; drop it up to the next newline
      rx_len_ = 0;
      rx_discarding_ = true;
    }
    const ssize_t n = ::read(fd_, rx_ + rx_len_, sizeof rx_ - rx_len_);
    if (n > 0) rx_len_ += static_cast<size_t>(n);
    char *nl = static_cast<char *>(memchr(rx_, '\n', rx_len_));
    if (nl == nullptr) {
      if (n <= 0) return;
      continue;
    }
    size_t len = static_cast<size_t>(nl - rx_);
    const size_t used = len + 1;
    if (len > 0 && rx_[len - 1] == '\r') len--;
    // Only lines that look like JSON objects are commands; anything else (a stray newline, a terminal's
    // echo) is ignored, as the host ignores device lines that are not JSON.
    if (!rx_discarding_ && len > 0 && len < sizeof ready_ && rx_[0] == '{') {
      memcpy(ready_, rx_, len);
      ready_[len] = '\0';
      ready_len_ = len;
      lines_received_++;
    }
    rx_discarding_ = false;
    memmove(rx_, rx_ + used, rx_len_ - used);
    rx_len_ -= used;
  }
}

void PtyLink::loop() {
  if (!online()) return;
  flush();
  if (is_tty_) read_input();
}

size_t PtyLink::receive(char *buf, size_t cap) {
  if (ready_len_ == 0 || ready_len_ + 1 > cap) return 0;
  memcpy(buf, ready_, ready_len_ + 1);
  const size_t n = ready_len_;
  ready_len_ = 0;
  return n;
}

}  // namespace twinscope

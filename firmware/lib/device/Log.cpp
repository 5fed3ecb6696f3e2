#include "Log.h"

#include <stdio.h>

namespace twinscope {

namespace {
Board *g_board = nullptr;
}

void log_set_board(Board *board) { g_board = board; }

void log_vprintf(LogLevel level, const char *tag, const char *format, va_list args) {
  if (g_board == nullptr) return;
  static const char LETTERS[] = {'D', 'I', 'W', 'E'};
  char line[192];
  const int head = snprintf(line, sizeof line, "%c (%lu) %s: ", LETTERS[static_cast<int>(level) & 3],
                            static_cast<unsigned long>(g_board->uptime_ms()), tag);
  if (head > 0 && static_cast<size_t>(head) < sizeof line) vsnprintf(line + head, sizeof line - head, format, args);
  // A log line must never look like a message: the host treats lines starting with '{' as JSON.
  for (char *p = line; *p != '\0'; p++) {
    if (*p == '\n' || *p == '\r') *p = ' ';
  }
  g_board->log_line(line);
}

void log_printf(LogLevel level, const char *tag, const char *format, ...) {
  va_list args;
  va_start(args, format);
  log_vprintf(level, tag, format, args);
  va_end(args);
}

}  // namespace twinscope

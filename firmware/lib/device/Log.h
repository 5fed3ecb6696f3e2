#pragma once
// ESP-IDF style console logs ("I (1234) tag: text") through the Board, with a TAG per file. These are text lines
// for people; the protocol's own `log` messages are sent by Device::send_log.

#include <stdarg.h>

#include "Board.h"
#include "Encoder.h"

namespace twinscope {

void log_set_board(Board *board);
void log_printf(LogLevel level, const char *tag, const char *format, ...) __attribute__((format(printf, 3, 4)));
void log_vprintf(LogLevel level, const char *tag, const char *format, va_list args);

}  // namespace twinscope

#define TS_LOGE(tag, ...) ::twinscope::log_printf(::twinscope::LogLevel::Error, tag, __VA_ARGS__)
#define TS_LOGW(tag, ...) ::twinscope::log_printf(::twinscope::LogLevel::Warn, tag, __VA_ARGS__)
#define TS_LOGI(tag, ...) ::twinscope::log_printf(::twinscope::LogLevel::Info, tag, __VA_ARGS__)
#define TS_LOGD(tag, ...) ::twinscope::log_printf(::twinscope::LogLevel::Debug, tag, __VA_ARGS__)

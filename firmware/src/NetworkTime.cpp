#include "NetworkTime.h"

#include <Arduino.h>
#include <esp_sntp.h>
#include <sys/time.h>

static volatile bool g_synced = false;

// Called from the SNTP task: only raise a flag; the main loop does the rest.
static void on_sync(struct timeval *) { g_synced = true; }

void NetworkTime::loop(twinscope::Device &device, bool wifi_up) {
  if (!started_ && wifi_up) {
    sntp_set_time_sync_notification_cb(on_sync);
    configTime(0, 0, server_);  // UTC: `ts` is epoch milliseconds, time zones are the host's business
    started_ = true;
  }
  if (!g_synced) return;
  g_synced = false;
  timeval tv;
  gettimeofday(&tv, nullptr);
  const int64_t epoch_ms = static_cast<int64_t>(tv.tv_sec) * 1000 + tv.tv_usec / 1000;
  device.set_time(epoch_ms, twinscope::EpochClock::Source::Ntp);
}

#pragma once
// NTP through ESP-IDF's SNTP client once Wi-Fi is up. Each successful sync hands the time to the device, which
// then stamps messages with `ts` (a host `time` command over serial does the same without Wi-Fi).

#include "Device.h"

class NetworkTime {
 public:
  explicit NetworkTime(const char *server) : server_(server) {}
  void loop(twinscope::Device &device, bool wifi_up);

 private:
  const char *server_;
  bool started_ = false;
};

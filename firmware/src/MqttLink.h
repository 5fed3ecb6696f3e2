#pragma once
// MQTT over Wi-Fi with ESP-IDF's esp-mqtt client (PROTOCOL.md "MQTT topics"):
//   twinscope/v1/<dev>/status  retained "online", last will "offline"
//   twinscope/v1/<dev>/meta    retained hello
//   twinscope/v1/<dev>/tele|evt|ack  QoS 1, not retained
//   twinscope/v1/<dev>/cmd     subscribed, QoS 1
// esp-mqtt's own outbox only carries QoS 1 messages in flight; buffering while offline is the device's outbox
// (send() refuses while disconnected), which also replays with `sup`. `log` messages have no MQTT topic in the
// protocol and stay on serial.

#include <stddef.h>
#include <stdint.h>

#include <freertos/FreeRTOS.h>
#include <freertos/queue.h>
#include <mqtt_client.h>

#include "Link.h"
#include "Sensors.h"

struct MqttSettings {
  const char *ssid;
  const char *wifi_password;
  const char *uri;  // mqtt://host:1883
  const char *user;
  const char *password;
};

class MqttLink : public twinscope::Link, public twinscope::SignalStrength {
 public:
  // `dev` must stay valid: topics and the client id are built from it.
  bool begin(const char *dev, const MqttSettings &settings);

  const char *name() const override { return "mqtt"; }
  bool online() override { return connected_; }
  bool send(twinscope::MessageKind kind, const char *text, size_t len) override;
  size_t receive(char *buf, size_t cap) override;
  void loop() override;
  bool rssi(float &dbm) const override;
  bool wifi_connected() const { return wifi_up_; }

 private:
  struct Inbound {
    uint16_t len;
    char text[1024];
  };
  static void on_event(void *arg, esp_event_base_t base, int32_t id, void *data);
  void handle(esp_mqtt_event_handle_t event);
  const char *topic(twinscope::MessageKind kind) const;

  esp_mqtt_client_handle_t client_ = nullptr;
  QueueHandle_t inbox_ = nullptr;  // commands from the MQTT task to the main loop
  volatile bool connected_ = false;
  bool started_ = false;
  bool wifi_up_ = false;
  char base_[96] = {0};
  char t_status_[112], t_meta_[112], t_tele_[112], t_evt_[112], t_ack_[112], t_cmd_[112];
};

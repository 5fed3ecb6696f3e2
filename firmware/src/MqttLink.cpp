#include "MqttLink.h"

#include <WiFi.h>
#include <stdio.h>
#include <string.h>

#include "Log.h"

using namespace twinscope;

static const char *const TAG = "mqtt";
static const int QOS = 1;
static const uint64_t ESP_MQTT_OUTBOX_LIMIT = 16 * 1024;  // in-flight QoS 1 messages only; see the header

bool MqttLink::begin(const char *dev, const MqttSettings &settings) {
  snprintf(base_, sizeof base_, "twinscope/v1/%s", dev);
  snprintf(t_status_, sizeof t_status_, "%s/status", base_);
  snprintf(t_meta_, sizeof t_meta_, "%s/meta", base_);
  snprintf(t_tele_, sizeof t_tele_, "%s/tele", base_);
  snprintf(t_evt_, sizeof t_evt_, "%s/evt", base_);
  snprintf(t_ack_, sizeof t_ack_, "%s/ack", base_);
  snprintf(t_cmd_, sizeof t_cmd_, "%s/cmd", base_);
  inbox_ = xQueueCreate(2, sizeof(Inbound));

  esp_mqtt_client_config_t config = {};
  config.broker.address.uri = settings.uri;
  config.credentials.client_id = dev;
  if (settings.user[0] != '\0') config.credentials.username = settings.user;
  if (settings.password[0] != '\0') config.credentials.authentication.password = settings.password;
  config.session.last_will.topic = t_status_;
  config.session.last_will.msg = "offline";
  config.session.last_will.msg_len = 7;
  config.session.last_will.qos = QOS;
  config.session.last_will.retain = 1;
  config.session.keepalive = 15;  // the broker publishes the will within ~1.5 keepalives of a silent drop
  config.network.reconnect_timeout_ms = 5000;
  config.buffer.size = 1536;  // a 1 KiB message plus topic and header in one piece
  config.outbox.limit = ESP_MQTT_OUTBOX_LIMIT;
  client_ = esp_mqtt_client_init(&config);
  if (client_ == nullptr || inbox_ == nullptr) {
    TS_LOGE(TAG, "client init failed");
    return false;
  }
  esp_mqtt_client_register_event(client_, MQTT_EVENT_ANY, on_event, this);

  WiFi.mode(WIFI_STA);
  WiFi.setAutoReconnect(true);
  WiFi.begin(settings.ssid, settings.wifi_password);
  TS_LOGI(TAG, "Wi-Fi: joining '%s'; broker %s; topics %s/...", settings.ssid, settings.uri, base_);
  return true;
}

void MqttLink::loop() {
  const bool up = WiFi.status() == WL_CONNECTED;
  if (up != wifi_up_) {
    wifi_up_ = up;
    if (up) TS_LOGI(TAG, "Wi-Fi up: %s, %d dBm", WiFi.localIP().toString().c_str(), static_cast<int>(WiFi.RSSI()));
    else TS_LOGW(TAG, "Wi-Fi down");
  }
  // esp-mqtt reconnects by itself once started; start it when there is an IP address to connect from.
  if (up && !started_ && client_ != nullptr) started_ = esp_mqtt_client_start(client_) == ESP_OK;
}

void MqttLink::on_event(void *arg, esp_event_base_t, int32_t, void *data) {
  static_cast<MqttLink *>(arg)->handle(static_cast<esp_mqtt_event_handle_t>(data));
}

// Runs in the esp-mqtt task: touches only the connected flag and the queue.
void MqttLink::handle(esp_mqtt_event_handle_t event) {
  switch (event->event_id) {
    case MQTT_EVENT_CONNECTED:
      esp_mqtt_client_enqueue(client_, t_status_, "online", 6, QOS, 1, true);
      esp_mqtt_client_subscribe_single(client_, t_cmd_, QOS);
      connected_ = true;
      break;
    case MQTT_EVENT_DISCONNECTED:
      connected_ = false;
      break;
    case MQTT_EVENT_DATA: {
      // Commands are small: one unfragmented payload that fits a protocol line, on our cmd topic.
      const bool ours = event->topic_len == static_cast<int>(strlen(t_cmd_)) &&
                        memcmp(event->topic, t_cmd_, event->topic_len) == 0;
      if (!ours || event->current_data_offset != 0 || event->data_len != event->total_data_len) break;
      Inbound in;
      if (event->data_len <= 0 || event->data_len >= static_cast<int>(sizeof in.text)) break;
      in.len = static_cast<uint16_t>(event->data_len);
      memcpy(in.text, event->data, in.len);
      in.text[in.len] = '\0';
      xQueueSend(inbox_, &in, 0);  // full: dropped, and the host gets no ack, so it can retry
      break;
    }
    default:
      break;
  }
}

const char *MqttLink::topic(MessageKind kind) const {
  switch (kind) {
    case MessageKind::Hello: return t_meta_;
    case MessageKind::Tele: return t_tele_;
    case MessageKind::Evt: return t_evt_;
    case MessageKind::Ack: return t_ack_;
    case MessageKind::Log: return nullptr;
  }
  return nullptr;
}

bool MqttLink::send(MessageKind kind, const char *text, size_t len) {
  if (!connected_) return false;
  const char *t = topic(kind);
  if (t == nullptr) return true;  // not carried on MQTT: nothing to wait for
  const int retain = kind == MessageKind::Hello ? 1 : 0;
  // enqueue, not publish: the MQTT task sends it, so the main loop never waits on the network.
  return esp_mqtt_client_enqueue(client_, t, text, static_cast<int>(len), QOS, retain, true) >= 0;
}

size_t MqttLink::receive(char *buf, size_t cap) {
  static Inbound in;  // 1 KiB: not on the loop task's stack
  if (inbox_ == nullptr || xQueueReceive(inbox_, &in, 0) != pdTRUE || in.len + 1u > cap) return 0;
  memcpy(buf, in.text, in.len + 1u);
  return in.len;
}

bool MqttLink::rssi(float &dbm) const {
  if (!wifi_up_) return false;
  dbm = static_cast<float>(WiFi.RSSI());
  return true;
}

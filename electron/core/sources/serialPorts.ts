/** Lists serial ports and marks the ones that look like ESP32 boards, by their USB vendor and product ids. */
import { SerialPort } from 'serialport';

/** USB VID:PID (lower case) of ESP32 native USB and the USB-serial bridges ESP32 dev boards carry. */
export const ESP32_USB_IDS: Readonly<Record<string, string>> = {
  '303a:1001': 'Espressif native USB (ESP32-C3/C6/S3)',
  '10c4:ea60': 'Silicon Labs CP210x',
  '1a86:7523': 'WCH CH340',
  '1a86:55d4': 'WCH CH9102',
  '0403:6001': 'FTDI FT232R',
  '0403:6015': 'FTDI FT231X',
};

export interface PortInfo {
  path: string;
  manufacturer?: string;
  serialNumber?: string;
  vid?: string;
  pid?: string;
  /** The bridge or chip when the ids match a known ESP32 board, else undefined. */
  esp32?: string;
}

export function recogniseEsp32(vid: string | undefined, pid: string | undefined): string | undefined {
  if (!vid || !pid) return undefined;
  return ESP32_USB_IDS[`${vid.toLowerCase()}:${pid.toLowerCase()}`];
}

export type PortList = { ok: true; ports: PortInfo[] } | { ok: false; error: string; tip: string };

export async function listPorts(): Promise<PortList> {
  try {
    const ports = await SerialPort.list();
    return {
      ok: true,
      ports: ports.map((p) => {
        const info: PortInfo = { path: p.path };
        if (p.manufacturer) info.manufacturer = p.manufacturer;
        if (p.serialNumber) info.serialNumber = p.serialNumber;
        if (p.vendorId) info.vid = p.vendorId.toLowerCase();
        if (p.productId) info.pid = p.productId.toLowerCase();
        const esp32 = recogniseEsp32(p.vendorId, p.productId);
        if (esp32) info.esp32 = esp32;
        return info;
      }),
    };
  } catch (e) {
    return {
      ok: false,
      error: `cannot list serial ports: ${(e as Error).message}`,
      tip: 'On Linux, listing needs udevadm (Debian/Ubuntu package "udev"); you can still pass --serial /dev/ttyACM0.',
    };
  }
}

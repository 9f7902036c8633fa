export type Platform = 'android' | 'ios' | 'web';

export interface Device {
  deviceId: string;
  platform: Platform;
  pushToken: string;
  updatedAt: Date;
}

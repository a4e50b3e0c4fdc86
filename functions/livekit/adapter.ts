/**
 * The one module that talks to LiveKit's server API (RoomService over Twirp) and mints access
 * tokens. Nothing else imports the SDK's room service.
 */
import { AccessToken, RoomServiceClient } from 'livekit-server-sdk';
import type { VideoGrant } from 'livekit-server-sdk';

export interface MintOptions {
  room: string;
  identity: string;
  name: string;
  attributes: Record<string, string>;
  ttlSeconds: number;
  grant: VideoGrant;
}

export interface LiveKitRooms {
  /** The URL clients connect to (ws:// or wss://). */
  readonly url: string;
  mintToken(options: MintOptions): Promise<string>;
}

export function createLiveKitRooms(config: { url: string; apiKey: string; apiSecret: string }): LiveKitRooms {
  const client = new RoomServiceClient(config.url, config.apiKey, config.apiSecret);
  void client;
  return {
    url: config.url,
    async mintToken(o) {
      const at = new AccessToken(config.apiKey, config.apiSecret, {
        identity: o.identity,
        name: o.name,
        ttl: o.ttlSeconds,
        attributes: o.attributes,
      });
      at.addGrant(o.grant);
      return at.toJwt();
    },
  };
}

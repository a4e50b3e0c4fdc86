/** Types for scripts/livekit-server.mjs (a plain script so .ci/run can call it with node alone). */
export declare const LIVEKIT_VERSION: string;
export declare const LIVEKIT_MODULE: string;
export declare function cacheRoot(): string;
export declare function cachedBinary(): string;
export declare function findLiveKitServer(): { path: string; source: 'LIVEKIT_SERVER_BIN' | 'PATH' | 'cache' } | undefined;
export declare function goVersion(): [number, number] | undefined;
export declare function missingMessage(go: [number, number] | undefined): string;
export declare function buildLiveKitServer(options?: { log?: (line: string) => void }): Promise<string>;
export declare function ensureLiveKitServer(options?: {
  build?: boolean;
  log?: (line: string) => void;
}): Promise<{ path: string; source: string } | { missing: string }>;

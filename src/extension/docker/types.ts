// Domain types for Engine objects, in camelCase, mapped once from the Engine's JSON.

/** A container as the trees show it. */
export interface ContainerSummary {
  id: string;
  name: string;
  image: string;
  state: string;
  status: string;
  created: number;
  labels: Record<string, string>;
  ports: { privatePort: number; publicPort?: number; type: string; ip?: string }[];
}

/** An image as the trees show it. */
export interface ImageSummary {
  id: string;
  repoTags: string[];
  repoDigests: string[];
  size: number;
  created: number;
  labels: Record<string, string>;
}

/** A volume as the trees show it. */
export interface VolumeSummary {
  name: string;
  driver: string;
  mountpoint: string;
  labels: Record<string, string>;
}

/** A network as the trees show it. */
export interface NetworkSummary {
  id: string;
  name: string;
  driver: string;
  scope: string;
  internal: boolean;
  labels: Record<string, string>;
}

/** What `/version` says about the daemon. */
export interface DaemonVersion {
  version: string;
  apiVersion: string;
  os: string;
  arch: string;
}

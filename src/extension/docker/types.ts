// Domain types for Engine objects, in camelCase, mapped once from the Engine's JSON.

/** A container's health check verdict; `none` when the image or container defines no check. */
export type ContainerHealth = 'starting' | 'healthy' | 'unhealthy' | 'none';

/** One network a container is attached to, with its addresses there (empty until it runs). */
export interface ContainerNetwork {
  /** The network's name as the container's settings key it. */
  name: string;
  /** Empty for a container that has never started on the network. */
  networkId: string;
  ipv4?: string;
  ipv4PrefixLength?: number;
  ipv6?: string;
  macAddress?: string;
}

/** A mount of a container: a volume, a bind mount or a tmpfs. */
export interface ContainerMount {
  type: string;
  /** The volume's name, for volume mounts. */
  name?: string;
  source: string;
  destination: string;
  readOnly: boolean;
}

/** A container as the trees show it. Compose project and service stay in `labels`. */
export interface ContainerSummary {
  id: string;
  name: string;
  image: string;
  imageId: string;
  command: string;
  state: string;
  status: string;
  health: ContainerHealth;
  created: number;
  labels: Record<string, string>;
  ports: { privatePort: number; publicPort?: number; type: string; ip?: string }[];
  networks: ContainerNetwork[];
  mounts: ContainerMount[];
}

/** An image as the trees show it. */
export interface ImageSummary {
  id: string;
  repoTags: string[];
  repoDigests: string[];
  /** No tags: left behind by a rebuild or a pull of a newer version. */
  dangling: boolean;
  /** How many containers use the image, when the Engine counted them (it lists -1 otherwise). */
  containers?: number;
  size: number;
  created: number;
  labels: Record<string, string>;
}

/** A volume as the trees show it. Its size and users come separately: see VolumeUsage. */
export interface VolumeSummary {
  name: string;
  driver: string;
  mountpoint: string;
  scope: string;
  /** RFC 3339 time, when the driver reports one. */
  createdAt?: string;
  labels: Record<string, string>;
}

/** A volume's disk usage from `/system/df`, which is slow on big hosts, so loaded on demand. */
export interface VolumeUsage {
  /** Bytes, or -1 when the driver cannot tell. */
  size: number;
  /** Containers that mount the volume, or -1 when unknown. */
  refCount: number;
}

/** A network as the trees show it. Attached containers are read from their own networks. */
export interface NetworkSummary {
  id: string;
  name: string;
  driver: string;
  scope: string;
  internal: boolean;
  attachable: boolean;
  enableIPv6: boolean;
  /** The IPAM subnets (`172.18.0.0/16`, `fd00::/64`). */
  subnets: string[];
  /** RFC 3339 time. */
  created: string;
  labels: Record<string, string>;
}

/** What `/version` says about the daemon. */
export interface DaemonVersion {
  version: string;
  apiVersion: string;
  os: string;
  arch: string;
}

// Stable tree node ids, so expansion and selection survive every refresh.

/** The kinds of node the explorer trees show. */
export type NodeKind =
  | 'daemon'
  | 'group'
  | 'container'
  | 'repository'
  | 'image'
  | 'volume'
  | 'network'
  | 'endpoint'
  | 'message'
  | 'swarmGroup'
  | 'swarmNode'
  | 'service'
  | 'task'
  | 'stack'
  | 'secret'
  | 'config'
  | 'composeProject'
  | 'composeProfile'
  | 'composeService'
  | 'files'
  | 'path';

/** `<kind>:<daemonId>:<objectId>`, the id of one node of one daemon. */
export function nodeId(kind: NodeKind, daemonId: string, objectId: string): string {
  return `${kind}:${daemonId}:${objectId}`;
}

// What the swarm's objects add up to: replicas running against replicas wanted, whether a
// service's tasks have settled, and stacks by their namespace label. Pure, for the trees and the
// refresh manager alike.
import type { SwarmService, SwarmTask } from './swarmTypes';

/** The label `docker stack deploy` puts on everything of a stack. */
export const stackLabel = 'com.docker.stack.namespace';

/** Task states after which a task never runs again. */
const finalStates = new Set(['complete', 'shutdown', 'failed', 'rejected', 'orphaned', 'remove']);

/** Whether a task has reached a state it will not leave. */
export function isFinal(state: string): boolean {
  return finalStates.has(state);
}

/** Replicas of a service: how many tasks run and how many should. */
export interface ReplicaCount {
  running: number;
  desired: number;
}

/** The tasks of each service, by service id. */
export function tasksByService(tasks: Iterable<SwarmTask>): Map<string, SwarmTask[]> {
  const out = new Map<string, SwarmTask[]>();
  for (const task of tasks) {
    const list = out.get(task.serviceId);
    if (list === undefined) {
      out.set(task.serviceId, [task]);
    } else {
      list.push(task);
    }
  }
  return out;
}

/**
 * Running tasks (running and meant to run) against the replicas asked for; a global service
 * wants one task per node the orchestrator chose, i.e. its tasks whose desired state is running.
 */
export function replicaCount(service: SwarmService, tasks: readonly SwarmTask[]): ReplicaCount {
  const mine = tasks.filter((t) => t.serviceId === service.id);
  const running = mine.filter((t) => t.state === 'running' && t.desiredState === 'running').length;
  if (service.mode === 'replicated') {
    return { running, desired: service.replicas ?? 0 };
  }
  if (service.mode === 'replicated-job') {
    return { running, desired: service.replicas ?? 0 };
  }
  return { running, desired: mine.filter((t) => t.desiredState === 'running').length };
}

/**
 * The services whose tasks have settled: as many meant to run as asked for, each of those
 * running (or done, for a job), and every task meant to stop already stopped.
 */
export function servicesSettled(
  services: ReadonlyMap<string, SwarmService>,
  tasks: ReadonlyMap<string, SwarmTask>,
): Set<string> {
  const byService = tasksByService(tasks.values());
  const settled = new Set<string>();
  for (const service of services.values()) {
    const mine = byService.get(service.id) ?? [];
    const meant = mine.filter((t) => t.desiredState === 'running' || t.desiredState === 'complete');
    const job = service.mode.endsWith('-job');
    const enough = service.mode !== 'replicated' || meant.length >= (service.replicas ?? 0);
    const arrived = meant.every((t) =>
      job ? t.state === 'complete' || t.state === 'running' : t.state === 'running',
    );
    const stopped = mine.every((t) => meant.includes(t) || isFinal(t.state));
    const updating = service.updateState === 'updating' || service.updateState === 'rollback_started';
    if (enough && arrived && stopped && !updating) {
      settled.add(service.id);
    }
  }
  return settled;
}

/** The stack a labelled object belongs to, or undefined. */
export function stackOf(labels: Record<string, string>): string | undefined {
  const name = labels[stackLabel];
  return name === undefined || name === '' ? undefined : name;
}

/** Services grouped by stack, stacks by name; services outside any stack are left out. */
export function stacks(services: Iterable<SwarmService>): Map<string, SwarmService[]> {
  const out = new Map<string, SwarmService[]>();
  for (const service of services) {
    const stack = stackOf(service.labels);
    if (stack !== undefined) {
      out.set(stack, [...(out.get(stack) ?? []), service]);
    }
  }
  return new Map([...out.entries()].sort(([a], [b]) => a.localeCompare(b)));
}

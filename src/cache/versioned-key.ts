/**
 * The key a value is stored under outside the process: `<namespace>:v<version>:<key>`. Bumping
 * the version when the value's shape or its codec changes means a process never reads bytes
 * written in an older layout, and old and new processes can share one store during a rollout.
 */
const NAMESPACE = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const VERSION = /^[A-Za-z0-9._-]+$/;

export function versionedKey(namespace: string, version: string, key: string): string {
  return `${namespace}:v${version}:${key}`;
}

/** Whether `namespace` is usable in a versioned key (and as a channel name): no ':' or spaces. */
export function isNamespace(namespace: string): boolean {
  return NAMESPACE.test(namespace);
}

export function isVersion(version: string): boolean {
  return VERSION.test(version);
}

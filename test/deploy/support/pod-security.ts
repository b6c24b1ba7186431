import type { KubeObject } from './rendered-manifests';

/**
 * The "restricted" Pod Security Standard (Kubernetes 1.35, which includes every "baseline" control), as
 * kubernetes.io/docs/concepts/security/pod-security-standards lists it, checked on a pod spec the way the
 * PodSecurity admission controller reads it: container-level settings override the pod's, and init and
 * ephemeral containers count like the others.
 */

type Json = Record<string, unknown>;

interface SecurityContext {
  privileged?: boolean;
  allowPrivilegeEscalation?: boolean;
  runAsNonRoot?: boolean;
  runAsUser?: number;
  procMount?: string;
  capabilities?: { add?: string[]; drop?: string[] };
  seccompProfile?: { type?: string };
  appArmorProfile?: { type?: string };
  seLinuxOptions?: { type?: string; user?: string; role?: string };
  windowsOptions?: { hostProcess?: boolean };
  sysctls?: { name: string }[];
}

interface Container {
  name: string;
  securityContext?: SecurityContext;
  ports?: { hostPort?: number }[];
}

export interface PodSpec {
  hostNetwork?: boolean;
  hostPID?: boolean;
  hostIPC?: boolean;
  securityContext?: SecurityContext;
  containers: Container[];
  initContainers?: Container[];
  ephemeralContainers?: Container[];
  volumes?: Json[];
}

const BASELINE_CAPABILITIES = new Set([
  'AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'SETFCAP', 'SETGID',
  'SETPCAP', 'SETUID', 'SYS_CHROOT',
]);
const SAFE_SYSCTLS = new Set([
  'kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.ip_unprivileged_port_start', 'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range', 'net.ipv4.ip_local_reserved_ports', 'net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes',
]);
const SELINUX_TYPES = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t']);
const RESTRICTED_VOLUME_TYPES = new Set(['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret']);

/** Every violation of the restricted standard, each naming the field; empty when the pod is admitted. */
export function restrictedViolations(spec: PodSpec, annotations: Record<string, string> = {}): string[] {
  const problems: string[] = [];
  const pod = spec.securityContext ?? {};
  const containers = [...spec.containers, ...(spec.initContainers ?? []), ...(spec.ephemeralContainers ?? [])];

  // baseline
  for (const field of ['hostNetwork', 'hostPID', 'hostIPC'] as const) if (spec[field]) problems.push(`spec.${field} must not be true`);
  if (pod.windowsOptions?.hostProcess) problems.push('securityContext.windowsOptions.hostProcess must not be true');
  for (const sysctl of pod.sysctls ?? []) if (!SAFE_SYSCTLS.has(sysctl.name)) problems.push(`securityContext.sysctls: ${sysctl.name} is not a safe sysctl`);
  checkSeLinux(pod, 'securityContext', problems);
  checkAppArmor(pod, 'securityContext', problems);
  for (const [key, value] of Object.entries(annotations)) {
    if (key.startsWith('container.apparmor.security.beta.kubernetes.io/') && value !== 'runtime/default' && !value.startsWith('localhost/')) {
      problems.push(`annotation ${key}: ${value} is not allowed`);
    }
  }
  for (const volume of spec.volumes ?? []) {
    const types = Object.keys(volume).filter((key) => key !== 'name');
    for (const type of types) if (!RESTRICTED_VOLUME_TYPES.has(type)) problems.push(`volume ${String(volume.name)}: type ${type} is not allowed`);
  }

  // restricted, pod level
  if (pod.runAsUser === 0) problems.push('securityContext.runAsUser must not be 0');
  const podSeccomp = pod.seccompProfile?.type;
  if (podSeccomp !== undefined && podSeccomp !== 'RuntimeDefault' && podSeccomp !== 'Localhost') {
    problems.push(`securityContext.seccompProfile.type must be RuntimeDefault or Localhost, got ${podSeccomp}`);
  }

  for (const container of containers) {
    const where = `container ${container.name}`;
    const context = container.securityContext ?? {};
    if (context.privileged) problems.push(`${where}: privileged must not be true`);
    if (context.windowsOptions?.hostProcess) problems.push(`${where}: windowsOptions.hostProcess must not be true`);
    if (context.procMount !== undefined && context.procMount !== 'Default') problems.push(`${where}: procMount must be Default`);
    checkSeLinux(context, where, problems);
    checkAppArmor(context, where, problems);
    for (const port of container.ports ?? []) if (port.hostPort) problems.push(`${where}: hostPort ${port.hostPort} is not allowed`);

    if (context.allowPrivilegeEscalation !== false) problems.push(`${where}: securityContext.allowPrivilegeEscalation must be false`);
    const runAsNonRoot = context.runAsNonRoot ?? pod.runAsNonRoot;
    if (runAsNonRoot !== true) problems.push(`${where}: runAsNonRoot must be true (on the container or the pod)`);
    if (context.runAsUser === 0) problems.push(`${where}: runAsUser must not be 0`);
    const seccomp = context.seccompProfile?.type ?? podSeccomp;
    if (seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost') {
      problems.push(`${where}: seccompProfile.type must be RuntimeDefault or Localhost (on the container or the pod), got ${seccomp ?? 'none'}`);
    }
    const drop = context.capabilities?.drop ?? [];
    if (!drop.includes('ALL')) problems.push(`${where}: capabilities.drop must include ALL`);
    for (const capability of context.capabilities?.add ?? []) {
      if (capability !== 'NET_BIND_SERVICE') problems.push(`${where}: capabilities.add may only hold NET_BIND_SERVICE, got ${capability}`);
      if (!BASELINE_CAPABILITIES.has(capability)) problems.push(`${where}: capability ${capability} is not allowed even by baseline`);
    }
  }
  return problems;
}

function checkSeLinux(context: SecurityContext, where: string, problems: string[]): void {
  const options = context.seLinuxOptions;
  if (!options) return;
  if (options.type !== undefined && !SELINUX_TYPES.has(options.type)) problems.push(`${where}: seLinuxOptions.type ${options.type} is not allowed`);
  if (options.user) problems.push(`${where}: seLinuxOptions.user must not be set`);
  if (options.role) problems.push(`${where}: seLinuxOptions.role must not be set`);
}

function checkAppArmor(context: SecurityContext, where: string, problems: string[]): void {
  const type = context.appArmorProfile?.type;
  if (type !== undefined && type !== 'RuntimeDefault' && type !== 'Localhost') problems.push(`${where}: appArmorProfile.type ${type} is not allowed`);
}

/** The pod template of a workload (Deployment, StatefulSet…) or a bare Pod's spec, with its annotations. */
export function podOf(object: KubeObject): { spec: PodSpec; annotations: Record<string, string> } | undefined {
  if (object.kind === 'Pod') return { spec: object.spec as PodSpec, annotations: object.metadata.annotations ?? {} };
  const template = (object.spec as { template?: { metadata?: { annotations?: Record<string, string> }; spec: PodSpec } } | undefined)?.template;
  if (!template) return undefined;
  return { spec: template.spec, annotations: template.metadata?.annotations ?? {} };
}

/** Restricted-standard violations of every pod (bare or templated) among the objects, prefixed by their owner. */
export function restrictedViolationsOf(objects: KubeObject[]): string[] {
  return objects.flatMap((object) => {
    const pod = podOf(object);
    if (!pod) return [];
    return restrictedViolations(pod.spec, pod.annotations).map((problem) => `${object.kind}/${object.metadata.name}: ${problem}`);
  });
}

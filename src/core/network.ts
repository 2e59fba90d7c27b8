/**
 * The network a project's resources share, whatever service they belong to: VPC, subnet,
 * the owning user and the region's availability zones. Drawn from the scenario's seed and
 * the project id, so two runs with one seed answer byte for byte the same.
 */
import { Random } from './random.js';

export interface ProjectNetwork {
  readonly region: string;
  readonly vpcId: string;
  readonly vpcName: string;
  readonly subnetId: string;
  readonly subnetName: string;
  /** Third octet of the project's 192.168.x.0/24 subnet. */
  readonly subnetOctet: number;
  readonly userId: string;
  readonly userName: string;
  readonly azCodes: readonly string[];
}

const azIds = new Map<string, string>();

/** AZ ids are fixed per region in the cloud: derived from the code only (and remembered). */
export function azId(code: string): string {
  let id = azIds.get(code);
  if (id === undefined) {
    id = new Random(`az:${code}`).hex(32);
    if (azIds.size < 1000) azIds.set(code, id);
  }
  return id;
}

export function projectNetwork(seed: string | number, projectId: string, region: string): ProjectNetwork {
  const rng = Random.for(seed, 'network', projectId);
  return {
    region,
    vpcId: rng.uuid(),
    vpcName: `vpc-${rng.hex(4)}`,
    subnetId: rng.uuid(),
    subnetName: `subnet-${rng.hex(4)}`,
    subnetOctet: rng.int(1, 250),
    userId: rng.hex(32),
    userName: `user_${rng.hex(6)}`,
    azCodes: [`${region}a`, `${region}b`, `${region}c`],
  };
}

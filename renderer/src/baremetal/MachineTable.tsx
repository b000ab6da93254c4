import type { MethodOutput } from '../../../engine/api/contract';

type Machine = MethodOutput<'getBareMetalOverview'>['machines'][number];

/** The registered machines: hardware, location, BMC, and the node holding each (or free). */
export function MachineTable({ machines }: { machines: readonly Machine[] }) {
  return (
    <table className="data-table" data-testid="baremetal-machines">
      <thead>
        <tr>
          <th scope="col">Machine</th>
          <th scope="col">Provider</th>
          <th scope="col">Location</th>
          <th scope="col">Cores</th>
          <th scope="col">Memory</th>
          <th scope="col">Disk</th>
          <th scope="col">NICs</th>
          <th scope="col">BMC</th>
          <th scope="col">State</th>
        </tr>
      </thead>
      <tbody>
        {machines.map((machine) => (
          <tr key={machine.id} data-testid={`machine-${machine.id}`} data-reserved={machine.reservation ? 'true' : 'false'}>
            <td className="mono">{machine.id}</td>
            <td>{machine.provider}</td>
            <td>{machine.location ?? '—'}</td>
            <td>{machine.cpuCores}</td>
            <td>{machine.memoryGb} GB</td>
            <td>{machine.diskGb} GB</td>
            <td>{machine.nics.map((nic) => nic.name).join(', ') || '—'}</td>
            <td className="mono">{machine.bmc.address}</td>
            <td data-testid={`machine-state-${machine.id}`}>{machine.reservation ? `Reserved by ${machine.reservation.node}` : 'Free'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

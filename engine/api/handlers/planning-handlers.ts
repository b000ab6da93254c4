import { NimbusError } from '../../errors.js';
import { resolveTopology } from '../../planning/resolve-topology.js';
import { validateTopology } from '../../planning/validate-topology.js';
import type { Services } from '../../services.js';
import type { StorePort } from '../../store/ports/store-port.js';
import { formatTopologyFile, parseTopologyFile, parseTopologyFileWithLines, TopologyFileError } from '../../topology/topology-file.js';
import { resolutionEnvironmentOf } from '../../landing-zones/bootstrap/environment-status.js';
import type { Handlers } from '../dispatcher.js';

type PlanningHandlers = Pick<Handlers, 'validateTopologyFile' | 'importTopologyFile' | 'exportTopology' | 'planTopology'>;

/** API methods for topology files, validation and the resolution preview. */
export function planningHandlers(services: Services, store: StorePort): PlanningHandlers {
  return {
    validateTopologyFile: async ({ text, source }) => {
      try {
        const { file, lineOf } = parseTopologyFileWithLines(text, source);
        const { issues } = validateTopology(file.document, (await services.catalog(file.document)).lookup);
        // Semantic issues (wires, inputs, types) point at their line as syntax errors do.
        const located = issues.map((issue) => {
          const line = lineOf(issue.path);
          return line !== undefined ? { ...issue, line } : issue;
        });
        return { valid: issues.length === 0, name: file.name, issues: located };
      } catch (error) {
        if (!(error instanceof TopologyFileError)) throw error;
        return { valid: false, name: null, issues: error.details.issues as { path: string; message: string; line?: number }[] };
      }
    },
    importTopologyFile: ({ text, source }) => {
      const file = parseTopologyFile(text, source);
      return store.topologies.create(file.name, file.document);
    },
    exportTopology: async ({ id, format }) => {
      const topology = await store.topologies.get(id);
      const base =
        topology.name
          .toLowerCase()
          .replace(/[^a-z0-9]+/g, '-')
          .replace(/^-|-$/g, '') || 'topology';
      return { text: formatTopologyFile({ name: topology.name, document: topology.document }, format), fileName: `${base}.${format}` };
    },
    planTopology: async ({ id, document, environment }) => {
      const doc = document ?? (id ? (await store.topologies.get(id)).document : undefined);
      if (!doc) throw new NimbusError('invalid_input', 'Give the topology to plan: its id or a document', {});
      const env = await services.landingZones.getEnvironment(environment);
      return resolveTopology({
        document: doc,
        environment: await resolutionEnvironmentOf(store, env),
        components: (await services.catalog(doc)).lookup,
        resolvers: services.resolvers(),
        mode: 'preview',
        rehearse: (work) => store.rehearse(work),
        governance: { tenant: services.viewer.tenant, policy: await services.governance.get(services.viewer.tenant) },
      });
    },
  };
}

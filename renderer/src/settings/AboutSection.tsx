import type { SystemInfo } from '../../../engine/api/contract';
import { describeBackend } from '../app/describe-backend';

export function AboutSection({ info }: { info: SystemInfo | null }) {
  return (
    <section className="card" aria-labelledby="about-title">
      <h2 id="about-title" className="card__title">
        About
      </h2>
      {info === null ? (
        <p className="card__text">Waiting for the engine…</p>
      ) : (
        <dl className="facts">
          <dt>Version</dt>
          <dd>{info.version}</dd>
          <dt>Backend</dt>
          <dd className="mono">{describeBackend(info.backend)}</dd>
          <dt>Data schema</dt>
          <dd>v{info.schemaVersion}</dd>
          <dt>Platform</dt>
          <dd>{info.platform}</dd>
        </dl>
      )}
    </section>
  );
}
